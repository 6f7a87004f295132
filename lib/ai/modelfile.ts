// Modelfiles for a Cairn planner model: the one Cairn proposes for a base model, and reading one
// the user edited into what Ollama's /api/create takes. Current Ollama no longer reads a Modelfile
// on the server (its CLI parses it and sends `from`, `system`, `template`, `parameters`,
// `messages`), so Cairn does the same. Pure: the settings page shows the proposal and the same
// errors as the server.

/** The SYSTEM prompt Cairn proposes: what a planning model is for, and how it answers. */
export const PLANNER_SYSTEM_PROMPT = [
  "You are Cairn's planning model. You turn product requirements, tasks and questions about a software project into a practical plan.",
  "Break work into small tasks a developer can finish and test on their own, each with a clear title, a short description, implementation details and a test strategy.",
  "Add a dependency only where a task truly cannot start before another is done. Score complexity from 1 (trivial) to 10 (must be broken down further).",
  "Use the project's own words and never invent requirements it does not state.",
  "When asked for JSON, answer with exactly one JSON document that follows the given schema: no prose, no code fences, no reasoning before or after it.",
].join("\n");

/** What a PARAMETER line may set, by the type Ollama expects (api.Options). */
const INT_PARAMETERS = new Set([
  "num_ctx",
  "num_predict",
  "num_keep",
  "top_k",
  "seed",
  "repeat_last_n",
  "num_batch",
  "num_gpu",
  "main_gpu",
  "num_thread",
]);
const FLOAT_PARAMETERS = new Set(["temperature", "top_p", "min_p", "repeat_penalty", "presence_penalty", "frequency_penalty"]);
const BOOL_PARAMETERS = new Set(["use_mmap"]);
const LIST_PARAMETERS = new Set(["stop"]);

export type ModelfileParameters = Record<string, number | boolean | string[]>;

/** The body of Ollama's /api/create without `model` and `stream`. */
export interface CreateRequestFields {
  from: string;
  system?: string;
  template?: string;
  license?: string[];
  parameters?: ModelfileParameters;
  messages?: { role: string; content: string }[];
}

export type ModelfileResult = { ok: true; request: CreateRequestFields } | { ok: false; errors: string[] };

/** "qwen3:8b" → "cairn-planner:qwen3-8b", "llama3.2:latest" → "cairn-planner:llama3.2". */
export function plannerModelName(base: string): string {
  const short = base
    .replace(/:latest$/i, "")
    .replace(/^cairn-planner:/i, "")
    .split("/")
    .pop()!
    .replace(/[^a-zA-Z0-9._-]+/g, "-")
    .replace(/^[^a-zA-Z0-9_]+/, "")
    .slice(0, 80);
  return short ? `cairn-planner:${short}` : "cairn-planner";
}

/**
 * The Modelfile Cairn proposes: FROM the base, the planning SYSTEM prompt, a low temperature for
 * steady structured answers, and a context window that fits both Cairn's setting and the base.
 */
export function proposeModelfile(opts: { base: string; contextLength: number | null; numCtx: number; temperature: number }): string {
  const numCtx = opts.contextLength ? Math.min(opts.numCtx, opts.contextLength) : opts.numCtx;
  return [
    `FROM ${opts.base}`,
    "",
    `SYSTEM """${PLANNER_SYSTEM_PROMPT}"""`,
    "",
    `PARAMETER temperature ${opts.temperature}`,
    `PARAMETER num_ctx ${numCtx}`,
    "PARAMETER top_p 0.9",
    "PARAMETER repeat_penalty 1.1",
    "",
  ].join("\n");
}

const INSTRUCTION = /^(FROM|SYSTEM|TEMPLATE|PARAMETER|MESSAGE|LICENSE|ADAPTER|REQUIRES|RENDERER|PARSER)\b\s*(.*)$/i;

