// A strict reader of Prometheus' text exposition format (version 0.0.4), for the metrics spec:
// every line must be a HELP, a TYPE or a sample of a declared family, with valid names, quoted
// and escaped label values and numeric values; histograms must be whole (cumulative buckets up to
// +Inf equal to _count, a _sum). Throws with the line number on anything else.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string;
  samples: Sample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

function parseValue(raw: string, at: string): number {
  if (raw === "+Inf") return Infinity;
  if (raw === "-Inf") return -Infinity;
  if (raw === "NaN") return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`${at}: "${raw}" is not a number`);
  return Number(raw);
}

function parseLabels(src: string, at: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 0;
  for (;;) {
    if (src[i] === "}") return { labels, rest: src.slice(i + 1) };
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(src.slice(i));
    if (!m) throw new Error(`${at}: bad label at "${src.slice(i, i + 20)}"`);
    const name = m[1]!;
    if (name in labels) throw new Error(`${at}: label ${name} twice`);
    i += m[0].length;
    let value = "";
    for (;;) {
      const c = src[i];
      if (c === undefined) throw new Error(`${at}: unterminated label value`);
      if (c === "\\") {
        const n = src[i + 1];
        if (n === "n") value += "\n";
        else if (n === "\\" || n === '"') value += n;
        else throw new Error(`${at}: bad escape \\${n}`);
        i += 2;
        continue;
      }
      if (c === "\n") throw new Error(`${at}: newline in a label value`);
      if (c === '"') {
        i++;
        break;
      }
      value += c;
      i++;
    }
    labels[name] = value;
    if (src[i] === ",") i++;
    else if (src[i] !== "}") throw new Error(`${at}: expected , or } after label ${name}`);
  }
}

/** The family a sample name belongs to (histogram and summary series carry suffixes). */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  if (families.has(name)) return families.get(name);
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (name.endsWith(suffix)) {
      const f = families.get(name.slice(0, -suffix.length));
      if (f && (f.type === "histogram" || (f.type === "summary" && suffix !== "_bucket"))) return f;
    }
  }
  return undefined;
}

export function parsePrometheus(text: string): Map<string, Family> {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const families = new Map<string, Family>();
  const lines = text.slice(0, -1).split("\n");
  lines.forEach((line, n) => {
    const at = `line ${n + 1}`;
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) {
        if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`${at}: malformed ${line}`);
        return; // a comment
      }
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!METRIC.test(name)) throw new Error(`${at}: bad metric name ${name}`);
      const f = families.get(name) ?? { name, type: "untyped" as const, help: "", samples: [] };
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`${at}: unknown type ${rest}`);
        if (f.samples.length) throw new Error(`${at}: TYPE after samples of ${name}`);
        f.type = rest as Family["type"];
      } else f.help = rest;
      families.set(name, f);
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{?)(.*)$/.exec(line);
    if (!m) throw new Error(`${at}: not a sample: ${line}`);
    const [, name, brace, tail] = m as unknown as [string, string, string, string];
    let labels: Record<string, string> = {};
    let rest = tail;
    if (brace) ({ labels, rest } = parseLabels(tail, at));
    const parts = rest.trim().split(/\s+/);
    if (!rest.startsWith(" ") || parts.length < 1 || parts.length > 2) throw new Error(`${at}: expected " value [timestamp]" in ${line}`);
    const value = parseValue(parts[0]!, at);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`${at}: bad timestamp ${parts[1]}`);
    for (const l of Object.keys(labels)) if (!LABEL.test(l)) throw new Error(`${at}: bad label name ${l}`);
    const f = familyOf(name, families);
    if (!f) throw new Error(`${at}: sample ${name} of no declared family`);
    f.samples.push({ name, labels, value });
  });
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

function checkHistogram(f: Family) {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, f.name), s.value]);
    } else if (s.name === `${f.name}_sum`) entry.sum = s.value;
    else if (s.name === `${f.name}_count`) entry.count = s.value;
  }
  for (const [key, e] of series) {
    const at = `${f.name}${key}`;
    if (e.sum === undefined || e.count === undefined) throw new Error(`${at}: no _sum or _count`);
    const last = e.buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new Error(`${at}: no +Inf bucket`);
    if (last[1] !== e.count) throw new Error(`${at}: +Inf bucket ${last[1]} is not _count ${e.count}`);
    for (let i = 1; i < e.buckets.length; i++) {
      if (e.buckets[i]![0] <= e.buckets[i - 1]![0]) throw new Error(`${at}: buckets out of order`);
      if (e.buckets[i]![1] < e.buckets[i - 1]![1]) throw new Error(`${at}: buckets not cumulative`);
    }
  }
}

/** The value of one series (labels must match exactly those given, as a subset), or 0 when absent. */
export function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = familyOf(name, families);
  const matching = (family?.samples ?? []).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.reduce((sum, s) => sum + s.value, 0);
}
