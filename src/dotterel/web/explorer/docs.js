// The API reference, drawn from the app's own OpenAPI schema; "try it" sends the GET request
// from this page (the API is read-only). All text goes in as text nodes.
import {clear, h} from "./dom.js";

const $ = (id) => document.getElementById(id);

function typeOf(schema, spec) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, spec)).filter((t) => t !== "null").join(" | ");
  if (schema.enum) return schema.enum.map(String).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items, spec)}[]`;
  let t = schema.type || "object";
  const bounds = [];
  if (schema.minimum !== undefined) bounds.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) bounds.push(`≤ ${schema.maximum}`);
  if (bounds.length) t += ` (${bounds.join(", ")})`;
  return t;
}

function responseSchema(op) {
  const ok = (op.responses || {})["200"] || {};
  const content = ok.content || {};
  const json = content["application/json"];
  if (json && json.schema) return typeOf(json.schema);
  return Object.keys(content).join(", ");
}

function endpoint(path, op, spec) {
  const params = op.parameters || [];
  const inputs = new Map();
  const rows = params.map((p) => {
    const schema = p.schema || {};
    const enumValues = schema.enum || (schema.anyOf || []).flatMap((s) => s.enum || []);
    const input = enumValues.length
      ? h("select", {name: p.name}, h("option", {value: ""}, ""), enumValues.map((v) => h("option", {value: v}, String(v))))
      : h("input", {name: p.name, placeholder: schema.default !== undefined ? String(schema.default) : ""});
    inputs.set(p.name, {input, where: p.in});
    return h("tr", {}, h("td", {}, h("code", {}, p.name), p.required ? " *" : ""), h("td", {}, p.in),
      h("td", {}, typeOf(schema, spec)), h("td", {}, p.description || schema.description || ""), h("td", {}, input));
  });
  const output = h("pre", {class: "response", hidden: true});
  const shown = h("code");
  const send = h("button", {type: "button"}, "Try it");
  send.addEventListener("click", async () => {
    let url = path;
    const query = new URLSearchParams();
    for (const [name, {input, where}] of inputs) {
      const value = input.value.trim();
      if (!value) continue;
      if (where === "path") url = url.replace(`{${name}}`, encodeURIComponent(value));
      else query.set(name, value);
    }
    const target = `${url.replace(/^\//, "")}${query.toString() ? "?" + query : ""}`;
    shown.textContent = `GET /${target}`;
    output.hidden = false;
    try {
      const response = await fetch(target);
      const type = response.headers.get("content-type") || "";
      const body = type.includes("json") ? JSON.stringify(await response.json(), null, 2) : await response.text();
      output.textContent = `HTTP ${response.status}\n${body.length > 200000 ? body.slice(0, 200000) + "\n…" : body}`;
    } catch (err) {
      output.textContent = `failed: ${err.message}`;
    }
  });
  return h("section", {class: "endpoint", id: op.operationId || path},
    h("h3", {}, h("span", {class: "method"}, "GET"), path),
    h("p", {class: "summary"}, op.summary || ""),
    op.description ? h("p", {class: "description"}, op.description) : "",
    rows.length ? h("table", {class: "params"}, h("thead", {}, h("tr", {}, ["name", "in", "type", "description", "value"]
      .map((c) => h("th", {}, c)))), h("tbody", {}, rows)) : "",
    h("p", {class: "try"}, send, " returns ", h("code", {}, responseSchema(op) || "–"), " ", shown),
    output);
}

function schemaSection(name, schema, spec) {
  const props = schema.properties || {};
  const required = new Set(schema.required || []);
  return h("section", {class: "schema", id: `schema-${name}`}, h("h3", {}, name),
    schema.description ? h("p", {class: "description"}, schema.description) : "",
    h("table", {class: "params"}, h("tbody", {}, Object.entries(props).map(([field, p]) => h("tr", {},
      h("td", {}, h("code", {}, field), required.has(field) ? " *" : ""), h("td", {}, typeOf(p, spec)),
      h("td", {}, p.description || ""))))));
}

async function start() {
  const response = await fetch("openapi.json");
  const spec = await response.json();
  $("intro").textContent = `${spec.info.title} ${spec.info.version}: ${spec.info.description || ""}`;
  const toc = h("ul");
  const endpoints = clear($("endpoints"));
  for (const [path, item] of Object.entries(spec.paths)) {
    const op = item.get;
    if (!op) continue;
    toc.appendChild(h("li", {}, h("a", {href: `#${op.operationId || path}`}, path), ` ${op.summary || ""}`));
    endpoints.appendChild(endpoint(path, op, spec));
  }
  clear($("toc")).appendChild(toc);
  const schemas = clear($("schemas"));
  for (const [name, schema] of Object.entries((spec.components || {}).schemas || {})) {
    schemas.appendChild(schemaSection(name, schema, spec));
  }
  document.documentElement.dataset.ready = "docs";
}

start().catch((err) => {
  $("intro").textContent = `Could not load the API schema: ${err.message}`;
});
