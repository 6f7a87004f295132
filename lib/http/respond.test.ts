import { afterEach, describe, expect, it, vi } from "vitest";
import { aborted, AppError, notFound } from "@/lib/errors";
import { errorResponse, mapError } from "./respond";
import { sseResponse } from "./sse";

/** The events of a server-sent stream, in order. */
async function events(res: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((block) => ({ event: /^event: (.+)$/m.exec(block)![1]!, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as unknown }));
}

const request = () => new Request("http://localhost/api/v1/x", { method: "POST" });

afterEach(() => vi.restoreAllMocks());

describe("one error mapping", () => {
  it("keeps a typed error's code, message, details and status", () => {
    expect(mapError(new AppError("conflict", "Task #4 changed", { current: { version: 3 } }))).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: "Task #4 changed", details: { current: { version: 3 } } } },
    });
    expect(mapError(notFound("Project"))).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Project not found", details: null } },
    });
    expect(mapError(new AppError("invalid", "Request body is not valid JSON", null, 400)).status).toBe(400);
    expect(mapError(aborted("Stopped."))).toEqual({
      status: 499,
      body: { error: { code: "aborted", message: "Stopped.", details: { aborted: true } } },
    });
  });

  it("makes a unique-constraint race a conflict, and anything else a 500 that leaks nothing", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(mapError(Object.assign(new Error("Unique constraint failed on the fields: (`slug`)"), { code: "P2002" }))).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: "That already exists", details: null } },
    });
    const secret = new Error("ENOENT: /srv/cairn/data/secret.key");
    expect(mapError(secret)).toEqual({
      status: 500,
      body: { error: { code: "internal", message: "Something went wrong on the server", details: null } },
    });
    expect(log).toHaveBeenCalledWith("[cairn] unexpected error", secret);
  });

  it("answers JSON and streamed errors alike", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    for (const e of [new AppError("bad_gateway", "The answer from llama3.2 is incomplete."), new TypeError("x is undefined")]) {
      const plain = errorResponse(e);
      const { status, body } = mapError(e);
      expect(plain.status).toBe(status);
      expect(await plain.json()).toEqual(body);
      const streamed = sseResponse(request(), async (w) => {
        w.send("progress", { step: 1 });
        throw e;
      });
      expect(streamed.headers.get("content-type")).toContain("text/event-stream");
      expect(await events(streamed)).toEqual([
        { event: "progress", data: { step: 1 } },
        { event: "error", data: { ...body, status } },
      ]);
    }
    expect(await events(sseResponse(request(), async () => ({ ok: true })))).toEqual([{ event: "result", data: { ok: true } }]);
  });
});
