// Cross-entropy and its gradient (cross-entropy page): the reader edits the scores and picks the
// true class j; the widget places E = logsumexp(z) - z_j in the band
// z_m - z_j <= E <= z_m - z_j + log K and draws the gradient y - t as one arrow per class.
// Outputs, with every digit, in data- attributes of the placeholder: data-z, data-j, data-loss,
// data-lower, data-upper, data-y, data-gradient.
(() => {
  "use strict";
  const w = window.multiclassWidgets;

  w.register("cross-entropy", (root, data) => {
    let z = data.scores.slice();
    let j = data.trueClass;
    const say = w.announcer(root);

    const scores = w.scoreEditor({ scores: z, onChange: (next) => { z = next; j = Math.min(j, z.length - 1); choices(); update(); } });
    const classes = w.h("div", { class: "mc-choices" });
    const name = w.uid("true-class");
    function choices() {
      classes.replaceChildren(...z.map((_, k) => {
        const radio = w.h("input", { type: "radio", name, value: k, checked: k === j });
        radio.addEventListener("change", () => { j = k; update(); });
        return w.h("label", {}, radio, `class ${k + 1}`);
      }));
    }
    choices();
    root.append(w.h("div", { class: "mc-controls" }, scores.element,
      w.h("fieldset", { class: "mc-fieldset" }, w.h("legend", { text: "True class j" }), classes)));

    const band = w.chart(400, 96, "The loss E marked inside the band from zₘ − zⱼ to zₘ − zⱼ + log K; the values are in the caption below.");
    const arrows = w.chart(400, 220, "The gradient y − t as one arrow per class, up for positive and down for negative components; the values are in the caption below.");
    const bandCaption = w.h("figcaption", { class: "mc-caption" });
    const arrowCaption = w.h("figcaption", { class: "mc-caption" });
    root.append(
      w.h("figure", { class: "mc-figure" }, band, bandCaption),
      w.h("figure", { class: "mc-figure" }, arrows, arrowCaption),
    );

    // The band fills the middle half of the axis whatever its position: z_m - z_j can be 2000.
    function drawBand(lower, upper, loss) {
      const width = upper - lower;
      const xOf = (v) => 30 + ((v - lower + width / 2) / (2 * width)) * 340;
      const line = 50;
      band.replaceChildren(
        w.s("rect", { x: xOf(lower), width: xOf(upper) - xOf(lower), y: line - 16, height: 32, fill: w.colour(data, 4), "fill-opacity": 0.3 }),
        w.s("line", { x1: 20, x2: 380, y1: line, y2: line, class: "mc-axis" }),
        ...[lower, upper].map((v) => w.s("line", { x1: xOf(v), x2: xOf(v), y1: line - 16, y2: line + 16, class: "mc-axis" })),
        w.s("text", { x: xOf(lower), y: line + 32, "text-anchor": "middle", class: "mc-tick", text: `zₘ − zⱼ = ${w.fmt(lower)}` }),
        w.s("text", { x: xOf(upper), y: line + 32, "text-anchor": "middle", class: "mc-tick", text: `+ log K = ${w.fmt(upper)}` }),
        w.s("circle", { cx: xOf(loss), cy: line, r: 6, fill: "currentColor" }),
        w.s("text", { x: xOf(loss), y: line - 22, "text-anchor": "middle", class: "mc-value", text: `E = ${w.fmt(loss)}` }),
      );
    }

    function drawArrows(gradient) {
      const K = gradient.length;
      const slot = 340 / K;
      const mid = 100;
      const scale = 70; // a component of 1 is 70 units long
      const parts = [
        w.s("line", { x1: 30, x2: 380, y1: mid, y2: mid, class: "mc-axis" }),
        w.s("text", { x: 24, y: mid - scale + 4, "text-anchor": "end", class: "mc-tick", text: "1" }),
        w.s("text", { x: 24, y: mid + 4, "text-anchor": "end", class: "mc-tick", text: "0" }),
        w.s("text", { x: 24, y: mid + scale + 4, "text-anchor": "end", class: "mc-tick", text: "−1" }),
        w.s("line", { x1: 30, x2: 30, y1: mid - scale, y2: mid + scale, class: "mc-axis" }),
      ];
      gradient.forEach((g, k) => {
        const x = 40 + slot * (k + 0.5);
        const tip = mid - g * scale;
        const head = Math.min(8, Math.abs(tip - mid));
        const side = Math.sign(tip - mid);
        const stroke = w.colour(data, k);
        parts.push(
          w.s("line", { x1: x, x2: x, y1: mid, y2: tip - side * head, stroke, "stroke-width": 4 }),
          w.s("polygon", { points: `${x - 7},${tip - side * head} ${x + 7},${tip - side * head} ${x},${tip}`, fill: stroke }),
          w.s("text", { x, y: g >= 0 ? tip - 6 : tip + 16, "text-anchor": "middle", class: "mc-value", text: w.fmt(g, 3) }),
          w.s("text", { x, y: 214, "text-anchor": "middle", class: "mc-tick", text: k === j ? `class ${k + 1} (true)` : `class ${k + 1}` }),
        );
      });
      arrows.replaceChildren(...parts);
    }

    function update() {
      const parts = w.softmaxParts(z);
      const K = z.length;
      const lower = parts.a - z[j];
      const loss = lower + parts.log1pS;
      const upper = lower + Math.log(K);
      const gradient = parts.y.map((y, k) => (k === j ? y - 1 : y));
      drawBand(lower, upper, loss);
      drawArrows(gradient);
      bandCaption.textContent = `Cross-entropy for true class ${j + 1}: E = ${w.fmt(loss)}, within the bounds zₘ − zⱼ = ${w.fmt(lower)} and zₘ − zⱼ + log K = ${w.fmt(upper)}.`;
      const list = gradient.map((g, k) => `class ${k + 1}: ${w.fmt(g)}`).join(", ");
      arrowCaption.textContent = `Gradient y − t: ${list}. A gradient-descent step moves each score against its arrow.`;
      Object.assign(root.dataset, {
        z: w.digits(z), j: String(j), loss: String(loss), lower: String(lower),
        upper: String(upper), y: w.digits(parts.y), gradient: w.digits(gradient),
      });
      say(`${bandCaption.textContent} ${arrowCaption.textContent}`);
    }
    update();
  });
})();
