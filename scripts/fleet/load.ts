// A concurrent HTTP load on one or more Cairn instances: readers (task list, next task, board)
// and writers (moves, status changes) in closed loops for a fixed time, spread over the
// instances round-robin. Reports throughput and latency per kind of request.
import { mulberry32 } from "../bench/synthetic";

export interface LoadOptions {
  bases: string[];
  token: string;
  projectId: string;
  /** Top-level refs of the project, for writers to pick from. */
  refs: string[];
  readers: number;
  writers: number;
  seconds: number;
}

export interface LoadFigures {
  kind: string;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  max: number;
}

const STATUSES = ["pending", "in-progress", "review", "done", "deferred"] as const;

export async function runLoad(o: LoadOptions): Promise<{ rows: LoadFigures[]; errorSamples: string[] }> {
  const headers = { authorization: `Bearer ${o.token}`, "content-type": "application/json" };
  const p = `/api/v1/projects/${o.projectId}`;
  const times = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const errorSamples: string[] = [];
  const deadline = Date.now() + o.seconds * 1000;
  let turn = 0;
  const nextBase = () => o.bases[turn++ % o.bases.length]!;

  async function timed(kind: string, url: string, init?: RequestInit) {
    const t0 = performance.now();
    let ok = false;
    let detail = "";
    try {
      const res = await fetch(url, { ...init, headers });
      const body = await res.arrayBuffer();
      ok = res.ok;
      if (!ok) detail = `${res.status} ${Buffer.from(body).toString("utf8").slice(0, 160)}`;
    } catch (e) {
      detail = e instanceof Error ? e.message : String(e);
    }
    const ms = performance.now() - t0;
    if (ok) {
      if (!times.has(kind)) times.set(kind, []);
      times.get(kind)!.push(ms);
    } else {
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
      if (errorSamples.length < 5) errorSamples.push(`${kind}: ${detail}`);
    }
  }

  const reader = async (seed: number) => {
    const rand = mulberry32(seed);
    while (Date.now() < deadline) {
      const r = rand();
      const base = nextBase();
      if (r < 0.4) await timed("read: list (50 tasks)", `${base}${p}/tasks?limit=50${rand() < 0.5 ? "&ready=true" : ""}`);
      else if (r < 0.8) await timed("read: next task", `${base}${p}/next`);
      else await timed("read: board", `${base}${p}/board`);
    }
  };
  const writer = async (seed: number) => {
    const rand = mulberry32(seed);
    while (Date.now() < deadline) {
      const ref = o.refs[Math.floor(rand() * o.refs.length)]!;
      const status = STATUSES[Math.floor(rand() * STATUSES.length)]!;
      const base = nextBase();
      if (rand() < 0.5) {
        await timed("write: move a card", `${base}${p}/tasks/${ref}/move`, {
          method: "POST",
          body: JSON.stringify({ status, afterRef: null }),
        });
      } else {
        await timed("write: status change", `${base}${p}/tasks/${ref}`, { method: "PATCH", body: JSON.stringify({ status }) });
      }
    }
  };

  const started = performance.now();
  await Promise.all([
    ...Array.from({ length: o.readers }, (_, i) => reader(1000 + i)),
    ...Array.from({ length: o.writers }, (_, i) => writer(2000 + i)),
  ]);
  const elapsed = (performance.now() - started) / 1000;

  const rows: LoadFigures[] = [];
  const all: number[] = [];
  let allErrors = 0;
  const kinds = [...new Set([...times.keys(), ...errors.keys()])].sort();
  for (const kind of kinds) {
    const t = (times.get(kind) ?? []).sort((a, b) => a - b);
    all.push(...t);
    allErrors += errors.get(kind) ?? 0;
    rows.push(figures(kind, t, errors.get(kind) ?? 0, elapsed));
  }
  rows.push(
    figures(
      "all requests",
      all.sort((a, b) => a - b),
      allErrors,
      elapsed,
    ),
  );
  return { rows, errorSamples };
}

function figures(kind: string, sorted: number[], errors: number, seconds: number): LoadFigures {
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
  return {
    kind,
    requests: sorted.length,
    errors,
    perSecond: sorted.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted.at(-1) ?? NaN,
  };
}

export function printLoad(title: string, rows: LoadFigures[]) {
  const ms = (n: number) => (Number.isNaN(n) ? "—" : `${n.toFixed(n < 10 ? 2 : 0)} ms`).padStart(10);
  console.log(`\n${title}`);
  console.log(
    `${"request".padEnd(26)}${"done".padStart(8)}${"errors".padStart(8)}${"per s".padStart(9)}${"p50".padStart(10)}${"p95".padStart(10)}${"max".padStart(10)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.kind.padEnd(26)}${String(r.requests).padStart(8)}${String(r.errors).padStart(8)}${r.perSecond.toFixed(1).padStart(9)}${ms(r.p50)}${ms(r.p95)}${ms(r.max)}`,
    );
  }
}
