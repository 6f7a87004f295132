import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { BODY_LIMITS, readJsonBody } from "./body";

const json = { "content-type": "application/json" };

function streamed(chunks: number, chunkBytes: number, counter: { pulled: number }): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(chunkBytes).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      counter.pulled += chunkBytes;
      controller.enqueue(chunk);
    },
  });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("readJsonBody", () => {
  it("parses JSON and treats no body as {}", async () => {
    expect(await readJsonBody(new Request("http://x/", { method: "POST", headers: json, body: '{"a":[1,2]}' }))).toEqual({ a: [1, 2] });
    expect(await readJsonBody(new Request("http://x/", { method: "POST" }))).toEqual({});
  });

  it("refuses a body that is not application/json with 415, without reading it", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const e = await refusal(
        readJsonBody(new Request("http://x/", { method: "POST", headers: { "content-type": type }, body: '{"title":"x"}' })),
      );
      expect(e.status, type).toBe(415);
    }
    expect(
      await readJsonBody(
        new Request("http://x/", { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: "[]" }),
      ),
    ).toEqual([]);
  });

  it("refuses a declared length over the cap before reading a byte", async () => {
    const counter = { pulled: 0 };
    const req = new Request("http://x/", {
      method: "POST",
      headers: { ...json, "content-length": String(250 * 1024 * 1024) },
      body: streamed(1000, 64 * 1024, counter),
      duplex: "half",
    } as RequestInit);
    const e = await refusal(readJsonBody(req));
    expect(e.status).toBe(413);
    expect(e.message).toBe("Request body is too large (limit 1 MB)");
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("stops reading an undeclared body at the cap", async () => {
    const counter = { pulled: 0 };
    const req = new Request("http://x/", {
      method: "POST",
      headers: { ...json, "transfer-encoding": "chunked" },
      body: streamed(4000, 64 * 1024, counter),
      duplex: "half",
    } as RequestInit);
    const e = await refusal(readJsonBody(req));
    expect(e.status).toBe(413);
    // 250 MB were on offer; no more than the cap and a chunk or two of read-ahead were taken.
    expect(counter.pulled).toBeLessThan(BODY_LIMITS.json.maxBytes + 4 * 64 * 1024);
  });

  it("allows large routes their 20 MB", async () => {
    const body = JSON.stringify({ prd: "p".repeat(5 * 1024 * 1024) });
    await refusal(readJsonBody(new Request("http://x/", { method: "POST", headers: json, body })));
    expect(await readJsonBody(new Request("http://x/", { method: "POST", headers: json, body }), BODY_LIMITS.large)).toHaveProperty("prd");
  });

  it("names the nesting and array limits (422)", async () => {
    const deep = "[".repeat(50_000) + "]".repeat(50_000);
    const e = await refusal(readJsonBody(new Request("http://x/", { method: "POST", headers: json, body: deep }), BODY_LIMITS.large));
    expect([e.status, e.message]).toEqual([422, "JSON is nested too deeply (limit 64 levels)"]);
    const long = JSON.stringify({ tasks: Array.from({ length: 10_001 }, () => 1) });
    const f = await refusal(readJsonBody(new Request("http://x/", { method: "POST", headers: json, body: long })));
    expect([f.status, f.message]).toEqual([422, "A JSON array has too many items (limit 10,000)"]);
    expect(await readJsonBody(new Request("http://x/", { method: "POST", headers: json, body: long }), BODY_LIMITS.large)).toHaveProperty(
      "tasks",
    );
  });

  it("keeps unparseable JSON a 400", async () => {
    const e = await refusal(readJsonBody(new Request("http://x/", { method: "POST", headers: json, body: '{"title": "ok",' })));
    expect(e.status).toBe(400);
  });
});
