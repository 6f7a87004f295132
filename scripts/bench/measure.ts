// Timing helpers for the bench scripts.
export interface Figures {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  target?: string;
}

/** `fn` may return a number: its own timing of the part worth measuring (after set-up work). */
export async function measure(name: string, runs: number, fn: (i: number) => Promise<unknown>, target?: string): Promise<Figures> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(-1 - i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const own = await fn(i);
    times.push(typeof own === "number" ? own : performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { name, runs, p50: at(0.5), p95: at(0.95), max: times[times.length - 1]!, target };
}

export function printTable(title: string, rows: Figures[]) {
  const f = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`.padStart(11);
  console.log(`\n${title}`);
  console.log(`${"measure".padEnd(46)}${"runs".padStart(6)}${"p50".padStart(11)}${"p95".padStart(11)}${"max".padStart(11)}   target`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(46)}${String(r.runs).padStart(6)}${f(r.p50)}${f(r.p95)}${f(r.max)}   ${r.target ?? ""}`);
  }
}
