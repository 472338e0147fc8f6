// The timeline: stacked SVG bars of event counts per date bucket, by type or quad category.
import {clear, h, quadColour, s, swatch, typeColour} from "./dom.js";

export function drawTimeline(container, data, {onBucket, onSeries}) {
  clear(container);
  if (!data.buckets.length) {
    container.appendChild(h("p", {class: "empty"}, data.undated ? `No dated events (${data.undated} undated).`
      : "No events."));
    return;
  }
  const colour = (key) => (data.by === "quad" ? quadColour(Number(key)) : typeColour(key));
  const width = Math.max(container.clientWidth || 0, 320);
  const height = 170;
  const m = {top: 8, right: 8, bottom: 22, left: 34};
  const iw = width - m.left - m.right;
  const ih = height - m.top - m.bottom;
  const ticks = niceTicks(Math.max(1, ...data.buckets.map((b) => b.total)));
  const max = ticks[ticks.length - 1];  // the axis ends on a tick
  const step = iw / data.buckets.length;
  const barWidth = Math.max(1, Math.min(step * 0.82, 36));
  const y = (v) => ih - (v / max) * ih;

  const svg = s("svg", {class: "timeline", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Events by ${data.bucket} and ${data.by}`});
  const plot = s("g", {transform: `translate(${m.left},${m.top})`});
  svg.appendChild(plot);
  for (const tick of ticks) {
    plot.appendChild(s("line", {class: "grid", x1: 0, x2: iw, y1: y(tick), y2: y(tick)}));
    plot.appendChild(s("text", {class: "axis", x: -6, y: y(tick) + 4, "text-anchor": "end"}, String(tick)));
  }
  data.buckets.forEach((bucket, i) => {
    const x = i * step + (step - barWidth) / 2;
    const g = s("g", {class: "bucket", dataset: {start: bucket.start, end: bucket.end}});
    let base = 0;
    for (const key of data.series) {
      const n = bucket.counts[key] || 0;
      if (!n) continue;
      const label = data.labels[key] || key;
      const rect = s("rect", {class: "bar", x, width: barWidth, y: y(base + n), height: Math.max(0.5, y(base) - y(base + n)),
        fill: colour(key), dataset: {series: key, count: n}},
        s("title", {}, `${span(bucket, data.bucket)} · ${label}: ${n}`));
      g.appendChild(rect);
      base += n;
    }
    // a transparent hit area over the whole column, for clicks on small bars
    g.appendChild(s("rect", {class: "hit", x: i * step, width: step, y: 0, height: ih},
      s("title", {}, `${span(bucket, data.bucket)}: ${bucket.total} event(s); click to show only these dates`)));
    g.addEventListener("click", () => onBucket(bucket));
    plot.appendChild(g);
  });
  plot.appendChild(s("line", {class: "axis-line", x1: 0, x2: iw, y1: ih, y2: ih}));
  const every = Math.max(1, Math.ceil(90 / step));
  data.buckets.forEach((bucket, i) => {
    if (i % every) return;
    plot.appendChild(s("text", {class: "axis", x: i * step + step / 2, y: ih + 15, "text-anchor": "middle"},
      tickLabel(bucket.start, data.bucket)));
  });
  container.appendChild(svg);

  const legend = h("ul", {class: "legend"});
  for (const key of data.series) {
    const label = data.labels[key] || key;
    const item = h("li", {}, h("button", {type: "button", class: "link", title: data.by === "type"
      ? `Show only ${label} events` : label, dataset: {series: key}}, swatch(colour(key)), " ", label));
    item.firstChild.addEventListener("click", () => onSeries(key));
    legend.appendChild(item);
  }
  const notes = [];
  if (data.undated) notes.push(`${data.undated} undated event(s) not shown`);
  if (data.coarse) notes.push(`${data.coarse} event(s) dated less precisely than a ${data.bucket}: ` +
    "counted in the first one their date can mean");
  container.appendChild(legend);
  if (notes.length) container.appendChild(h("p", {class: "note"}, notes.join("; ")));
}

function niceTicks(max) {
  if (max <= 4) return Array.from({length: max + 1}, (_, i) => i);
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const stepSize = [1, 2, 5, 10].map((f) => f * mag).find((v) => v >= raw);
  const out = [];
  for (let v = 0; v < max + stepSize; v += stepSize) out.push(v);
  return out;
}

function tickLabel(start, unit) {
  if (unit === "year") return start.slice(0, 4);
  if (unit === "month") return start.slice(0, 7);
  return start.slice(5);
}

function span(bucket, unit) {
  return unit === "day" ? bucket.start : `${bucket.start} – ${bucket.end}`;
}
