// The actor network: actors as nodes (sized by events), events between an actor and a recipient
// as directed edges (one per direction and type, width by count, coloured by type). A small,
// deterministic force layout (no randomness: the same data draws the same picture).
import {clear, h, s, truncate, typeColour} from "./dom.js";

export function drawNetwork(container, data, {onActor, onEdge}) {
  clear(container);
  if (!data.nodes.length) {
    container.appendChild(h("p", {class: "empty"}, "No events with both an actor and a recipient."));
    return;
  }
  const width = Math.max(container.clientWidth || 0, 320);
  const height = Math.round(Math.min(Math.max(width * 0.6, 260), 460));
  const nodes = data.nodes.map((n) => ({...n, r: 5 + 2.8 * Math.sqrt(n.n_events)}));
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const edges = data.edges.filter((e) => index.has(e.source) && index.has(e.target));
  layout(nodes, edges, index, width, height);
  placeLabels(nodes, width, height);

  const svg = s("svg", {class: "network", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Network of ${nodes.length} actor(s) and ${edges.length} edge(s)`});
  const defs = s("defs");
  for (const type of new Set(edges.map((e) => e.type))) {
    defs.appendChild(s("marker", {id: `arrow-${type}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: "auto-start-reverse", markerUnits: "userSpaceOnUse"},
      s("path", {d: "M0,0L10,5L0,10z", fill: typeColour(type)})));
  }
  svg.appendChild(defs);

  // edges between the same two actors fan out as curves
  const groups = new Map();
  for (const e of edges) {
    const key = [e.source, e.target].sort().join("\u0000");
    (groups.get(key) || groups.set(key, []).get(key)).push(e);
  }
  const edgeLayer = s("g", {class: "edges"});
  for (const group of groups.values()) {
    group.forEach((e, i) => {
      const a = nodes[index.get(e.source)], b = nodes[index.get(e.target)];
      const offset = (i - (group.length - 1) / 2) * 16 * (e.source < e.target ? 1 : -1);
      const path = s("path", {class: "edge", d: edgePath(a, b, offset), stroke: typeColour(e.type),
        "stroke-width": Math.min(7, 1.2 + 1.3 * Math.sqrt(e.count)), "marker-end": `url(#arrow-${e.type})`,
        dataset: {source: e.source, target: e.target, type: e.type, count: e.count}},
        s("title", {}, `${a.name} → ${b.name}: ${e.type} × ${e.count}; click to show these events`));
      path.addEventListener("click", () => onEdge(a, b, e));
      edgeLayer.appendChild(path);
    });
  }
  svg.appendChild(edgeLayer);

  const nodeLayer = s("g", {class: "nodes"});
  for (const n of nodes) {
    const g = s("g", {class: ["node", n.entity_id ? "resolved" : "unresolved"], transform: `translate(${n.x},${n.y})`,
      tabindex: 0, role: "button", dataset: {key: n.key, filter: n.filter}},
      s("title", {}, `${n.name}${n.country ? " (" + n.country + ")" : ""}: ${n.n_events} event(s), ` +
        `${n.as_actor} as actor, ${n.as_recipient} as recipient; click to show its events`),
      s("circle", {r: n.r}),
      s("text", {class: "label", x: n.label.x, y: n.label.y, "text-anchor": n.label.anchor}, truncate(n.name, 26)));
    g.addEventListener("click", () => onActor(n));
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onActor(n); });
    nodeLayer.appendChild(g);
  }
  svg.appendChild(nodeLayer);
  container.appendChild(svg);
  const note = [`${nodes.length} actor(s), ${edges.length} edge(s) from ${data.n_events} event(s)`];
  if (data.truncated) note.push(`the ${nodes.length} most active of ${data.n_actors} actors`);
  container.appendChild(h("p", {class: "note"}, note.join(" · ")));
}

