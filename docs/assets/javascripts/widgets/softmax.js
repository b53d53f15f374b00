// Softmax and temperature (softmax page): the reader edits K = 2..6 scores and a temperature τ
// (T in the code); bars show softmax(z / τ), the text below states the probabilities, the smooth
// maximum τ logsumexp(z / τ) and the entropy. Outputs, with every digit, in data- attributes of the
// placeholder: data-z, data-t, data-y, data-log-y, data-smooth-max, data-entropy.
(() => {
  "use strict";
  const w = window.multiclassWidgets;
  const LOG_T = { min: -3, max: 3 }; // the slider's range of log10 T; the field takes any T >= 0

  w.register("softmax", (root, data) => {
    let z = data.scores.slice();
    let T = data.temperature;
    const say = w.announcer(root);

    const scores = w.scoreEditor({ scores: z, onChange: (next) => { z = next; update(); } });
    const temperature = w.sliderRow({
      label: "τ", value: T, min: LOG_T.min, max: LOG_T.max, step: 0.01,
      fieldMin: 0, what: "a number, 0 or more", hint: "temperature, exact value, 0 or more",
      note: "The slider goes from 0.001 to 1000 on a log scale; the field takes any τ ≥ 0 (0 is the argmax limit).",
      toSlider: (t) => (t > 0 ? Math.min(LOG_T.max, Math.max(LOG_T.min, Math.log10(t))) : LOG_T.min),
      fromSlider: (v) => Number((10 ** v).toPrecision(3)),
      onInput: (t) => { T = t; update(); },
    });
    const controls = w.h("div", { class: "mc-controls" }, scores.element,
      w.h("fieldset", { class: "mc-fieldset" }, w.h("legend", { text: "Temperature" }), temperature.row));

    const chart = w.chart(400, 230, "Bars of softmax(z / τ), one per class; the values are in the caption below.");
    const caption = w.h("figcaption", { class: "mc-caption" });
    const readout = w.h("ul", { class: "mc-readout" });
    root.append(controls, w.h("figure", { class: "mc-figure" }, chart, caption), readout);

    const box = { left: 40, right: 10, top: 24, bottom: 46 };
    const plotH = 230 - box.top - box.bottom;
    const yOf = (p) => box.top + (1 - p) * plotH;

    function draw(y) {
      const K = y.length;
      const slot = (400 - box.left - box.right) / K;
      const parts = [
        w.s("line", { x1: box.left, x2: box.left, y1: yOf(1), y2: yOf(0), class: "mc-axis" }),
        w.s("line", { x1: box.left, x2: 400 - box.right, y1: yOf(0), y2: yOf(0), class: "mc-axis" }),
      ];
      for (const p of [0, 0.5, 1]) {
        parts.push(w.s("text", { x: box.left - 6, y: yOf(p) + 4, class: "mc-tick", "text-anchor": "end", text: String(p) }));
      }
      parts.push(
        w.s("line", { x1: box.left, x2: 400 - box.right, y1: yOf(1 / K), y2: yOf(1 / K), class: "mc-guide" }),
        w.s("text", { x: 400 - box.right, y: yOf(1 / K) - 4, class: "mc-tick", "text-anchor": "end", text: "1/K" }),
      );
      y.forEach((p, k) => {
        const width = slot * 0.58;
        const x = box.left + slot * k + (slot - width) / 2;
        const centre = x + width / 2;
        parts.push(
          w.s("rect", { x, width, y: yOf(p), height: Math.max(0, yOf(0) - yOf(p)), fill: w.colour(data, k) }),
          w.s("text", { x: centre, y: yOf(p) - 6, "text-anchor": "middle", class: "mc-value", text: w.fmt(p, 3) }),
          w.s("text", { x: centre, y: yOf(0) + 18, "text-anchor": "middle", class: "mc-tick", text: `class ${k + 1}` }),
          w.s("text", { x: centre, y: yOf(0) + 36, "text-anchor": "middle", class: "mc-tick", text: `z = ${w.fmt(z[k], 4, true)}` }),
        );
      });
      chart.replaceChildren(...parts);
    }

    function update() {
      const parts = w.softmaxParts(z, T);
      const K = z.length;
      const smoothMax = parts.a + T * parts.log1pS;
      const h = w.entropy(parts);
      draw(parts.y);
      const list = parts.y.map((p, k) => `class ${k + 1}: ${w.fmt(p)}`).join(", ");
      caption.textContent = `softmax(z / τ) at τ = ${w.fmt(T, 4, true)}: ${list}.`;
      readout.replaceChildren(
        w.h("li", { text: `smooth maximum τ · logsumexp(z / τ) = ${w.fmt(smoothMax)}, between max z = ${w.fmt(parts.a, 4, true)} and max z + τ log K = ${w.fmt(parts.a + T * Math.log(K))}` }),
        w.h("li", { text: `entropy of y = ${w.fmt(h)} nats, between 0 (one certain class) and log K = ${w.fmt(Math.log(K))} (all equal)` }),
      );
      Object.assign(root.dataset, {
        z: w.digits(z), t: String(T), y: w.digits(parts.y), logY: w.digits(parts.logY),
        smoothMax: String(smoothMax), entropy: String(h),
      });
      say(`${caption.textContent} Entropy ${w.fmt(h)} nats.`);
    }
    update();
  });
})();