/** Reads a value that may be """multi-line""", "quoted" or bare; returns it and the lines used. */
function readValue(first: string, lines: string[], from: number): { value: string; next: number } | { error: string } {
  if (first.startsWith('"""')) {
    const rest = first.slice(3);
    const close = rest.indexOf('"""');
    if (close >= 0) return { value: rest.slice(0, close), next: from + 1 };
    const parts = [rest];
    for (let i = from + 1; i < lines.length; i++) {
      const line = lines[i]!;
      const end = line.indexOf('"""');
      if (end >= 0) {
        parts.push(line.slice(0, end));
        return { value: parts.join("\n"), next: i + 1 };
      }
      parts.push(line);
    }
    return { error: `line ${from + 1}: a """ block is never closed` };
  }
  if (first.startsWith('"') && first.endsWith('"') && first.length >= 2) {
    return { value: first.slice(1, -1).replace(/\\"/g, '"'), next: from + 1 };
  }
  return { value: first.trim(), next: from + 1 };
}

function typedParameter(name: string, raw: string): number | boolean | string | { error: string } {
  if (name === "typical_p") return { error: "typical_p can no longer be set in a Modelfile (Ollama refuses it)" };
  if (INT_PARAMETERS.has(name)) {
    if (!/^-?\d+$/.test(raw)) return { error: `${name} must be a whole number, not "${raw}"` };
    return Number(raw);
  }
  if (FLOAT_PARAMETERS.has(name)) {
    const n = Number(raw);
    if (raw === "" || !Number.isFinite(n)) return { error: `${name} must be a number, not "${raw}"` };
    return n;
  }
  if (BOOL_PARAMETERS.has(name)) {
    if (raw !== "true" && raw !== "false") return { error: `${name} must be true or false, not "${raw}"` };
    return raw === "true";
  }
  if (LIST_PARAMETERS.has(name)) return raw.replace(/^"(.*)"$/, "$1");
  return { error: `unknown PARAMETER "${name}"` };
}

/** Checks that only need the Modelfile and what is known about the base model. */
export function parseModelfile(text: string, base?: { contextLength: number | null }): ModelfileResult {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const errors: string[] = [];
  const request: Partial<CreateRequestFields> & { parameters: ModelfileParameters } = { parameters: {} };
  const messages: { role: string; content: string }[] = [];
  const licenses: string[] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) {
      i++;
      continue;
    }
    const m = INSTRUCTION.exec(line);
    if (!m) {
      errors.push(
        `line ${i + 1}: "${line.slice(0, 40)}" is not a Modelfile instruction (FROM, SYSTEM, PARAMETER, TEMPLATE, MESSAGE, LICENSE)`,
      );
      i++;
      continue;
    }
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (keyword === "PARAMETER" || keyword === "MESSAGE") {
      const sp = /^(\S+)\s+([\s\S]*)$/.exec(args);
      if (!sp) {
        errors.push(`line ${i + 1}: ${keyword} needs a name and a value`);
        i++;
        continue;
      }
      const read = readValue(sp[2]!.trim(), lines, i);
      if ("error" in read) {
        errors.push(read.error);
        break;
      }
      const name = sp[1]!.toLowerCase();
      if (keyword === "MESSAGE") {
        if (!["system", "user", "assistant"].includes(name)) errors.push(`line ${i + 1}: MESSAGE role must be system, user or assistant`);
        else messages.push({ role: name, content: read.value });
      } else {
        const value = typedParameter(name, read.value);
        if (typeof value === "object") errors.push(`line ${i + 1}: ${value.error}`);
        else if (typeof value === "string") request.parameters[name] = [...((request.parameters[name] as string[]) ?? []), value];
        else request.parameters[name] = value;
      }
      i = read.next;
      continue;
    }
    const read = readValue(args, lines, i);
    if ("error" in read) {
      errors.push(read.error);
      break;
    }
    switch (keyword) {
      case "FROM":
        if (request.from) errors.push(`line ${i + 1}: only one FROM is allowed`);
        else if (!read.value) errors.push(`line ${i + 1}: FROM needs a model name`);
        else if (/^[./~]|\.gguf$|^sha256[:-]/i.test(read.value))
          errors.push(`line ${i + 1}: FROM must name an installed model (files and blobs cannot be sent from here)`);
        else request.from = read.value;
        break;
      case "SYSTEM":
        request.system = read.value;
        break;
      case "TEMPLATE":
        request.template = read.value;
        break;
      case "LICENSE":
        licenses.push(read.value);
        break;
      default:
        errors.push(`line ${i + 1}: ${keyword} is not supported here`);
    }
    i = read.next;
  }
  if (!request.from && !errors.some((e) => e.includes("FROM"))) errors.push("The Modelfile needs a FROM line naming the base model");
  const numCtx = request.parameters.num_ctx;
  if (typeof numCtx === "number") {
    if (numCtx < 256) errors.push(`num_ctx ${numCtx} is too small; use at least 256`);
    else if (base?.contextLength && numCtx > base.contextLength) {
      errors.push(
        `num_ctx ${numCtx} is more than ${request.from ?? "the base model"} can hold (${base.contextLength.toLocaleString("en-US")} tokens); use ${base.contextLength} or less`,
      );
    }
  }
  const temperature = request.parameters.temperature;
  if (typeof temperature === "number" && (temperature < 0 || temperature > 2)) errors.push("temperature must be between 0 and 2");
  if (errors.length) return { ok: false, errors };
  const out: CreateRequestFields = { from: request.from! };
  if (request.system !== undefined) out.system = request.system;
  if (request.template !== undefined) out.template = request.template;
  if (licenses.length) out.license = licenses;
  if (Object.keys(request.parameters).length) out.parameters = request.parameters;
  if (messages.length) out.messages = messages;
  return { ok: true, request: out };
}
