// The event page: the event, and every mention of it with its article and the text that says so,
// the evidence, trigger, actor, recipient, place and date highlighted.
import {clear, fmtNumber, h, plural, safeUrl, swatch, typeColour} from "./dom.js";

const ROLE_LABEL = {evidence: "evidence", trigger: "trigger", actor: "actor", recipient: "recipient", place: "place",
  date: "date"};
const INNER_ROLES = ["trigger", "actor", "recipient", "place", "date"];

export function drawEvent(container, detail, {api, onBack, onActor, quads = {}}) {
  clear(container);
  const e = detail.event;
  const actor = e.actor ? e.actor.name : "?";
  const recipient = e.recipient ? e.recipient.name : null;
  container.appendChild(h("p", {class: "back"}, h("a", {href: "#", class: "back-link", onclick: (ev) => {
    ev.preventDefault(); onBack();
  }}, "← all events")));
  container.appendChild(h("h2", {class: "event-title"}, swatch(typeColour(e.type)), " ", e.type,
    e.mode ? ` (${e.mode})` : "", " · ", actorLink(e.actor, onActor, actor),
    recipient ? [" → ", actorLink(e.recipient, onActor, recipient)] : ""));

  const facts = [
    ["Date", e.date ? `${e.date.value} (${e.date.precision}${e.date.how ? ", " + e.date.how : ""})` : "undated"],
    ["Place", e.location ? placeText(e.location) : "unknown"],
    ["Status", e.status],
    ["Confidence", fmtNumber(e.confidence)],
    ["Reported", `${plural(e.n_mentions, "mention")} in ${plural(e.n_articles, "article")} from ` +
      `${plural(e.n_outlets, "outlet")}; ${plural(e.n_sources, "independent source")}`],
    ["Seen", `${e.first_seen || "?"} – ${e.last_seen || "?"}`],
  ];
  if (e.context && e.context.length) facts.push(["Context", e.context.join(", ")]);
  if (e.quad) facts.push(["Quad category", `${e.quad}${quads[e.quad] ? ": " + quads[e.quad] : ""}`]);
  if (detail.aliases.length) facts.push(["Former ids", detail.aliases.join(", ")]);
  facts.push(["Event id", e.event_id]);
  container.appendChild(h("dl", {class: "facts"}, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));

  container.appendChild(h("h3", {}, `${plural(detail.mentions.length, "mention")}`));
  container.appendChild(h("p", {class: "legend-line"}, "Highlighted: ",
    ["evidence", ...INNER_ROLES].map((role) => h("span", {class: `hl hl-${role} key`}, ROLE_LABEL[role]))));
  for (const m of detail.mentions) container.appendChild(mentionCard(m, api));
}

function actorLink(ref, onActor, label) {
  if (!ref) return label;
  return h("a", {href: "#", class: "actor-link", title: `Show the events of ${ref.name}`, onclick: (ev) => {
    ev.preventDefault(); onActor(ref);
  }}, label);
}

function placeText(loc) {
  const parts = [loc.name];
  if (loc.admin1 && loc.admin1 !== loc.name) parts.push(loc.admin1);
  if (loc.country) parts.push(loc.country);
  let text = parts.join(", ");
  if (loc.lat !== null && loc.lon !== null) text += ` (${fmtNumber(loc.lat, 2)}, ${fmtNumber(loc.lon, 2)})`;
  text += ` · precision ${loc.precision}`;
  return text;
}

