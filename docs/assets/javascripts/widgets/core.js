// Interactive figures: the parts the widgets share. A page holds a hidden placeholder,
// <div class="mc-widget" data-widget="NAME" data-...>, printed at build time with the widget's
// initial data from the library; the script registered for NAME fills it and shows it. Without
// JavaScript the placeholder stays hidden and the static figure above it is all there is.
// Material's instant navigation swaps pages without reloading scripts: document$ emits on every
// page, and each emission fills the placeholders of the new page.
//
// Every number a widget shows is also written, with all its digits, into a data- attribute of
// the placeholder (numbers separated by spaces, as JavaScript prints them: String(x) reads back
// to the same float64), so that the browser tests compare them with multiclass.
(() => {
  "use strict";

  // softmax(z / T), log-softmax and log-sum-exp computed as multiclass computes them
  // (Blanchard, Higham & Higham 2021, doi:10.1093/imanum/draa038): shift by the maximum a = z_m,
  // then divide by T, so x_k = (z_k - a) / T <= 0 and no exponential overflows; the maximum's own
  // term e^0 = 1 is kept out of s = sum_{k != m} e^{x_k} and added last. T = 0 is the limit
  // T -> 0: the argmax, ties split evenly (never nan).
  function softmaxParts(z, T = 1) {
    let m = 0;
    for (let k = 1; k < z.length; k += 1) if (z[k] > z[m]) m = k;
    const a = z[m];
    if (T === 0) {
      const ties = z.filter((v) => v === a).length;
      return {
        a, m, x: z.map((v) => (v === a ? 0 : -Infinity)),
        y: z.map((v) => (v === a ? 1 / ties : 0)),
        logY: z.map((v) => (v === a ? -Math.log(ties) : -Infinity)),
        log1pS: 0, // only T log1p(s) is used, and it is 0 at T = 0
      };
    }
    // z - a overflows to -inf when the scores are more than the largest float apart; then, as
    // multiclass does, the halves (exact) are subtracted, so a finite quotient is not lost.
    const x = z.map((v) => {
      const d = v - a;
      return d === -Infinity && Number.isFinite(v) ? ((0.5 * v - 0.5 * a) / T) * 2 : d / T;
    });
    const e = x.map(Math.exp);
    let s = 0;
    for (let k = 0; k < e.length; k += 1) if (k !== m) s += e[k];
    const total = s + e[m];
    const log1pS = Math.log1p(s);
    return { a, m, x, y: e.map((v) => v / total), logY: x.map((v) => v - log1pS), log1pS };
  }

  // Entropy -sum_k y_k log y_k in nats, from the log-probabilities; a class of probability 0
  // contributes 0 (the limit of y log y), even where its log is -inf.
  function entropy(parts) {
    let h = 0;
    parts.y.forEach((y, k) => { if (y > 0) h -= y * parts.logY[k]; });
    return h;
  }

  // --- text -------------------------------------------------------------------------------
  const SUB = "₀₁₂₃₄₅₆₇₈₉";
  const SUP = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  const sub = (n) => String(n).split("").map((d) => SUB[d]).join("");
  const minus = (text) => text.replace(/^-/, "−");

  // A number for reading: four significant digits, powers of ten written out. A computed value
  // keeps its trailing zeros (1.000 is a rounded 1); an input the reader typed (`trim`) does not.
  function fmt(v, digits = 4, trim = false) {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
    if (v === 0) return "0";
    const size = Math.abs(v);
    if (size >= 1e-3 && size < 1e5) {
      const text = size >= 10 ** digits ? v.toFixed(0) : v.toPrecision(digits);
      return minus(trim ? String(Number(text)) : text);
    }
    let [mantissa, exponent] = v.toExponential(digits - 1).split("e");
    if (trim) mantissa = String(Number(mantissa));
    const power = exponent.split("").map((c) => SUP[c]).join("");
    return `${minus(mantissa)} × 10${power}`;
  }

  // Numbers for the tests: every digit, separated by spaces.
  const digits = (values) => values.map(String).join(" ");

  // --- elements ---------------------------------------------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  let counter = 0;
  const uid = (name) => `mc-${name}-${(counter += 1)}`;

  function h(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function s(tag, attributes = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  // A visually hidden live region; what is said is the last text given in a pause of 600 ms,
  // so that a slider being dragged does not flood a screen reader.
  function announcer(parent) {
    const region = h("div", { class: "mc-visually-hidden", "aria-live": "polite", role: "status" });
    parent.append(region);
    let timer = 0;
    return (text) => {
      clearTimeout(timer);
      timer = setTimeout(() => { region.textContent = text; }, 600);
    };
  }

  // A message under a field (or a group of fields) that does not hold a valid number.
  const errorLine = (what) => h("p", { id: uid("error"), class: "mc-error", hidden: true,
    text: `Type ${what}; until then the widget keeps the last valid value.` });

  // A text field for a number. While its text is not a valid number, it is marked invalid, the
  // message (its own, or one shared by the fields of `group`) says what to type, and the widget
  // keeps the last valid value. `set(v)` shows a value computed elsewhere (a slider, a step).
  function numberField(attributes, { min = -Infinity, max = Infinity, integer = false, what, error = errorLine(what), group = null }, onValue) {
    const input = h("input", {
      type: "text", autocomplete: "off", spellcheck: "false", ...attributes,
      "aria-describedby": [attributes["aria-describedby"], error.id].filter(Boolean).join(" "),
    });
    const mark = (ok) => {
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      error.hidden = ok && !(group && group.querySelector('[aria-invalid="true"]'));
    };
    input.addEventListener("input", () => {
      const text = input.value.trim().replace(/^−/, "-");
      const value = text === "" ? NaN : Number(text);
      const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
      mark(ok);
      if (ok) onValue(value);
    });
    const set = (v) => { input.value = String(v); mark(true); };
    return { input, error, set };
  }

  // A labelled slider with a number field beside it: the slider for quick changes (keyboard,
  // touch), the field for exact values outside the slider's range. `toSlider`/`fromSlider` map
  // the value to the slider's scale (the identity, or log10 for the temperature).
  function sliderRow({ label, value, min, max, step, onInput, toSlider = (v) => v,
    fromSlider = (v) => v, fieldMin = -Infinity, what = "a number", hint = "", note = "" }) {
    const id = uid("slider");
    const name = h("label", { id: `${id}-label`, for: id, class: "mc-row__label", text: label });
    const range = h("input", {
      type: "range", id, min, max, step, value: toSlider(value), class: "mc-row__range",
    });
    const textOf = (v) => `${label} = ${fmt(v, 4, true)}`;
    const field = numberField({ value: String(value), class: "mc-row__field",
      "aria-labelledby": `${id}-label ${id}-hint` }, { min: fieldMin, what }, (v) => {
      range.value = String(toSlider(v));
      range.setAttribute("aria-valuetext", textOf(v));
      onInput(v);
    });
    const hintText = h("span", { id: `${id}-hint`, class: "mc-visually-hidden", text: hint || "exact value" });
    const row = h("div", { class: "mc-row" }, name, range, field.input, hintText, field.error);
    if (note) {
      range.setAttribute("aria-describedby", `${id}-note`);
      row.append(h("p", { id: `${id}-note`, class: "mc-row__note", text: note }));
    }
    range.setAttribute("aria-valuetext", textOf(value));
    range.addEventListener("input", () => {
      const v = fromSlider(Number(range.value));
      field.set(v);
      range.setAttribute("aria-valuetext", textOf(v));
      onInput(v);
    });
    return { row, range, field: field.input };
  }

  // The scores z_1..z_K: a choice of K (2 to 6) and one slider row per score.
  function scoreEditor({ scores, onChange, legend = "Scores" }) {
    let z = scores.slice();
    const rows = h("div", { class: "mc-scores__rows" });
    const size = h("select", { id: uid("k"), class: "mc-select" });
    for (let k = 2; k <= 6; k += 1) size.append(h("option", { value: k, text: String(k) }));
    size.value = String(z.length);
    const fieldset = h("fieldset", { class: "mc-fieldset" },
      h("legend", { text: legend }),
      h("div", { class: "mc-row mc-row--short" },
        h("label", { for: size.id, class: "mc-row__label", text: "number of classes K" }), size),
      rows);
    const build = () => {
      rows.replaceChildren(...z.map((v, k) => sliderRow({
        label: `z${sub(k + 1)}`, value: v, min: -10, max: 10, step: 0.1,
        hint: `score of class ${k + 1}, exact value`,
        onInput: (value) => { z[k] = value; onChange(z.slice()); },
      }).row));
    };
    size.addEventListener("change", () => {
      const K = Number(size.value);
      z = Array.from({ length: K }, (_, k) => (k < z.length ? z[k] : 0));
      build();
      onChange(z.slice());
    });
    build();
    return { element: fieldset };
  }

  // A bar or arrow chart's frame: an SVG that scales with its box and follows the text colour.
  function chart(width, height, label) {
    return s("svg", {
      viewBox: `0 0 ${width} ${height}`, class: "mc-chart", role: "img", "aria-label": label,
      preserveAspectRatio: "xMidYMid meet",
    });
  }

  const colour = (data, k) => data.palette[k % data.palette.length];

  // --- start-up ---------------------------------------------------------------------------
  const registry = new Map();

  function fill(name) {
    for (const root of document.querySelectorAll(`.mc-widget[data-widget="${name}"]:not([data-ready])`)) {
      const data = {};
      for (const [key, value] of Object.entries(root.dataset)) {
        if (key !== "widget") data[key] = JSON.parse(value);
      }
      root.dataset.ready = "";
      root.replaceChildren();
      root.append(h("p", { class: "mc-widget__title", text: root.getAttribute("aria-label") }));
      registry.get(name)(root, data);
      root.hidden = false;
    }
  }

  function register(name, make) {
    registry.set(name, make);
    if (window.document$) window.document$.subscribe(() => fill(name));
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => fill(name));
    else fill(name);
  }

  window.multiclassWidgets = {
    softmaxParts, entropy, fmt, digits, sub, h, s, uid, announcer, errorLine, numberField, sliderRow,
    scoreEditor, chart, colour, register,
  };
})();
