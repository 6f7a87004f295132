// How soon the dependency graph of a 1,000-task plan shows its nodes in headless Chromium,
// against the built app: fetch, dagre layout and xyflow rendering together.
import type { Actor } from "@/lib/auth/actor";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { benchUser, BENCH_PASSWORD } from "./bench-user";
import { figures, requireBuiltApp, runBrowserBench, sleep, startSignedIn } from "./browser-app";
import { printTable, type Figures } from "./measure";
import { syntheticTasksJson } from "./synthetic";

const TASKS = 1_000;
const RUNS = 5;
const NODE_TIMEOUT_MS = 30_000;
const NODE = '[data-testid^="graph-node-"]';

class GraphUnavailable extends Error {}

async function main() {
  requireBuiltApp();
  const email = `bench-graph-browser-${Date.now()}@example.test`;
  const user = await benchUser(email);
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin };
  const { projects } = await importTaskMaster(actor, syntheticTasksJson(TASKS, Math.round(TASKS * 1.5)));
  const p = projects[0]!;
  console.log(`seeded ${p.tasks} tasks and ${p.dependencies} dependency edges through import`);

  const { base, context } = await startSignedIn(email, BENCH_PASSWORD);
  const rows: Figures[] = [];
  const rendered: string[] = [];
  for (const [label, query] of [
    ["all tasks", ""],
    ["hide done", "?hideDone=1"],
  ] as const) {
    const wall: number[] = [];
    const inPage: number[] = [];
    const layout: number[] = [];
    const fetched: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      const start = performance.now();
      const res = await page.goto(`${base}/projects/${p.id}/graph${query}`, { waitUntil: "commit" });
      if (res?.status() === 404) throw new GraphUnavailable("GET /projects/{id}/graph answered 404");
      if (new URL(page.url()).pathname.startsWith("/signin")) throw new Error("the graph redirected to /signin: the session did not stick");
      try {
        await page.waitForSelector(NODE, { state: "visible", timeout: NODE_TIMEOUT_MS });
      } catch {
        throw new GraphUnavailable(
          `no ${NODE} element became visible within ${NODE_TIMEOUT_MS / 1000} s (HTTP ${res?.status() ?? "no response"})`,
        );
      }
      wall.push(performance.now() - start);
      // The page's clock counts from its navigation start; read as soon as nodes show.
      const t = await page.evaluate(() => {
        const now = performance.now();
        const layout = performance.getEntriesByName("cairn:graph-layout").at(-1)?.duration ?? NaN;
        // The graph's data comes in the page's HTML.
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
        return { now, layout, fetched: nav?.responseEnd ?? NaN };
      });
      inPage.push(t.now);
      layout.push(t.layout);
      fetched.push(t.fetched);
      if (i === RUNS - 1) {
        await sleep(500);
        const counts = await page.evaluate((sel) => {
          const canvas = document.querySelector('[data-testid="graph-canvas"]');
          return {
            dom: document.querySelectorAll(sel).length,
            shown: canvas?.getAttribute("data-nodes"),
            edges: document.querySelectorAll(".react-flow__edge").length,
          };
        }, NODE);
        rendered.push(
          `${label}: ${counts.shown} nodes in the view, ${counts.dom} node and ${counts.edges} edge elements in the DOM (the rest are off screen)`,
        );
      }
      await page.close();
    }
    rows.push(figures(`${label}: first node visible, cold (run 1), wall`, wall.slice(0, 1), "< 2 s"));
    rows.push(figures(`${label}: nodes visible, warm (runs 2-${RUNS}), wall`, wall.slice(1), "< 2 s"));
    rows.push(figures(`${label}: nodes visible, warm, in-page`, inPage.slice(1), "< 2 s"));
    rows.push(figures(`${label}: … HTML with the data in by`, fetched.slice(1)));
    rows.push(figures(`${label}: … of which the dagre layout took`, layout.slice(1)));
  }
  printTable(
    `Dependency graph in headless Chromium (${p.tasks} tasks, ${p.dependencies} edges; wall = goto + wait here, in-page = page's performance.now())`,
    rows,
  );
  for (const line of rendered) console.log(line);
}

runBrowserBench("graph-browser", 300_000, main, (e) => e instanceof GraphUnavailable);
