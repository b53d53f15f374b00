// A linear classifier in the plane (training page): three classes of points, scores
// z = W x + b. The reader drags the weight vectors w_k (or types W and b) and sees the class
// regions, the probability of each point's class and the objective
// J = mean cross-entropy + (lambda / 2) ||W||^2; "Step" takes one gradient-descent step
// theta <- theta - eta grad J with the gradient of LinearClassifier.gradient, "Run" takes many
// and draws the loss curve. Outputs, with every digit, in data- attributes of the placeholder:
// data-w, data-b (row by row), data-loss, data-mean-cross-entropy, data-y (N x K, row by row),
// data-correct, data-grad-norm, data-steps, data-history, data-l2, data-eta.
(() => {
  "use strict";
  const w = window.multiclassWidgets;
  const VIEW = 7; // the plane shows [-7, 7] x [-7, 7]
  const SIZE = 300; // SVG units across
  const RUN = { steps: 300, perFrame: 3, tol: 1e-6 };
  const ARROW = 3; // weight vectors are drawn three times their length, to be easy to grab

  const toView = ([a, c]) => [((a + VIEW) / (2 * VIEW)) * SIZE, ((VIEW - c) / (2 * VIEW)) * SIZE];

  // The objective, its gradient and the probabilities, as LinearClassifier computes them:
  // G = (Y - T) / N, dJ/dW = G^T X + lambda W, dJ/db = sum of the rows of G.
  function evaluate(X, labels, W, b, l2) {
    const N = X.length;
    const dW = W.map((row) => row.map(() => 0));
    const db = b.map(() => 0);
    const Y = [];
    let total = 0;
    let correct = 0;
    X.forEach((x, n) => {
      const z = W.map((row, k) => row[0] * x[0] + row[1] * x[1] + b[k]);
      const parts = w.softmaxParts(z);
      const label = labels[n];
      total += parts.a - z[label] + parts.log1pS;
      if (parts.m === label) correct += 1;
      Y.push(parts.y);
      parts.y.forEach((y, k) => {
        const g = (k === label ? y - 1 : y) / N;
        dW[k][0] += g * x[0];
        dW[k][1] += g * x[1];
        db[k] += g;
      });
    });
    let squares = 0;
    W.forEach((row, k) => row.forEach((v, d) => { squares += v * v; dW[k][d] += l2 * v; }));
    let norm = 0;
    dW.forEach((row, k) => { norm += row[0] ** 2 + row[1] ** 2 + db[k] ** 2; });
    const meanCrossEntropy = total / N;
    return { Y, dW, db, correct, meanCrossEntropy, loss: meanCrossEntropy + 0.5 * l2 * squares, norm: Math.sqrt(norm) };
  }

  // The part of a convex polygon where normal . p + offset >= 0 (one Sutherland-Hodgman step).
  function clip(polygon, normal, offset) {
    const kept = [];
    polygon.forEach((p, i) => {
      const q = polygon[(i + 1) % polygon.length];
      const sp = normal[0] * p[0] + normal[1] * p[1] + offset;
      const sq = normal[0] * q[0] + normal[1] * q[1] + offset;
      if (sp >= 0) kept.push(p);
      if (sp * sq < 0) kept.push([p[0] + (sp / (sp - sq)) * (q[0] - p[0]), p[1] + (sp / (sp - sq)) * (q[1] - p[1])]);
    });
    return kept;
  }

  function regions(W, b) {
    const box = [[-VIEW, -VIEW], [VIEW, -VIEW], [VIEW, VIEW], [-VIEW, VIEW]];
    return W.map((wk, k) => W.reduce((region, wj, j) => (j === k ? region
      : clip(region, [wk[0] - wj[0], wk[1] - wj[1]], b[k] - b[j])), box));
  }

  // Marker shapes per class, so that classes differ by more than colour.
  function marker(k, [cx, cy], r, attributes) {
    if (k % 3 === 0) return w.s("circle", { cx, cy, r, ...attributes });
    if (k % 3 === 1) return w.s("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, ...attributes });
    const t = r * 1.25;
    return w.s("polygon", { points: `${cx},${cy - t} ${cx + t},${cy + t * 0.8} ${cx - t},${cy + t * 0.8}`, ...attributes });
  }

  w.register("classifier", (root, data) => {
    const X = data.points;
    const labels = data.labels;
    const K = data.weights.length;
    const initial = { W: data.weights.map((r) => r.slice()), b: data.biases.slice(), l2: data.l2, eta: data.eta };
    let W; let b; let l2; let eta; let steps; let history; let state; let running = 0;
    let selected = 0;
    const say = w.announcer(root);
    const colour = (k) => w.colour(data, k);

    // --- the plane ---------------------------------------------------------------------
    const plane = w.s("svg", { viewBox: `0 0 ${SIZE} ${SIZE}`, class: "mc-chart mc-plane", role: "group",
      "aria-label": "The plane: class regions, the points and the weight vectors" });
    const regionLayer = w.s("g", { "aria-hidden": "true" });
    const pointLayer = w.s("g", { "aria-hidden": "true" });
    const arrowLayer = w.s("g", {});
    plane.append(regionLayer, pointLayer, arrowLayer);
    const planeCaption = w.h("figcaption", { class: "mc-caption" });

    const handles = initial.W.map((_, k) => {
      const line = w.s("line", { stroke: colour(k), "stroke-width": 3 });
      const hit = w.s("circle", { r: 16, fill: "transparent" });
      const dot = w.s("circle", { r: 8, fill: colour(k), class: "mc-handle-dot" });
      const text = w.s("text", { class: "mc-value", "text-anchor": "middle" });
      const handle = w.s("g", { tabindex: 0, role: "button", "aria-roledescription": "draggable point", class: "mc-handle" }, hit, dot);
      arrowLayer.append(line, handle, text);
      // A finger on a handle drags it and does not scroll the page (touch-action does not
      // reach inside an SVG in every browser; a cancelled touchstart does).
      handle.addEventListener("touchstart", (event) => event.preventDefault(), { passive: false });
      handle.addEventListener("pointerdown", (event) => {
        event.preventDefault();
        handle.setPointerCapture(event.pointerId);
        handle.focus();
        const move = (e) => {
          const point = new DOMPoint(e.clientX, e.clientY).matrixTransform(plane.getScreenCTM().inverse());
          const at = (v) => Math.round((((v / SIZE) * 2 * VIEW - VIEW) / ARROW) * 100) / 100;
          setWeights(k, [at(point.x), -at(point.y)]);
        };
        const end = () => {
          handle.removeEventListener("pointermove", move);
          handle.removeEventListener("pointerup", end);
          handle.removeEventListener("pointercancel", end);
        };
        handle.addEventListener("pointermove", move);
        handle.addEventListener("pointerup", end);
        handle.addEventListener("pointercancel", end);
      });
      handle.addEventListener("keydown", (event) => {
        const by = event.shiftKey ? 1 : 0.1;
        const moves = { ArrowLeft: [-by, 0], ArrowRight: [by, 0], ArrowUp: [0, by], ArrowDown: [0, -by] };
        const move = moves[event.key];
        if (!move) return;
        event.preventDefault();
        const round = (v) => Math.round(v * 100) / 100;
        setWeights(k, [round(W[k][0] + move[0]), round(W[k][1] + move[1])]);
      });
      return { line, handle, text };
    });

    // --- controls ----------------------------------------------------------------------
    const head = w.h("tr", {}, w.h("th", { scope: "col", text: "class" }));
    const columns = ["wₖ₁ (weight of x₁)", "wₖ₂ (weight of x₂)", "bₖ (bias)"].map((label) => {
      const id = w.uid("col");
      head.append(w.h("th", { scope: "col", id, text: label }));
      return id;
    });
    const fields = [];
    const body = w.h("tbody");
    const tableError = w.errorLine("a number in each field of W and b");
    for (let k = 0; k < K; k += 1) {
      const rowId = w.uid("row");
      const swatch = marker(k, [8, 8], 5, { fill: colour(k) });
      const cells = [w.h("th", { scope: "row", id: rowId },
        w.s("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true" }, swatch), ` class ${k + 1}`)];
      fields.push(columns.map((col, d) => {
        const number = w.numberField({ "aria-labelledby": `${rowId} ${col}` }, { what: "a number", error: tableError, group: body }, (v) => {
          if (d < 2) W[k][d] = v; else b[k] = v;
          changed({ typing: number.input });
        });
        cells.push(w.h("td", {}, number.input));
        return number;
      }));
      body.append(w.h("tr", {}, ...cells));
    }
    const table = w.h("table", { class: "mc-table" }, w.h("caption", { text: "Weights W (one row per class) and biases b" }), w.h("thead", {}, head), body);

    const setting = (label, key, note) => {
      const id = w.uid("setting");
      const number = w.numberField({ id, "aria-describedby": `${id}-note` }, { min: 0, what: "a number, 0 or more" }, (v) => {
        if (key === "l2") l2 = v; else eta = v;
        changed({ typing: number.input });
      });
      return { ...number, row: w.h("div", { class: "mc-row mc-row--short" }, w.h("label", { for: id, class: "mc-row__label", text: label }), number.input,
        number.error, w.h("p", { id: `${id}-note`, class: "mc-row__note", text: note })) };
    };
    const l2Field = setting("penalty λ", "l2", "λ ≥ 0 weighs the penalty (λ/2)‖W‖² on the weights.");
    const etaField = setting("step size η", "eta", `With λ = ${w.fmt(initial.l2, 4, true)} these points give 1/L = ${w.fmt(initial.eta)} (lipschitz_bound): no step of at most that size raises J.`);

    const stepButton = w.h("button", { type: "button", text: "Step" });
    const runButton = w.h("button", { type: "button", text: "Run" });
    const resetButton = w.h("button", { type: "button", class: "mc-secondary", text: "Reset" });
    stepButton.addEventListener("click", () => { stop(); step(); changed({ fromStep: true }); });
    runButton.addEventListener("click", () => (running ? stop() : run()));
    resetButton.addEventListener("click", () => { stop(); reset(); });

    const point = w.numberField({ id: w.uid("point"), inputmode: "numeric" },
      { min: 1, max: X.length, integer: true, what: `a whole number from 1 to ${X.length}` },
      (v) => { selected = v - 1; draw(); });
    const pointField = point.input;
    const pointOut = w.h("output", { for: pointField.id, class: "mc-caption" });

    const curve = w.chart(400, 170, "The objective J after each step; the values are in the caption below.");
    const curveCaption = w.h("figcaption", { class: "mc-caption" });
    const status = w.h("p", { class: "mc-caption mc-status" });

    root.append(
      w.h("div", { class: "mc-controls mc-controls--plane" },
        w.h("figure", { class: "mc-figure" }, plane, planeCaption),
        w.h("div", {}, table, tableError,
          w.h("fieldset", { class: "mc-fieldset" }, w.h("legend", { text: "Gradient descent" }), l2Field.row, etaField.row,
            w.h("div", { class: "mc-buttons" }, stepButton, runButton, resetButton)),
          status)),
      w.h("div", { class: "mc-row mc-row--short" },
        w.h("label", { for: pointField.id, class: "mc-row__label", text: `inspect point (1 to ${X.length})` }), pointField, point.error),
      pointOut,
      w.h("figure", { class: "mc-figure" }, curve, curveCaption),
    );

    // --- state changes -----------------------------------------------------------------
    function setWeights(k, [a, c]) {
      W[k] = [a, c];
      changed({});
    }

    function step() {
      const { dW, db } = state;
      W = W.map((row, k) => row.map((v, d) => v - eta * dW[k][d]));
      b = b.map((v, k) => v - eta * db[k]);
      steps += 1;
    }

    function run() {
      let left = RUN.steps;
      runButton.textContent = "Stop";
      const frame = () => {
        if (!root.isConnected) return;
        for (let i = 0; i < RUN.perFrame && left > 0 && state.norm > RUN.tol; i += 1, left -= 1) {
          step();
          state = evaluate(X, labels, W, b, l2);
          history.push(state.loss);
        }
        changed({ fromStep: true, evaluated: true });
        if (left > 0 && state.norm > RUN.tol) running = requestAnimationFrame(frame);
        else stop();
      };
      running = requestAnimationFrame(frame);
    }

    function stop() {
      if (running) cancelAnimationFrame(running);
      running = 0;
      runButton.textContent = "Run";
    }

    function reset() {
      W = initial.W.map((r) => r.slice());
      b = initial.b.slice();
      l2 = initial.l2;
      eta = initial.eta;
      steps = 0;
      history = [];
      changed({});
    }

    // After any change: evaluate, restart the loss curve unless a step made the change, redraw.
    function changed({ typing = null, fromStep = false, evaluated = false }) {
      if (!evaluated) state = evaluate(X, labels, W, b, l2);
      if (!fromStep) { history = [state.loss]; steps = 0; } else if (!evaluated) history.push(state.loss);
      for (let k = 0; k < K; k += 1) {
        [W[k][0], W[k][1], b[k]].forEach((v, d) => {
          if (fields[k][d].input !== typing) fields[k][d].set(Number(v.toPrecision(4)));
        });
      }
      if (l2Field.input !== typing) l2Field.set(l2);
      if (etaField.input !== typing) etaField.set(Number(eta.toPrecision(4)));
      draw();
    }

    function draw() {
      const { Y, correct, loss, meanCrossEntropy, norm } = state;
      regionLayer.replaceChildren(...regions(W, b).map((poly, k) => (poly.length < 3 ? w.s("g") : w.s("polygon", {
        points: poly.map((p) => toView(p).join(",")).join(" "), fill: colour(k), "fill-opacity": 0.18, class: "mc-region",
      }))));
      pointLayer.replaceChildren(...X.map((x, n) => {
        const k = labels[n];
        return marker(k, toView(x), n === selected ? 6 : 4, {
          fill: colour(k), "fill-opacity": (0.1 + 0.9 * Y[n][k]).toFixed(3), stroke: colour(k), "stroke-width": 1.5,
          class: n === selected ? "mc-selected" : "", "data-index": n,
        });
      }));
      handles.forEach(({ line, handle, text }, k) => {
        const [x0, y0] = toView([0, 0]);
        const tip = toView(W[k].map((v) => Math.max(-VIEW, Math.min(VIEW, ARROW * v))));
        line.setAttribute("x1", x0); line.setAttribute("y1", y0);
        line.setAttribute("x2", tip[0]); line.setAttribute("y2", tip[1]);
        handle.setAttribute("transform", `translate(${tip[0]} ${tip[1]})`);
        handle.setAttribute("aria-label", `weight vector w${w.sub(k + 1)} of class ${k + 1}, at (${w.fmt(W[k][0], 3, true)}, ${w.fmt(W[k][1], 3, true)}): drag it, or move it with the arrow keys (by 0.1, with Shift by 1)`);
        text.setAttribute("x", tip[0]); text.setAttribute("y", tip[1] - 14);
        text.textContent = `w${w.sub(k + 1)}`;
      });
      const vectors = W.map((row, k) => `w${w.sub(k + 1)} = (${w.fmt(row[0], 3, true)}, ${w.fmt(row[1], 3, true)})`).join(", ");
      planeCaption.textContent = `Regions of the classes for ${vectors} and b = (${b.map((v) => w.fmt(v, 3, true)).join(", ")}). Weight vectors are drawn three times their length. Each point is filled in proportion to the probability of its own class. Points in their class's region: ${correct} of ${X.length}.`;
      status.textContent = `J = ${w.fmt(loss)} (mean cross-entropy ${w.fmt(meanCrossEntropy)} + penalty ${w.fmt(loss - meanCrossEntropy)}), ‖∇J‖ = ${w.fmt(norm)}, after ${steps} step${steps === 1 ? "" : "s"}.`;
      const x = X[selected];
      if (document.activeElement !== pointField) point.set(selected + 1);
      pointOut.textContent = `Point ${selected + 1}, class ${labels[selected] + 1}, at (${w.fmt(x[0], 3)}, ${w.fmt(x[1], 3)}): probabilities ${Y[selected].map((p, k) => `class ${k + 1} ${w.fmt(p)}`).join(", ")}.`;
      drawCurve();
      Object.assign(root.dataset, {
        w: w.digits(W.flat()), b: w.digits(b), loss: String(loss), meanCrossEntropy: String(meanCrossEntropy),
        y: w.digits(Y.flat()), correct: String(correct), gradNorm: String(norm), steps: String(steps),
        history: w.digits(history), l2: String(l2), eta: String(eta),
      });
      if (!running) say(`${status.textContent} Points in their class's region: ${correct} of ${X.length}.`);
    }

    // The objective per step on a log scale, as the page's loss curves: its late, small
    // decreases stay visible next to the first large ones.
    function drawCurve() {
      const box = { left: 44, right: 10, top: 12, bottom: 34 };
      const positive = history.filter((v) => v > 0 && Number.isFinite(v));
      const hi = Math.log10(Math.max(Math.log(K), ...positive) * 1.5);
      const lo = Math.min(hi - 1, Math.log10(Math.min(...positive) / 1.5));
      const n = Math.max(10, history.length - 1);
      const xOf = (i) => box.left + (i / n) * (400 - box.left - box.right);
      const yOf = (v) => box.top + ((hi - Math.max(lo, Math.log10(v))) / (hi - lo)) * (170 - box.top - box.bottom);
      const ticks = [];
      for (let p = Math.ceil(lo); p <= Math.floor(hi); p += Math.max(1, Math.ceil((hi - lo) / 5))) {
        ticks.push(w.s("text", { x: box.left - 6, y: yOf(10 ** p) + 4, "text-anchor": "end", class: "mc-tick", text: w.fmt(10 ** p, 1, true) }));
      }
      curve.replaceChildren(
        w.s("line", { x1: box.left, x2: box.left, y1: box.top, y2: 170 - box.bottom, class: "mc-axis" }),
        w.s("line", { x1: box.left, x2: 400 - box.right, y1: 170 - box.bottom, y2: 170 - box.bottom, class: "mc-axis" }),
        w.s("line", { x1: box.left, x2: 400 - box.right, y1: yOf(Math.log(K)), y2: yOf(Math.log(K)), class: "mc-guide" }),
        w.s("text", { x: 400 - box.right, y: yOf(Math.log(K)) - 4, "text-anchor": "end", class: "mc-tick", text: `log ${K}` }),
        ...ticks,
        w.s("text", { x: (box.left + 400) / 2, y: 164, "text-anchor": "middle", class: "mc-tick", text: `step (0 to ${n})` }),
        w.s("text", { x: 10, y: yOf(10 ** ((hi + lo) / 2)), "text-anchor": "middle", class: "mc-tick", transform: `rotate(-90 10 ${yOf(10 ** ((hi + lo) / 2))})`, text: "J (log scale)" }),
        w.s("polyline", { points: history.map((v, i) => `${xOf(i)},${yOf(v)}`).join(" "), class: "mc-curve", stroke: colour(0) }),
      );
      curveCaption.textContent = history.length > 1
        ? `Objective J over ${history.length - 1} steps: from ${w.fmt(history[0])} to ${w.fmt(history[history.length - 1])}.`
        : `Objective J = ${w.fmt(history[0])}; press Step or Run to draw its curve.`;
    }

    plane.addEventListener("click", (event) => {
      const index = event.target.getAttribute && event.target.getAttribute("data-index");
      if (index !== null && index !== undefined) { selected = Number(index); draw(); }
    });
    reset();
  });
})();
