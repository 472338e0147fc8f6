// The map: country outlines shipped with the package (Natural Earth, world.json) and one circle
// per located event, sized by its number of mentions and coloured by its type. Plate carrée,
// with the longitude scaled by cos(latitude) of the view's centre so that shapes keep their look.
import {clear, h, s, typeColour} from "./dom.js";

let world = null;

async function loadWorld() {
  if (!world) {
    const response = await fetch("assets/world.json");
    if (!response.ok) throw new Error(`country outlines: HTTP ${response.status}`);
    world = await response.json();
  }
  return world;
}

const WORLD_VIEW = {west: -180, east: 180, south: -58, north: 84};

export async function drawMap(container, geojson, {selectedCountries, onEvent, onCountry, fit = true}) {
  const outlines = await loadWorld();
  clear(container);
  const width = Math.max(container.clientWidth || 0, 320);
  const height = Math.round(Math.min(Math.max(width * 0.6, 240), 460));
  const features = geojson.features.slice().sort((a, b) => b.properties.n_mentions - a.properties.n_mentions);
  const view = fit && features.length ? fitView(features, width / height) : worldView(width / height);
  const k = view.k;
  const vbWidth = (view.east - view.west) * k;
  const vbHeight = view.north - view.south;
  const pxPerUnit = width / vbWidth;

  const svg = s("svg", {class: "map", width, height, viewBox: `${view.west * k} ${-view.north} ${vbWidth} ${vbHeight}`,
    role: "img", "aria-label": `Map of ${features.length} located event(s)`});
  svg.appendChild(s("rect", {class: "sea", x: -400, y: -100, width: 800, height: 200}));
  const countries = s("g", {class: "countries", transform: `scale(${k},1)`});
  for (const c of outlines.countries) {
    const path = s("path", {d: c.d, class: ["country", selectedCountries.includes(c.iso3) && "selected"],
      dataset: {iso3: c.iso3 || ""}}, s("title", {}, c.name));
    if (c.iso3) path.addEventListener("click", () => onCountry(c.iso3));
    countries.appendChild(path);
  }
  svg.appendChild(countries);
  if (view.east - view.west < 120) {  // names help to find one's way in a close view
    const labels = s("g", {class: "country-labels"});
    const size = 10.5 / pxPerUnit;
    for (const c of outlines.countries) {
      const [lx, ly] = c.label || [];
      if (lx === undefined || lx < view.west || lx > view.east || -ly < view.south || -ly > view.north) continue;
      labels.appendChild(s("text", {x: lx * k, y: ly, "font-size": size, "text-anchor": "middle"}, c.name));
    }
    svg.appendChild(labels);
  }

  const markers = s("g", {class: "markers"});
  const spots = spread(features, pxPerUnit, k);
  for (const [x, y, n] of spots.centres) {
    if (n > 1) markers.appendChild(s("circle", {class: "spot", cx: x, cy: y, r: 2.5 / pxPerUnit}));
  }
  features.forEach((f, i) => {
    const [x, y] = spots.positions[i];
    const p = f.properties;
    const radius = Math.min(22, 3.5 + 2.6 * Math.sqrt(p.n_mentions)) / pxPerUnit;
    const who = [p.actor || "?", p.recipient ? `→ ${p.recipient}` : ""].join(" ").trim();
    const circle = s("circle", {class: "marker", cx: x, cy: y, r: radius, fill: typeColour(p.type),
      tabindex: 0, role: "link", dataset: {eventId: p.event_id, type: p.type, mentions: p.n_mentions}},
      s("title", {}, `${p.type}${p.mode ? " (" + p.mode + ")" : ""} · ${p.location_name || ""} · ${p.date || "undated"}` +
        ` · ${who} · ${p.n_mentions} mention(s)`));
    circle.addEventListener("click", () => onEvent(p.event_id));
    circle.addEventListener("keydown", (e) => { if (e.key === "Enter") onEvent(p.event_id); });
    markers.appendChild(circle);
  });
  svg.appendChild(markers);
  container.appendChild(svg);
  const note = [`${features.length} located event(s)`];
  if (geojson.unlocated) note.push(`${geojson.unlocated} without coordinates`);
  container.appendChild(h("p", {class: "note"}, note.join(" · "), " · country outlines: Natural Earth"));
}

// Events at the same coordinates are laid out around them in a sunflower spiral (the biggest
// nearest the centre), so that every one can be seen and clicked; a dot marks the true place.
function spread(features, pxPerUnit, k) {
  const groups = new Map();
  features.forEach((f, i) => {
    const [lon, lat] = f.geometry.coordinates;
    const key = `${lon.toFixed(2)},${lat.toFixed(2)}`;
    (groups.get(key) || groups.set(key, {x: lon * k, y: -lat, members: []}).get(key)).members.push(i);
  });
  const positions = new Array(features.length);
  const centres = [];
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (const g of groups.values()) {
    centres.push([g.x, g.y, g.members.length]);
    g.members.forEach((index, j) => {
      if (g.members.length === 1) { positions[index] = [g.x, g.y]; return; }
      const distance = (9 * Math.sqrt(j + 0.5)) / pxPerUnit;
      positions[index] = [g.x + distance * Math.cos(j * golden), g.y + distance * Math.sin(j * golden)];
    });
  }
  return {positions, centres};
}

function worldView(aspect) {
  return adjust({...WORLD_VIEW}, aspect, 1);
}

function fitView(features, aspect) {
  const lons = features.map((f) => f.geometry.coordinates[0]);
  const lats = features.map((f) => f.geometry.coordinates[1]);
  let west = Math.min(...lons), east = Math.max(...lons), south = Math.min(...lats), north = Math.max(...lats);
  const padLon = Math.max(9, (east - west) * 0.25), padLat = Math.max(6, (north - south) * 0.25);
  west -= padLon; east += padLon; south -= padLat; north += padLat;
  const k = Math.min(1, Math.max(0.35, Math.cos((((north + south) / 2) * Math.PI) / 180)));
  return adjust({west, east, south, north}, aspect, k);
}

// widen the view along one axis so that it has the drawing's aspect ratio
function adjust(view, aspect, k) {
  const w = (view.east - view.west) * k, hgt = view.north - view.south;
  if (w / hgt < aspect) {
    const extra = (hgt * aspect - w) / k / 2;
    view.west -= extra; view.east += extra;
  } else {
    const extra = (w / aspect - hgt) / 2;
    view.south -= extra; view.north += extra;
  }
  return {...view, k};
}
