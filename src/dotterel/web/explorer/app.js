// The explorer: filters in the URL (so a view can be shared), the overview (timeline, map,
// network, event list) and the event page, all drawn from the REST API under api/.
import {clear, h, setVocabulary} from "./dom.js";
import {drawEvent} from "./eventview.js";
import {drawList} from "./list.js";
import {drawMap} from "./map.js";
import {drawNetwork} from "./network.js";
import {drawTimeline} from "./timeline.js";

const FILTERS = ["start_date", "end_date", "country", "event_type", "actor", "status", "min_confidence"];
const VIEW = ["sort", "offset", "by", "bucket", "map", "event"];
const DEFAULTS = {sort: "date", offset: "0", by: "type", bucket: "auto", map: "fit"};
const PAGE = 25;

const $ = (id) => document.getElementById(id);
let vocabulary = null;
let renderSeq = 0;

// -- state: the URL's query string is the whole state ---------------------------------------
function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = {};
  for (const key of [...FILTERS, ...VIEW]) {
    const values = params.getAll(key).map((v) => v.trim()).filter(Boolean);
    if (values.length) state[key] = values.join(",");
  }
  return state;
}

function filtersOf(state) {
  const out = {};
  for (const key of FILTERS) if (state[key]) out[key] = state[key];
  return out;
}

function go(changes, {replace = false} = {}) {
  const state = {...readState(), ...changes};
  const params = new URLSearchParams();
  for (const key of [...FILTERS, ...VIEW]) {
    const value = state[key];
    if (value === undefined || value === null || value === "" || value === DEFAULTS[key]) continue;
    params.set(key, value);
  }
  const query = params.toString();
  const url = `${window.location.pathname}${query ? "?" + query : ""}`;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  render();
}

function setFilters(filters) {
  go({...filters, offset: undefined, event: undefined});
}

// -- the API ------------------------------------------------------------------------------------
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") query.set(k, v);
  const qs = query.toString();
  const response = await fetch(`api/${path}${qs ? "?" + qs : ""}`, {headers: {Accept: "application/json"}});
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) throw new Error((body && body.error) || `HTTP ${response.status}`);
  return body;
}

// -- the filter form ----------------------------------------------------------------------------
function option(value, label) {
  return h("option", {value}, label);
}

function fillSelect(select, items, current) {
  clear(select);
  select.appendChild(option("", "any"));
  for (const [value, label] of items) select.appendChild(option(value, label));
  if (current && ![...select.options].some((o) => o.value === current)) select.appendChild(option(current, current));
  select.value = current || "";
}

function fillForm(state, meta) {
  const form = $("filters");
  fillSelect(form.elements.country, meta.countries.map((c) => [c.code, `${c.name} (${c.count})`]), state.country);
  const present = new Map(meta.types.map((t) => [t.type, t.count]));
  fillSelect(form.elements.event_type, vocabulary.types.map((t) => [t.type,
    `${t.type}${present.has(t.type) ? " (" + present.get(t.type) + ")" : ""}`]), state.event_type);
  fillSelect(form.elements.status, vocabulary.statuses.map((st) => [st, st]), state.status);
  for (const key of ["start_date", "end_date", "actor", "min_confidence"]) form.elements[key].value = state[key] || "";
  if (meta.date_range.start) form.elements.start_date.placeholder = meta.date_range.start;
  if (meta.date_range.end) form.elements.end_date.placeholder = meta.date_range.end;
}

function formFilters() {
  const form = $("filters");
  const out = {};
  for (const key of FILTERS) {
    const value = (form.elements[key].value || "").trim();
    out[key] = value || undefined;
  }
  return out;
}

async function fillActors(filters) {
  const list = $("actor-list");
  try {
    const actors = await api("actors", {...filters, actor: undefined, limit: 200});
    clear(list);
    for (const a of actors.items) list.appendChild(h("option", {value: a.filter}, `${a.name} (${a.n_events})`));
  } catch (e) { /* suggestions are a convenience */ }
}

function notice(message) {
  const el = $("notice");
  el.textContent = message || "";
  el.hidden = !message;
}

function updateDownloads(filters) {
  const qs = new URLSearchParams(filters).toString();
  $("dl-csv").setAttribute("href", `api/events.csv${qs ? "?" + qs : ""}`);
  $("dl-json").setAttribute("href", `api/events.json${qs ? "?" + qs : ""}`);
}

