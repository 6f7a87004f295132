// The GitHub webhook receiver, through its route handler (body read, signature check, the
// delivery claimed and applied in one transaction): answer time for GitHub's issues.opened
// example, one at a time and 10 at once, and how many deliveries per second become tasks.
import { randomUUID } from "node:crypto";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { POST } from "@/app/api/v1/integrations/github/route";
import { db } from "@/lib/db";
import { linkRepository } from "@/lib/integrations/github/links";
import { createProject } from "@/lib/tasks/projects";
import { benchUser } from "./bench-user";
import { measure, printTable } from "./measure";

type Payload = Record<string, any>;
const opened = (examples as unknown as { name: string; examples: Payload[] }[])
  .find((g) => g.name === "issues")!
  .examples.find((x) => x.action === "opened")!;

let number = 0;
/** One signed delivery through the route handler; resolves to nothing (measure() would take a number for its own timing). */
async function deliver(repository: string, secret: string): Promise<void> {
  const p = structuredClone(opened);
  const [owner, name] = repository.split("/");
  Object.assign(p.repository, { full_name: repository, name });
  p.repository.owner.login = owner;
  p.issue.number = ++number;
  const raw = JSON.stringify(p);
  // ESM only: import() (a static import would be compiled to require() here).
  const { sign } = await import("@octokit/webhooks-methods");
  const req = new Request("http://localhost:3000/api/v1/integrations/github", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await sign(secret, raw),
    },
    body: raw,
  });
  const res = await POST(req, { params: Promise.resolve({}) });
  if (res.status !== 200) throw new Error(`delivery answered ${res.status}: ${await res.text()}`);
  await res.body?.cancel();
}

async function main() {
  process.env.NEXTAUTH_URL ??= "http://localhost:3000";
  const user = await benchUser();
  const actor = { userId: user.id, isAdmin: user.isAdmin };
  const project = await createProject(actor, { name: "GitHub bench" });
  const repository = `bench-${Date.now()}/hello-world`;
  const { secret } = await linkRepository(actor, project.id, { repository }, "http://localhost:3000");

  const rows = [await measure("issues.opened, one at a time: answer", 300, () => deliver(repository, secret), "< 10 s (GitHub's limit)")];

  const N = 300;
  const CONCURRENCY = 10;
  const times: number[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        next++;
        const s = performance.now();
        await deliver(repository, secret);
        times.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  rows.push({
    name: `issues.opened, ${CONCURRENCY} at once: answer`,
    runs: N,
    p50: at(0.5),
    p95: at(0.95),
    max: times.at(-1)!,
    target: "",
  });
  printTable("GitHub webhook receiver", rows);
  const tasks = await db.task.count({ where: { projectId: project.id } });
  console.log(`\ndeliveries applied per second (${CONCURRENCY} at once): ${(N / seconds).toFixed(1)}  (${tasks} tasks made in all)`);
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
