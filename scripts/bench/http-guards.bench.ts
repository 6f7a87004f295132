// What the per-request checks in front of every route cost (lib/http/handler.ts): the route's
// declaration, the token scope, the cross-site rule and the streamed, capped body read with its
// depth walk, against the plain `await req.text(); JSON.parse()` they replaced. List and next
// read no body; a move reads a small one.
import type { Actor } from "@/lib/auth/actor";
import { requireScope } from "@/lib/auth/authorize";
import { BODY_LIMITS, readJsonBody } from "@/lib/http/body";
import { assertSameOrigin } from "@/lib/http/handler";
import { ROUTES } from "@/lib/http/routes";
import { measure, printTable } from "./measure";

const MOVE = JSON.stringify({ status: "in-progress", afterRef: "12", beforeRef: "13", version: 4 });
const session: Actor = { userId: "u", isAdmin: false };
const token: Actor = { userId: "u", isAdmin: false, tokenScopes: ["read", "write"] };

function moveRequest(origin: boolean): Request {
  const bytes = new TextEncoder().encode(MOVE);
  return new Request("http://localhost:3000/api/v1/projects/p/tasks/7/move", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "content-length": String(bytes.length),
      ...(origin ? { origin: "http://localhost:3000" } : {}),
    },
    // A stream, as Next.js hands the handler the socket's body.
    body: new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }),
    duplex: "half",
  } as RequestInit);
}

const BATCH = 1000;
/** Runs `fn` BATCH times per sample, so a sample is long enough to time; the figure is per request. */
const perRequest = (fn: () => Promise<unknown> | unknown) => async () => {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) await fn();
  return (performance.now() - t0) / BATCH;
};

async function main() {
  process.env.NEXTAUTH_URL ??= "http://localhost:3000";
  const rows = [
    await measure(
      "list/next (GET): route + scope + origin checks",
      200,
      perRequest(() => {
        const spec = ROUTES["GET /projects/{projectId}/tasks"];
        requireScope(token, spec.scope);
        assertSameOrigin(new Request("http://localhost:3000/api/v1/projects/p/next"));
      }),
    ),
    await measure(
      "move body, before: req.text() + JSON.parse",
      200,
      perRequest(async () => JSON.parse(await moveRequest(false).text())),
    ),
    await measure(
      "move body, now: checks + streamed capped read",
      200,
      perRequest(async () => {
        const req = moveRequest(true);
        const spec = ROUTES["POST /projects/{projectId}/tasks/{ref}/move"];
        requireScope(session, spec.scope);
        assertSameOrigin(req);
        return readJsonBody(req, BODY_LIMITS[spec.body]);
      }),
    ),
  ];
  printTable(`HTTP checks per request (mean of ${BATCH} per sample; request construction included in both move rows)`, rows);
  console.log(
    `added by the new checks on a move, p50: ${((rows[2]!.p50 - rows[1]!.p50) * 1000).toFixed(1)} µs; on list/next: ${(rows[0]!.p50 * 1000).toFixed(1)} µs`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