// Each label goes above its node, else below, right or left: the first place inside the drawing
// that overlaps no node and no label already placed (the most active actors choose first).
function placeLabels(nodes, width, height) {
  const circles = nodes.map((n) => ({x0: n.x - n.r, x1: n.x + n.r, y0: n.y - n.r, y1: n.y + n.r}));
  const placed = [];
  const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const order = nodes.map((_, i) => i).sort((a, b) => nodes[b].n_events - nodes[a].n_events || a - b);
  for (const i of order) {
    const n = nodes[i];
    const w = 6 * Math.min(26, n.name.length) + 4, h = 12;
    const options = [
      {x: 0, y: -n.r - 3, anchor: "middle", box: [n.x - w / 2, n.y - n.r - 3 - h]},
      {x: 0, y: n.r + 12, anchor: "middle", box: [n.x - w / 2, n.y + n.r + 2]},
      {x: n.r + 4, y: 4, anchor: "start", box: [n.x + n.r + 4, n.y - h / 2]},
      {x: -n.r - 4, y: 4, anchor: "end", box: [n.x - n.r - 4 - w, n.y - h / 2]},
    ].map((o) => ({...o, rect: {x0: o.box[0], x1: o.box[0] + w, y0: o.box[1], y1: o.box[1] + h}}));
    const inside = (r) => r.x0 >= 0 && r.x1 <= width && r.y0 >= 0 && r.y1 <= height;
    const free = options.find((o) => inside(o.rect) &&
      ![...placed, ...circles.filter((_, j) => j !== i)].some((b) => overlaps(b, o.rect)));
    const choice = free || options[0];
    placed.push(choice.rect);
    n.label = choice;
  }
}

function edgePath(a, b, offset) {
  const dx = b.x - a.x, dy = b.y - a.y;
  const d = Math.hypot(dx, dy) || 1;
  const nx = -dy / d, ny = dx / d;
  const cx = (a.x + b.x) / 2 + nx * offset, cy = (a.y + b.y) / 2 + ny * offset;
  // end on the target's rim, along the curve's last tangent (control point -> target)
  const tx = b.x - cx, ty = b.y - cy, td = Math.hypot(tx, ty) || 1;
  const ex = b.x - (tx / td) * (b.r + 2), ey = b.y - (ty / td) * (b.r + 2);
  const sx0 = cx - a.x, sy0 = cy - a.y, sd = Math.hypot(sx0, sy0) || 1;
  const sx = a.x + (sx0 / sd) * a.r, sy = a.y + (sy0 / sd) * a.r;
  return `M${sx.toFixed(1)},${sy.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
}

function layout(nodes, edges, index, width, height) {
  const n = nodes.length;
  const cx = width / 2, cy = height / 2;
  const margin = 30, marginX = 70;  // labels are wider than tall
  nodes.forEach((node, i) => {  // start on a circle (most active first), then relax
    const angle = (2 * Math.PI * i) / n;
    const radius = n === 1 ? 0 : Math.min(width, height) / 3;
    node.x = cx + radius * Math.cos(angle);
    node.y = cy + radius * Math.sin(angle);
  });
  if (n === 1) return;
  const pairs = new Set(edges.map((e) => [index.get(e.source), index.get(e.target)].sort((p, q) => p - q).join(",")));
  const links = [...pairs].map((p) => p.split(",").map(Number)).filter(([p, q]) => p !== q);
  const k = 0.55 * Math.sqrt(((width - 2 * marginX) * (height - 2 * margin)) / n);
  const iterations = 320;
  for (let it = 0; it < iterations; it++) {
    const temperature = (width / 8) * (1 - it / iterations) + 0.5;
    const disp = nodes.map(() => [0, 0]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
        let d = Math.hypot(dx, dy);
        if (d < 0.01) { dx = 0.01 * (i - j); dy = 0.01; d = Math.hypot(dx, dy); }
        const f = (k * k) / d;
        disp[i][0] += (dx / d) * f; disp[i][1] += (dy / d) * f;
        disp[j][0] -= (dx / d) * f; disp[j][1] -= (dy / d) * f;
      }
    }
    for (const [i, j] of links) {
      const dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
      const d = Math.hypot(dx, dy) || 0.01;
      const f = (d * d) / k;
      disp[i][0] -= (dx / d) * f; disp[i][1] -= (dy / d) * f;
      disp[j][0] += (dx / d) * f; disp[j][1] += (dy / d) * f;
    }
    nodes.forEach((node, i) => {
      disp[i][0] += (cx - node.x) * 0.45;  // gravity keeps unconnected groups near the centre
      disp[i][1] += (cy - node.y) * 0.45 * (width / height);
      const d = Math.hypot(disp[i][0], disp[i][1]) || 1;
      const step = Math.min(d, temperature);
      node.x = Math.min(width - marginX, Math.max(marginX, node.x + (disp[i][0] / d) * step));
      node.y = Math.min(height - margin / 2, Math.max(margin, node.y + (disp[i][1] / d) * step));
    });
  }
}
