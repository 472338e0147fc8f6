// DOM helpers. Everything that comes from the store (titles, text, names) is untrusted: it goes
// into the page as text nodes and attribute values, never parsed as markup.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "style") throw new Error("no inline styles: the Content-Security-Policy forbids them");
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  return el;
}

/** An HTML element: h("a", {href: "..."}, "text", child, ...). */
export function h(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A link target only when it is an absolute http(s) URL: never javascript:, data:, a relative
 *  path or anything else. */
export function safeUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(String(value));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (e) {
    return null;
  }
}

export function fmtNumber(value, digits = 2) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(digits);
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function truncate(text, n) {
  const t = String(text ?? "");
  return t.length > n ? t.slice(0, n - 1) + "…" : t;
}

// -- colours -----------------------------------------------------------------------------------
// PLOVER types are coloured by quad category (1 verbal cooperation: blues, 2 material
// cooperation: greens, 3 verbal conflict: ambers, 4 material conflict: reds), one shade each.
const QUAD_HUE = {1: 210, 2: 135, 3: 38, 4: 355};
const typeColours = new Map();
const quadColours = {1: "hsl(210,65%,45%)", 2: "hsl(135,55%,38%)", 3: "hsl(38,90%,48%)", 4: "hsl(355,70%,47%)"};

export function setVocabulary(types) {
  const byQuad = {};
  for (const t of types) (byQuad[t.quad] = byQuad[t.quad] || []).push(t.type);
  for (const [quad, names] of Object.entries(byQuad)) {
    names.forEach((name, i) => {
      const light = names.length === 1 ? 45 : 30 + (40 * i) / (names.length - 1);
      typeColours.set(name, `hsl(${QUAD_HUE[quad] ?? 260},${quad === "3" ? 85 : 62}%,${light.toFixed(0)}%)`);
    });
  }
}

export function typeColour(type) {
  return typeColours.get(type) || "hsl(260,10%,50%)";
}

export function quadColour(quad) {
  return quadColours[quad] || "hsl(260,10%,50%)";
}

/** A small colour swatch (SVG, so that no inline style is needed). */
export function swatch(colour) {
  return s("svg", {class: "swatch", width: 10, height: 10, viewBox: "0 0 10 10", "aria-hidden": "true"},
    s("rect", {width: 10, height: 10, rx: 2, fill: colour}));
}
