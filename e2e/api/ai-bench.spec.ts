import type { APIRequestContext } from "@playwright/test";
import { test } from "../support/contract";
import { expect, newUser, ok, tokenFor } from "../support/api";
import { ADMIN_EMAIL } from "../support/security";

// The bench routes against the Ollama-protocol test server; every answer is checked against the
// OpenAPI document by the contract fixture. The model here is one the server reports missing, so
// the run is over in a moment (the browser spec measures real speeds).
const MISSING = "fault-404-model-not-found:latest";

/** Starts a run, waiting while another spec's run holds the one slot. */
async function startRun(request: APIRequestContext, headers: Record<string, string>, models: unknown[]) {
  for (let i = 0; i < 120; i++) {
    const res = await request.post("/api/v1/ai/bench", { headers, data: { models } });
    if (res.status() !== 409) return res;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the bench slot never came free");
}

test("start a bench (202), follow it to the end, read it in the overview; cancel after the end changes nothing; members are refused", async ({
  request,
}) => {
  const admin = await tokenFor(request, ADMIN_EMAIL, ["read", "write", "admin"]);
  const started = await ok(await startRun(request, admin.headers, [{ endpointId: "local", model: MISSING }]), 202);
  expect(started.run.status).toBe("running");
  expect(started.run.models).toEqual([expect.objectContaining({ model: MISSING, status: "pending" })]);

  let run = started.run;
  for (let i = 0; i < 100 && run.status === "running"; i++) {
    await new Promise((r) => setTimeout(r, 200));
    run = (await ok(await request.get(`/api/v1/ai/bench/${run.id}`, { headers: admin.headers }))).run;
  }
  expect(run.status).toBe("done");
  expect(run.models[0]).toMatchObject({ status: "failed", jobs: [{ job: "parse-prd", validity: null }] });
  expect(run.models[0].error).toContain("not found");

  const { bench } = await ok(await request.get("/api/v1/ai/bench", { headers: admin.headers }));
  expect(bench.runs.map((r: { id: string }) => r.id)).toContain(run.id);
  expect(bench.method).toContain("main:");

  const cancelled = await ok(await request.post(`/api/v1/ai/bench/${run.id}/cancel`, { headers: admin.headers }));
  expect(cancelled.run).toMatchObject({ id: run.id, status: "done", cancelRequested: false });

  expect((await request.get("/api/v1/ai/bench/no-such-run", { headers: admin.headers })).status()).toBe(404);
  expect((await request.post("/api/v1/ai/bench", { headers: admin.headers, data: { models: [] } })).status()).toBe(422);
  const member = await newUser(request);
  expect((await request.get("/api/v1/ai/bench", { headers: member.headers })).status()).toBe(403);
});
