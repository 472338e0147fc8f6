// The event list: one row per event, a page at a time; a row opens the event page.
import {clear, fmtNumber, h, swatch, typeColour} from "./dom.js";

export function drawList(container, page, {onEvent, onPage}) {
  clear(container);
  if (!page.total) {
    container.appendChild(h("p", {class: "empty"}, "No events match these filters."));
    return;
  }
  const table = h("table", {class: "events"},
    h("thead", {}, h("tr", {}, ["Date", "Type", "Actor → recipient", "Place", "Mentions", "Sources", "Status",
      "Confidence"].map((c) => h("th", {scope: "col"}, c)))));
  const body = h("tbody");
  for (const e of page.items) {
    const row = h("tr", {class: "event-row", tabindex: 0, dataset: {eventId: e.event_id}},
      h("td", {class: "date"}, e.date ? e.date.value : "–"),
      h("td", {class: "type"}, swatch(typeColour(e.type)), " ", e.type, e.mode ? h("span", {class: "mode"}, ` ${e.mode}`) : ""),
      h("td", {class: "parties"}, e.actor ? e.actor.name : "?", e.recipient ? ` → ${e.recipient.name}` : ""),
      h("td", {class: "place"}, e.location ? `${e.location.name}${e.location.country ? ", " + e.location.country : ""}` : "–"),
      h("td", {class: "num"}, String(e.n_mentions)),
      h("td", {class: "num"}, String(e.n_sources)),
      h("td", {class: `status status-${e.status}`}, e.status),
      h("td", {class: "num"}, fmtNumber(e.confidence)));
    row.addEventListener("click", () => onEvent(e.event_id));
    row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onEvent(e.event_id); });
    body.appendChild(row);
  }
  table.appendChild(body);
  container.appendChild(table);
  const first = page.offset + 1, last = Math.min(page.total, page.offset + page.items.length);
  const pager = h("p", {class: "pager"},
    h("button", {type: "button", class: "prev", disabled: page.offset === 0}, "← previous"),
    ` ${first}–${last} of ${page.total} `,
    h("button", {type: "button", class: "next", disabled: last >= page.total}, "next →"));
  pager.querySelector(".prev").addEventListener("click", () => onPage(Math.max(0, page.offset - page.limit)));
  pager.querySelector(".next").addEventListener("click", () => onPage(page.offset + page.limit));
  container.appendChild(pager);
}
