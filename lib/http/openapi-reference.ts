// A readable page of the OpenAPI document, rendered on the server: plain HTML with no script and
// nothing fetched from elsewhere, so it works offline and under any content security policy.
type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
/** Inline code spans (`x`) in the document's prose. */
const prose = (s: unknown) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");
const refName = (ref: string) => ref.split("/").pop()!;

let inScope: Record<string, Json> = {};

/** A schema as a short type: `Task`, `string[]`, `"a" | "b"`, `{ task: Task }`. */
function typeOf(s: Json | undefined, depth = 0): string {
  if (!s) return "any";
  // An operation's own answer shape is written out where it is used; shared shapes link.
  if (typeof s.$ref === "string" && refName(s.$ref).endsWith("Response") && inScope[refName(s.$ref)])
    return typeOf(inScope[refName(s.$ref)], depth);
  if (typeof s.$ref === "string") return `<a href="#schema-${esc(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`;
  const orNull = s.nullable ? " | null" : "";
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    if (Array.isArray(s[key])) return (s[key] as Json[]).map((m) => typeOf(m, depth)).join(key === "allOf" ? " &amp; " : " | ") + orNull;
  }
  if (Array.isArray(s.enum)) return s.enum.map((v) => esc(JSON.stringify(v))).join(" | ") + orNull;
  if (s.type === "array") return `${typeOf(s.items as Json, depth)}[]${orNull}`;
  if (s.type === "object" || s.properties) {
    const props = Object.entries((s.properties as Record<string, Json> | undefined) ?? {});
    if (props.length === 0) return `object${orNull}`;
    if (depth > 0) return `{ ${props.map(([k]) => esc(k)).join(", ")} }${orNull}`;
    return `{ ${props.map(([k, v]) => `${esc(k)}: ${typeOf(v, depth + 1)}`).join(", ")} }${orNull}`;
  }
  const format = s.format ? ` (${esc(s.format)})` : "";
  return `${esc(s.type ?? "any")}${format}${orNull}`;
}

/** An object schema as a table of its fields. */
function fields(s: Json): string {
  const props = Object.entries((s.properties as Record<string, Json> | undefined) ?? {});
  if (props.length === 0) return `<p><code>${typeOf(s)}</code></p>`;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows = props.map(
    ([k, v]) =>
      `<tr><td><code>${esc(k)}</code>${required.has(k) ? "" : " <small>optional</small>"}</td><td><code>${typeOf(v, 1)}</code></td><td>${prose(v.description ?? "")}</td></tr>`,
  );
  return `<table><tr><th>field</th><th>type</th><th></th></tr>${rows.join("")}</table>`;
}

function operation(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const responses = Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
    if (typeof r.$ref === "string")
      return `<li><b>${esc(status)}</b> <a href="#response-${esc(refName(r.$ref))}">${esc(refName(r.$ref))}</a></li>`;
    const content = Object.entries((r.content as Record<string, Json> | undefined) ?? {});
    const types = content.map(([type, c]) => `<code>${esc(type)}</code> <code>${typeOf(c.schema as Json)}</code>`).join("; ");
    return `<li><b>${esc(status)}</b> ${prose(r.description ?? "")}${types ? ` — ${types}` : ""}</li>`;
  });
  return `<details id="${esc(op.operationId)}"><summary><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code> ${prose(op.summary)}</summary>
<p><code>operationId: ${esc(op.operationId)}</code>${Array.isArray(op.security) && op.security.length === 0 ? " · no credentials needed" : ""}</p>
${op.description ? `<p>${prose(op.description)}</p>` : ""}
${params.length ? `<h4>Parameters</h4><table>${params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}${p.required ? "" : ", optional"}</td><td><code>${typeOf(p.schema as Json)}</code></td><td>${prose(p.description ?? "")}</td></tr>`).join("")}</table>` : ""}
${
  body
    ? `<h4>Body</h4>${Object.values(body)
        .map((c) => fields(c.schema as Json))
        .join("")}`
    : ""
}
<h4>Answers</h4><ul>${responses.join("")}</ul></details>`;
}

export function renderReference(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const components = doc.components as { schemas: Record<string, Json>; responses: Record<string, Json> };
  inScope = components.schemas;
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = (op.tags as string[] | undefined)?.[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op)]);
    }
  }
  const tags = ((doc.tags as Json[] | undefined) ?? []).filter((t) => byTag.has(String(t.name)));
  const sections = tags.map(
    (t) => `<section><h2 id="tag-${esc(t.name)}">${esc(t.description ?? t.name)}</h2>${byTag.get(String(t.name))!.join("\n")}</section>`,
  );
  const schemas = Object.entries(components.schemas)
    .filter(([name]) => !name.endsWith("Response"))
    .map(
      ([name, s]) => `<h3 id="schema-${esc(name)}">${esc(name)}</h3>${s.description ? `<p>${prose(s.description)}</p>` : ""}${fields(s)}`,
    );
  const errors = Object.entries(components.responses).map(
    ([name, r]) => `<li id="response-${esc(name)}"><b>${esc(name)}</b>: ${prose(r.description)}</li>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1c1917}
code{font:13px ui-monospace,monospace}details{border:1px solid #e7e5e4;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
summary{cursor:pointer}table{border-collapse:collapse;margin:.3rem 0}td,th{border-bottom:1px solid #e7e5e4;padding:.2rem .6rem;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:4.2rem;font:bold 12px ui-monospace,monospace}.get{color:#15803d}.post{color:#1d4ed8}.patch{color:#a16207}.delete{color:#b91c1c}
h4{margin:.6rem 0 .2rem}small{color:#78716c}
</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<p>Base URL <code>${esc((doc.servers as Json[])[0]?.url)}</code> · the same contract as JSON: <a href="openapi.json"><code>openapi.json</code></a></p>
<nav>${tags.map((t) => `<a href="#tag-${esc(t.name)}">${esc(t.name)}</a>`).join(" · ")} · <a href="#schemas">schemas</a> · <a href="#errors">errors</a></nav>
${sections.join("\n")}
<section><h2 id="errors">Errors</h2><p>Every error answer is <a href="#schema-Error"><code>Error</code></a>.</p><ul>${errors.join("")}</ul></section>
<section><h2 id="schemas">Schemas</h2>${schemas.join("\n")}</section>
</body></html>`;
}
