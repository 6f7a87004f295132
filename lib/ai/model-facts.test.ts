// Model facts from /api/show, against the Ollama-protocol test server: the context size sent never
// exceeds the model's, and a model without the tools capability is never offered tools.
import { streamText, tool } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { chainModel } from "./chain-model";
import { runStructured } from "./engine";
import { factsFromShow, forgetModelFacts, modelFacts, parseParameters } from "./model-facts";
import { resetCoolDowns } from "./providers";
import { updateAiSettings } from "./settings";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
const admin = { userId: "system", isAdmin: true };
const endpoint = () => ({ id: "local", kind: "ollama" as const, name: "Local Ollama", url: server.url });

beforeAll(async () => {
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 0 } } as never);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.setModels([
    { name: "small-ctx:1b", contextLength: 4096, capabilities: ["completion", "tools"] },
    { name: "big-ctx:8b", contextLength: 131072, capabilities: ["completion", "tools", "thinking"] },
    { name: "no-tools:3b", contextLength: 8192, capabilities: ["completion"] },
  ]);
  forgetModelFacts();
  resetCoolDowns();
});

describe("facts from /api/show", () => {
  it("reads context length, capabilities and parameters", async () => {
    const facts = await modelFacts(endpoint(), "big-ctx:8b");
    expect(facts).toMatchObject({ contextLength: 131072, capabilities: ["completion", "tools", "thinking"] });
    expect(parseParameters('stop "<|eot_id|>"\nstop "<|end|>"\ntemperature 0.2')).toEqual({
      stop: ["<|eot_id|>", "<|end|>"],
      temperature: "0.2",
    });
    expect(factsFromShow({ model_info: { "general.architecture": "qwen3", "qwen3.context_length": 40960 } })?.contextLength).toBe(40960);
    expect(await modelFacts(endpoint(), "not-installed")).toBeNull();
  });

  it("asks /api/show once per model and digest", async () => {
    await modelFacts(endpoint(), "big-ctx:8b");
    await modelFacts(endpoint(), "big-ctx:8b");
    expect(server.requestsTo("/api/show")).toHaveLength(1);
    await modelFacts(endpoint(), "big-ctx:8b", { digest: "sha256:other" });
    expect(server.requestsTo("/api/show")).toHaveLength(2);
  });
});

describe("the context size sent", () => {
  it("is the configured one, or the model's when that is smaller", async () => {
    for (const [model, expected] of [
      ["small-ctx:1b", 4096],
      ["big-ctx:8b", 16384],
    ] as const) {
      await updateAiSettings(admin, {
        endpoints: [endpoint()],
        roles: { main: [{ endpointId: "local", model }], fast: [], complex: [], fallback: [] },
        numCtx: 16384,
        cacheTtlSeconds: 0,
      });
      server.script(model, { content: '{"ok": true}' });
      await runStructured({
        job: "test",
        role: "main",
        system: "s",
        prompt: `p ${model}`,
        schema: { type: "object" },
        normalize: (v) => ({ value: v, warnings: [] }),
      });
      const body = server.requestsTo("/api/chat").at(-1)!.body as { options: { num_ctx: number } };
      expect(body.options.num_ctx).toBe(expected);
    }
  });
});

describe("tools", () => {
  const tools = {
    lookUp: tool({ description: "Look a task up", inputSchema: z.object({ ref: z.string() }), execute: async () => "none" }),
  };
  const settings = { numCtx: 8192, temperature: 0.2, firstTokenTimeoutMs: 5000, idleTimeoutMs: 5000 };

  it("are not offered to a model without the tools capability; the caller hears so", async () => {
    const unsupported: string[] = [];
    const model = chainModel({
      job: "chat",
      chain: [{ endpoint: endpoint(), model: "no-tools:3b" }],
      settings,
      onToolsUnsupported: (l) => unsupported.push(l.model),
    });
    const r = streamText({ model, prompt: "hello", tools });
    await r.consumeStream();
    const bodies = server.requestsTo("/api/chat").map((q) => q.body as { tools?: unknown[] });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.tools).toBeUndefined();
    expect(unsupported).toEqual(["no-tools:3b"]);
  });

  it("are offered to a model that has the capability", async () => {
    const model = chainModel({ job: "chat", chain: [{ endpoint: endpoint(), model: "small-ctx:1b" }], settings });
    await streamText({ model, prompt: "hello", tools }).consumeStream();
    const body = server.requestsTo("/api/chat")[0]!.body as { tools?: unknown[]; options: { num_ctx: number } };
    expect(body.tools).toHaveLength(1);
    expect(body.options.num_ctx).toBe(4096);
  });
});

describe("thinking", () => {
  const settings = { numCtx: 8192, temperature: 0.2, firstTokenTimeoutMs: 5000, idleTimeoutMs: 5000 };

  it("is turned off for a thinking model, and a reasoning block it still writes stays out of the chat's answer", async () => {
    server.script("big-ctx:8b", { content: ["<thi", "nk>\nThe user wants", " a plan.</th", "ink>\n\n", "Start with", " the database."] });
    const model = chainModel({ job: "chat", chain: [{ endpoint: endpoint(), model: "big-ctx:8b" }], settings });
    const r = streamText({ model, prompt: "hello" });
    expect(await r.text).toBe("Start with the database.");
    expect((server.requestsTo("/api/chat")[0]!.body as { think: unknown }).think).toBe(false);
  });

  it("text that only mentions a tag later on is kept as written", async () => {
    server.script("big-ctx:8b", { content: ["Strip the ", "<think> blocks", " first."] });
    const model = chainModel({ job: "chat", chain: [{ endpoint: endpoint(), model: "big-ctx:8b" }], settings });
    expect(await streamText({ model, prompt: "hello" }).text).toBe("Strip the <think> blocks first.");
  });
});