// -- views --------------------------------------------------------------------------------------
async function render() {
  const seq = ++renderSeq;
  const root = document.documentElement;
  root.dataset.ready = "";
  const state = readState();
  const filters = filtersOf(state);
  notice("");
  try {
    if (!vocabulary) {
      const all = await api("meta");
      vocabulary = all.vocabulary;
      setVocabulary(vocabulary.types);
    }
    const meta = await api("meta", filters);
    if (seq !== renderSeq) return;
    fillForm(state, meta);
    updateDownloads(filters);
    fillActors(filters);
    $("summary").textContent = `${meta.n_events} event(s) from ${meta.n_mentions} mention(s) in ` +
      `${meta.n_articles} article(s)` + (meta.date_range.start ? `, ${meta.date_range.start} – ${meta.date_range.end}` : "");
    if (state.event) await renderEvent(state, seq);
    else await renderOverview(state, filters, meta, seq);
    if (seq === renderSeq) root.dataset.ready = state.event ? "event" : "overview";
  } catch (err) {
    if (seq !== renderSeq) return;
    notice(`Could not load: ${err.message}`);
    root.dataset.ready = "error";
  }
}

async function renderOverview(state, filters, meta, seq) {
  $("overview").hidden = false;
  $("event-view").hidden = true;
  document.title = "dotterel explorer";
  if (!meta.n_events) notice("No events match these filters." + (Object.keys(filters).length ? " Reset them to see all." : ""));
  const offset = Number(state.offset || 0);
  const [timeline, places, network, page] = await Promise.all([
    api("timeline", {...filters, by: state.by || "type", bucket: state.bucket || "auto"}),
    api("places", filters),
    api("network", filters),
    api("events", {...filters, offset, limit: PAGE, sort: state.sort || "date"}),
  ]);
  if (seq !== renderSeq) return;
  $("by").value = state.by || "type";
  $("bucket").value = state.bucket || "auto";
  $("sort").value = state.sort || "date";
  $("map-view").textContent = state.map === "world" ? "fit to events" : "whole world";
  drawTimeline($("timeline"), timeline, {
    onBucket: (b) => setFilters({start_date: b.start, end_date: b.end}),
    onSeries: (key) => setFilters(timeline.by === "type" ? {event_type: key}
      : {event_type: vocabulary.types.filter((t) => String(t.quad) === key).map((t) => t.type).join(",")}),
  });
  drawList($("events"), page, {onEvent: openEvent, onPage: (o) => go({offset: String(o)})});
  drawNetwork($("network"), network, {
    onActor: (n) => setFilters({actor: n.filter}),
    onEdge: (a, b, e) => setFilters({actor: a.filter, event_type: e.type}),
  });
  await drawMap($("map"), places, {
    selectedCountries: (filters.country || "").split(",").filter(Boolean),
    fit: state.map !== "world",
    onEvent: openEvent,
    onCountry: (iso3) => setFilters({country: filters.country === iso3 ? undefined : iso3}),
  });
}

async function renderEvent(state, seq) {
  const detail = await api(`events/${encodeURIComponent(state.event)}`);
  if (seq !== renderSeq) return;
  $("overview").hidden = true;
  const view = $("event-view");
  view.hidden = false;
  document.title = `${detail.event.type} · dotterel explorer`;
  drawEvent(view, detail, {
    api,
    quads: vocabulary.quads,
    onBack: () => go({event: undefined}),
    onActor: (ref) => setFilters({actor: ref.filter || ref.entity_id || ref.name}),
  });
  window.scrollTo(0, 0);
}

function openEvent(eventId) {
  go({event: eventId});
}

// -- wiring -------------------------------------------------------------------------------------
function start() {
  const form = $("filters");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    setFilters(formFilters());
  });
  $("reset").addEventListener("click", () => setFilters(Object.fromEntries(FILTERS.map((k) => [k, undefined]))));
  $("by").addEventListener("change", (ev) => go({by: ev.target.value}, {replace: true}));
  $("bucket").addEventListener("change", (ev) => go({bucket: ev.target.value}, {replace: true}));
  $("sort").addEventListener("change", (ev) => go({sort: ev.target.value, offset: undefined}));
  $("map-view").addEventListener("click", () => go({map: readState().map === "world" ? undefined : "world"},
    {replace: true}));
  $("home").addEventListener("click", (ev) => {
    ev.preventDefault();
    go({event: undefined});
  });
  window.addEventListener("popstate", render);
  let width = window.innerWidth;
  window.addEventListener("resize", () => {
    if (Math.abs(window.innerWidth - width) > 40 && !readState().event) {
      width = window.innerWidth;
      render();
    }
  });
  render();
}

start();
