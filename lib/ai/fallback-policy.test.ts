import { APICallError } from "@ai-sdk/provider";
import { beforeEach, describe, expect, it } from "vitest";
import type { AiEndpoint } from "@/lib/validation/ai";
import { classify } from "./attempts";
import { chainFailed, chainFor, coolsDown, endpointById, linkFailed, linksToTry, requireChain } from "./fallback-policy";
import { isCoolingDown, resetCoolDowns } from "./providers";

const ep = (id: string, name = id): AiEndpoint => ({ id, kind: "ollama", name, url: `http://127.0.0.1:9/${id}` });
const a = ep("a");
const b = ep("b");
const settings = {
  endpoints: [a, b],
  roles: {
    main: [
      { endpointId: "a", model: "llama3.2" },
      { endpointId: "gone", model: "x" },
    ],
    fast: [],
    fallback: [
      { endpointId: "b", model: "qwen3" },
      { endpointId: "a", model: "llama3.2" },
    ],
  },
};

const httpError = (status: number, body: string) =>
  new APICallError({
    message: "status text",
    url: "http://x/api/chat",
    requestBodyValues: {},
    statusCode: status,
    responseBody: JSON.stringify({ error: body }),
  });

beforeEach(() => resetCoolDowns());

describe("fallback policy", () => {
  it("orders a role's own models before the fallbacks, without repeats or unknown endpoints", () => {
    expect(chainFor(settings, "main").map((l) => `${l.model}@${l.endpoint.id}`)).toEqual(["llama3.2@a", "qwen3@b"]);
    expect(chainFor(settings, "fallback").map((l) => `${l.model}@${l.endpoint.id}`)).toEqual(["qwen3@b", "llama3.2@a"]);
    expect(chainFor(settings, "fast").map((l) => l.model)).toEqual(["qwen3", "llama3.2"]);
  });

  it("says how to fix a missing model, and names an unknown endpoint", () => {
    const none = { endpoints: [a], roles: { main: [], fast: [], fallback: [] } };
    expect(() => requireChain(none, "main")).toThrow("No AI model is configured. Choose one in Settings → AI.");
    expect(() => requireChain(none, "fast", "fast")).toThrow("No fast model is configured. Choose one in Settings → AI.");
    expect(() => linksToTry([])).toThrow(/No AI model is configured/);
    expect(endpointById(settings, "b")).toBe(b);
    expect(() => endpointById(settings, "nope")).toThrow('endpointId: unknown endpoint "nope"');
  });

  it("cools an endpoint down on a refusal, a time-out or an HTTP 5xx — decided on the status, not the wording", () => {
    const refused = classify(new Error("fetch failed"), a, null, false, false);
    const busy = classify(httpError(503, "server busy"), a, null, false, false);
    const missing = classify(httpError(404, 'model "x" not found'), a, null, false, false);
    // A 404 whose text happens to read like a server error is still a missing model.
    const misleading = classify(httpError(404, "upstream said HTTP 500 earlier"), ep("c", "HTTP 502 proxy"), null, false, false);
    const slow = classify(new Error("aborted"), a, "first", false, false);
    expect([refused, busy, missing, misleading, slow].map((f) => [f.kind, f.status ?? null, coolsDown(f)])).toEqual([
      ["unreachable", null, true],
      ["http", 503, true],
      ["http", 404, false],
      ["http", 404, false],
      ["timeout", null, true],
    ]);
    expect(coolsDown(classify(new Error("x"), a, null, true, false))).toBe(false);
  });

  it("skips links whose endpoint cools down, unless that leaves nothing to try", () => {
    const chain = chainFor(settings, "main");
    linkFailed(chain[0]!, classify(httpError(404, "not found"), a, null, false, false));
    expect(isCoolingDown(a)).toBe(false);
    linkFailed(chain[0]!, classify(httpError(500, "boom"), a, null, false, false));
    expect(linksToTry(chain).map((l) => l.endpoint.id)).toEqual(["b"]);
    linkFailed(chain[1]!, classify(new Error("ECONNREFUSED"), b, null, false, false));
    expect(linksToTry(chain).map((l) => l.endpoint.id)).toEqual(["a", "b"]);
    // The cool-down is short.
    expect(linksToTry(chain, Date.now() + 31_000).map((l) => l.endpoint.id)).toEqual(["a", "b"]);
  });

  it("sums up a chain where every link failed", () => {
    const t = { stage: "before-first-token", kind: "timeout", message: "a was slow." } as const;
    const u = { stage: "before-first-token", kind: "unreachable", message: "b is down." } as const;
    const o = { stage: "output", kind: "invalid", message: "c: not JSON." } as const;
    expect(chainFailed([t, t])).toMatchObject({
      code: "timeout",
      status: 504,
      message: "The AI models did not answer in time. a was slow. · a was slow.",
    });
    expect(chainFailed([t, u], " Nothing was written.")).toMatchObject({
      code: "unavailable",
      message: "No AI model could be reached. a was slow. · b is down. Nothing was written.",
    });
    expect(chainFailed([u, o])).toMatchObject({
      code: "bad_gateway",
      message: "The models answered, but not with a usable result. b is down. · c: not JSON.",
      details: { attempts: [u, o] },
    });
  });
});