function mentionCard(m, api) {
  const a = m.article || {};
  const url = safeUrl(a.url);
  const title = a.title || a.doc_id || m.doc_id;
  const head = h("header", {},
    h("h4", {class: "article-title"}, url ? h("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"},
      title) : title),
    h("p", {class: "source"}, [a.outlet || "unknown outlet", a.published || "undated", a.doc_id || m.doc_id]
      .join(" · "), url ? [" · ", h("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank",
      class: "url"}, url)] : "", a.source_id && a.source_id !== a.doc_id ? ` · copy of ${a.source_id}` : ""));
  const facts = [
    `${m.type}${m.mode ? " (" + m.mode + ")" : ""}`,
    `status: ${m.status}`,
    m.attributed_to ? `attributed to: ${m.attributed_to}` : "not attributed",
    `confidence ${fmtNumber(m.confidence)}`,
  ];
  if (m.section && m.section !== "story") facts.push(`in a ${m.section}`);
  const parts = [
    ["actor", m.actor ? `${m.actor.name}${m.actor.text && m.actor.text !== m.actor.name ? " (“" + m.actor.text + "”)" : ""}` : "–"],
    ["recipient", m.recipient ? `${m.recipient.name}${m.recipient.text && m.recipient.text !== m.recipient.name
      ? " (“" + m.recipient.text + "”)" : ""}` : "–"],
    ["place", m.location ? m.location.name : "–"],
    ["date", m.date ? `${m.date.value}${m.date.text ? " (“" + m.date.text + "”)" : ""}` : "–"],
  ];
  const link = m.link;
  let why = "";
  if (link) {
    why = link.rank === 0 ? "the earliest report: the event's canonical mention"
      : `joined with ${link.joined_with || "?"} (similarity ${fmtNumber(link.score)}, mean ${fmtNumber(link.mean_score)})` +
        (link.reason ? `: ${link.reason}` : "");
  }
  const text = h("blockquote", {class: "article-text"});
  renderText(text, m.window.text, m.window.start, m.spans, m.window.clipped_start, m.window.clipped_end);
  const more = h("button", {type: "button", class: "link more"}, "show the whole article");
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const full = await api(`articles/${encodeURIComponent(m.doc_id)}`);
      renderText(text, full.text, 0, m.spans, false, false);
      more.remove();
      const mark = text.querySelector("mark.hl-evidence");
      if (mark) mark.scrollIntoView({block: "center"});
    } catch (err) {
      more.disabled = false;
      more.textContent = `could not load the article: ${err.message}`;
    }
  });
  return h("article", {class: "mention", dataset: {mentionId: m.mention_id}}, head,
    h("p", {class: "mention-facts"}, facts.join(" · ")),
    h("p", {class: "mention-parts"}, parts.map(([role, value]) => h("span", {class: "part"},
      h("span", {class: `hl hl-${role} key`}, role), " ", value))),
    text, h("p", {class: "mention-foot"}, more, why ? h("span", {class: "why"}, why) : ""));
}

/** The text from `offset` on, cut into segments at every span boundary; each segment wrapped
 *  in the highlights that cover it: sentence (span) > evidence (mark) > role (span). */
export function renderText(container, text, offset, spans, clippedStart, clippedEnd) {
  clear(container);
  const end = offset + text.length;
  const inside = spans.filter((sp) => sp.end > offset && sp.start < end);
  const cuts = new Set([offset, end]);
  for (const sp of inside) {
    cuts.add(Math.max(offset, sp.start));
    cuts.add(Math.min(end, sp.end));
  }
  const points = [...cuts].sort((p, q) => p - q);
  if (clippedStart) container.appendChild(document.createTextNode("… "));
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a - offset, b - offset);
    const roles = inside.filter((sp) => sp.start <= a && sp.end >= b);
    let node = document.createTextNode(piece);
    const inner = roles.filter((sp) => INNER_ROLES.includes(sp.role));
    if (inner.length) {
      node = h("span", {class: ["hl", ...inner.map((sp) => `hl-${sp.role}`)],
        title: inner.map((sp) => `${sp.role}${sp.located === "search" ? " (found in the sentence)" : ""}`).join(", ")},
        node);
    }
    if (roles.some((sp) => sp.role === "evidence")) node = h("mark", {class: "hl hl-evidence"}, node);
    if (roles.some((sp) => sp.role === "sentence")) node = h("span", {class: "hl-sentence"}, node);
    container.appendChild(node);
  }
  if (clippedEnd) container.appendChild(document.createTextNode(" …"));
}
