import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import {
  APICallError,
  NoObjectGeneratedError,
  Output,
  RetryError,
  embed,
  embedMany,
  generateText,
  stepCountIs,
  streamObject,
  streamText,
  tool,
} from "ai";
import { createOllama } from "ollama-ai-provider-v2";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  DEFAULT_JSON_REPLY,
  DEFAULT_MODELS,
  DEFAULT_REPLY_TEXT,
  DROPPED_LINE_CONTENT,
  FAULT_MODES,
  MID_STREAM_ERROR,
  PULL_MISSING_ERROR,
  startOllamaServer,
  type OllamaTestServer,
  type RecordedRequest,
} from "./server.mjs";

// The provider sends unsupported settings on purpose in some tests; the SDK's console noise is not the subject.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const DEFAULT_CHUNKS = ["Hello", " from", " the", " Ollama", " test", " server."];
const RFC3339_NANO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/;

let server: OllamaTestServer;
let ollama: ReturnType<typeof createOllama>;

beforeAll(async () => {
  server = await startOllamaServer({
    port: 0,
    // Keep fault timings short so the whole file stays fast; the defaults model real-world latencies.
    config: { tokenDelayMs: 2, pullDelayMs: 5, slowFirstTokenMs: 300, slowTokenDelayMs: 60 },
  });
  ollama = createOllama({ baseURL: `${server.url}/api` });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function lastRequest(pathName: string): RecordedRequest {
  const found = server.requestsTo(pathName).at(-1);
  if (!found) throw new Error(`no request recorded for ${pathName}`);
  return found;
}

async function post(pathName: string, body: unknown, init: RequestInit = {}) {
  return fetch(`${server.url}${pathName}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

async function readLines(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const part of stream) out.push(part);
  return out;
}

async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

function asApiCallError(error: unknown): APICallError {
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

function silenceWarnings() {
  return vi.spyOn(console, "warn").mockImplementation(() => {});
}

function expectFinalMetrics(chunk: Record<string, unknown>) {
  for (const key of ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"]) {
    expect(Number.isInteger(chunk[key]), key).toBe(true);
    expect(chunk[key] as number, key).toBeGreaterThan(0);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("liveness, version and model listing", () => {
  it("answers GET and HEAD / with Ollama is running as text/plain", async () => {
    const get = await fetch(`${server.url}/`);
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await get.text()).toBe("Ollama is running");

    const head = await fetch(`${server.url}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("reports a semver from /api/version, also on HEAD", async () => {
    const response = await fetch(`${server.url}/api/version`);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect((await response.json()).version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await fetch(`${server.url}/api/version`, { method: "HEAD" })).status).toBe(200);
  });

  it("lists installed models in the /api/tags shape, every fault model included", async () => {
    const { models } = (await (await fetch(`${server.url}/api/tags`)).json()) as { models: Array<Record<string, any>> };
    const names = models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["llama3.2:latest", "qwen3:8b", "nomic-embed-text:latest"]));
    for (const mode of FAULT_MODES) expect(names).toContain(`fault-${mode}:latest`);
    expect(models).toHaveLength(DEFAULT_MODELS.length);

    const llama = models.find((m) => m.name === "llama3.2:latest");
    expect(llama).toEqual({
      name: "llama3.2:latest",
      model: "llama3.2:latest",
      modified_at: expect.stringMatching(RFC3339_NANO),
      size: 2019393189,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: {
        parent_model: "",
        format: "gguf",
        family: "llama",
        families: ["llama"],
        parameter_size: "3.2B",
        quantization_level: "Q4_K_M",
      },
    });
  });

  it("returns {models: []} once no model is installed (setModels and the HTTP control)", async () => {
    server.setModels([]);
    expect(await (await fetch(`${server.url}/api/tags`)).json()).toEqual({ models: [] });

    server.reset();
    const control = await post("/__control/models", { models: ["llama3.2", { name: "custom:7b", capabilities: ["completion"] }] });
    expect(await control.json()).toEqual({ models: ["llama3.2:latest", "custom:7b"] });
    const { models } = await (await fetch(`${server.url}/api/tags`)).json();
    expect(models.map((m: { name: string }) => m.name).sort()).toEqual(["custom:7b", "llama3.2:latest"]);
  });

  it("shows loaded models in /api/ps, and unloads on an empty chat with keep_alive 0", async () => {
    expect(await (await fetch(`${server.url}/api/ps`)).json()).toEqual({ models: [] });

    const load = await post("/api/chat", { model: "llama3.2", messages: [], options: { num_ctx: 8192 } });
    expect(load.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await load.json()).toMatchObject({
      model: "llama3.2",
      message: { role: "assistant", content: "" },
      done: true,
      done_reason: "load",
    });

    const { models } = await (await fetch(`${server.url}/api/ps`)).json();
    expect(models).toEqual([
      expect.objectContaining({
        name: "llama3.2:latest",
        model: "llama3.2:latest",
        size_vram: 2019393189,
        context_length: 8192,
        expires_at: expect.any(String),
      }),
    ]);

    const unload = await post("/api/chat", { model: "llama3.2", messages: [], keep_alive: 0 });
    expect((await unload.json()).done_reason).toBe("unload");
    expect(await (await fetch(`${server.url}/api/ps`)).json()).toEqual({ models: [] });
  });

  it("describes a model through /api/show, accepts the legacy name field, and rejects missing or unknown models", async () => {
    const show = await post("/api/show", { model: "qwen3:8b" });
    expect(show.status).toBe(200);
    const body = await show.json();
    expect(body.capabilities).toEqual(["completion", "tools", "thinking"]);
    expect(body.details).toMatchObject({ family: "qwen3", parameter_size: "8.2B" });
    expect(body.model_info["qwen3.context_length"]).toBe(40960);
    expect(typeof body.template).toBe("string");
    expect(typeof body.modelfile).toBe("string");

    const legacy = await post("/api/show", { name: "NOMIC-EMBED-TEXT" });
    expect((await legacy.json()).capabilities).toEqual(["embedding"]);

    const missing = await post("/api/show", {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "model is required" });

    const unknown = await post("/api/show", { model: "foo" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await unknown.json()).toEqual({ error: "model 'foo' not found" });
  });

  it("answers unknown routes with a text/plain 404 and wrong methods with 405", async () => {
    const unknown = await fetch(`${server.url}/api/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await unknown.text()).toBe("404 page not found");

    const wrong = await fetch(`${server.url}/api/chat`);
    expect(wrong.status).toBe(405);
    expect(await wrong.text()).toBe("405 method not allowed");
  });
});

describe("/api/chat wire format", () => {
  it("streams NDJSON by default: one flushed line per chunk, then a done chunk with integer metrics", async () => {
    const response = await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "hi" }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    expect(response.headers.get("content-length")).toBeNull();
    const lines = await readLines(response);

    const deltas = lines.slice(0, -1);
    expect(deltas.map((l) => (l.message as { content: string }).content)).toEqual(DEFAULT_CHUNKS);
    for (const line of lines) {
      expect(line.model).toBe("llama3.2");
      expect(line.created_at).toMatch(RFC3339_NANO);
      expect(line.message).toMatchObject({ role: "assistant", content: expect.any(String) });
    }
    for (const delta of deltas) expect(delta.done).toBe(false);

    const final = lines.at(-1)!;
    expect(final).toMatchObject({ done: true, done_reason: "stop", message: { role: "assistant", content: "" } });
    expectFinalMetrics(final);
    expect(final.eval_count).toBe(DEFAULT_CHUNKS.length);
  });

  it("answers stream:false with one application/json object", async () => {
    const response = await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "hi" }], stream: false });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await response.json();
    expect(body).toMatchObject({
      model: "llama3.2",
      created_at: expect.stringMatching(RFC3339_NANO),
      message: { role: "assistant", content: DEFAULT_REPLY_TEXT },
      done: true,
      done_reason: "stop",
    });
    expect(body.message).not.toHaveProperty("thinking");
    expect(body.message).not.toHaveProperty("tool_calls");
    expectFinalMetrics(body);
  });

  it("rejects malformed bodies with Go-style 400s", async () => {
    const cases: Array<[string, string]> = [
      ['{"model":', "unexpected EOF"],
      ["", "missing request body"],
      ['{"model": x}', "invalid character 'x' looking for beginning of value"],
      ["[1]", "json: cannot unmarshal array into Go value of type api.ChatRequest"],
      [
        JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: [] }] }),
        "json: cannot unmarshal array into Go struct field ChatRequest.messages.content of type string",
      ],
      [
        JSON.stringify({ model: "llama3.2", messages: [], stream: "yes" }),
        "json: cannot unmarshal string into Go struct field ChatRequest.stream of type bool",
      ],
      [
        JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "x" }], format: 42 }),
        'invalid format: 42; expected "json" or a valid JSON Schema object',
      ],
      [JSON.stringify({ messages: [{ role: "user", content: "x" }] }), "model is required"],
    ];
    for (const [body, error] of cases) {
      const response = await post("/api/chat", body);
      expect(response.status, body).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await response.json(), body).toEqual({ error });
    }
    // Unparseable bodies are still recorded, raw, for assertions.
    expect(server.requestsTo("/api/chat")[0]).toMatchObject({ body: null, rawBody: '{"model":', status: 400 });
  });

  it("404s an unknown model with the name exactly as sent, and matches known names case-insensitively", async () => {
    const unknown = await post("/api/chat", { model: "Missing-Model", messages: [{ role: "user", content: "hi" }] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "model 'Missing-Model' not found" });

    const known = await post("/api/chat", { model: "LLAMA3.2:Latest", messages: [{ role: "user", content: "hi" }], stream: false });
    expect(known.status).toBe(200);
  });

  it("refuses think:true on a model without thinking and tools on a model without tools", async () => {
    const think = await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "hi" }], think: true });
    expect(think.status).toBe(400);
    expect(await think.json()).toEqual({ error: '"llama3.2" does not support thinking' });

    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } }];
    const noTools = await post("/api/chat", { model: "fault-400-no-tools", messages: [{ role: "user", content: "hi" }], tools });
    expect(noTools.status).toBe(400);
    expect((await noTools.json()).error).toMatch(/does not support tools$/);

    const embedder = await post("/api/chat", { model: "nomic-embed-text", messages: [{ role: "user", content: "hi" }], tools });
    expect(embedder.status).toBe(400);
  });

  it("streams thinking before content when thinking is on, and none with think:false", async () => {
    const on = await readLines(await post("/api/chat", { model: "qwen3:8b", messages: [{ role: "user", content: "hi" }] }));
    expect(on[0]!.message).toEqual({ role: "assistant", content: "", thinking: "Let me think" });
    expect(on.filter((l) => (l.message as { thinking?: string }).thinking).length).toBe(2);

    const off = await readLines(await post("/api/chat", { model: "qwen3:8b", messages: [{ role: "user", content: "hi" }], think: false }));
    expect(off.some((l) => (l.message as { thinking?: string }).thinking)).toBe(false);
  });

  it("returns JSON text in message.content when format is set, and honours num_predict with done_reason length", async () => {
    const json = await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "x" }], format: "json", stream: false });
    expect(JSON.parse((await json.json()).message.content)).toEqual({});

    const capped = await readLines(
      await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "x" }], options: { num_predict: 3 } }),
    );
    expect(capped).toHaveLength(4);
    expect(capped.at(-1)).toMatchObject({ done: true, done_reason: "length", eval_count: 3 });
  });

  it("reports a capped prompt_eval_count when the prompt overflows num_ctx, silently like Ollama", async () => {
    const long = "word ".repeat(4000);
    const body = await (
      await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: long }], options: { num_ctx: 512 }, stream: false })
    ).json();
    expect(body.prompt_eval_count).toBe(512);
    expect(body.done_reason).toBe("stop");
  });
});

describe("/api/generate, /api/embed, /api/pull, /api/delete", () => {
  it("streams generate chunks with a top-level response and puts context only on the final object", async () => {
    const lines = await readLines(await post("/api/generate", { model: "llama3.2", prompt: "hi" }));
    expect(lines.slice(0, -1).map((l) => l.response)).toEqual(DEFAULT_CHUNKS);
    for (const line of lines.slice(0, -1)) expect(line).not.toHaveProperty("context");
    const final = lines.at(-1)!;
    expect(final).toMatchObject({ response: "", done: true, done_reason: "stop", context: expect.any(Array) });
    expectFinalMetrics(final);

    const single = await (await post("/api/generate", { model: "llama3.2", prompt: "hi", stream: false })).json();
    expect(single).toMatchObject({ response: DEFAULT_REPLY_TEXT, done: true, context: expect.any(Array) });

    const load = await (await post("/api/generate", { model: "llama3.2" })).json();
    expect(load).toMatchObject({ response: "", done: true, done_reason: "load" });

    const unknown = await post("/api/generate", { model: "", prompt: "x" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "model '' not found" });
  });

  it("embeds strings and arrays with all three metrics, and rejects bad input and unknown models", async () => {
    const one = await (await post("/api/embed", { model: "nomic-embed-text", input: "hello" })).json();
    expect(one.model).toBe("nomic-embed-text");
    expect(one.embeddings).toHaveLength(1);
    expect(one.embeddings[0]).toHaveLength(768);
    for (const key of ["total_duration", "load_duration", "prompt_eval_count"]) expect(Number.isInteger(one[key])).toBe(true);

    const many = await (await post("/api/embed", { model: "nomic-embed-text", input: ["hello", "world"], dimensions: 64 })).json();
    expect(many.embeddings).toHaveLength(2);
    expect(many.embeddings[1]).toHaveLength(64);

    expect((await (await post("/api/embed", { model: "nomic-embed-text", input: [] })).json()).embeddings).toEqual([]);

    const badInput = await post("/api/embed", { model: "nomic-embed-text", input: 42 });
    expect(badInput.status).toBe(400);
    expect(await badInput.json()).toEqual({ error: "invalid input type" });

    const tooLong = await post("/api/embed", { model: "nomic-embed-text", input: "x".repeat(20_000), truncate: false });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ error: "the input length exceeds the context length" });

    const unknown = await post("/api/embed", { model: "ghost", input: "x" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/^model "ghost" not found/);
  });

  it("streams pull progress with growing completed counts, then lists the model", async () => {
    const lines = await readLines(await post("/api/pull", { model: "mistral" }));
    expect(lines[0]).toEqual({ status: "pulling manifest" });
    const progress = lines.filter((l) => String(l.status).startsWith("pulling ") && l.digest);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    const mainLayer = progress.filter((l) => l.digest === progress[0]!.digest);
    const completed = mainLayer.map((l) => l.completed as number);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    expect(new Set(completed).size).toBe(completed.length);
    expect(mainLayer.at(-1)!.completed).toBe(mainLayer.at(-1)!.total);
    for (const line of progress)
      expect(line).toMatchObject({ digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), total: expect.any(Number) });
    expect(lines.slice(-3).map((l) => l.status)).toEqual(["verifying sha256 digest", "writing manifest", "success"]);

    const { models } = await (await fetch(`${server.url}/api/tags`)).json();
    expect(models[0].name).toBe("mistral:latest");
  });

  it("reports an unknown pull as a 200 stream ending in an error line, or a 500 with stream:false", async () => {
    const streamed = await post("/api/pull", { model: "does-not-exist" });
    expect(streamed.status).toBe(200);
    expect(await readLines(streamed)).toEqual([{ status: "pulling manifest" }, { error: PULL_MISSING_ERROR }]);

    const single = await post("/api/pull", { model: "does-not-exist", stream: false });
    expect(single.status).toBe(500);
    expect(await single.json()).toEqual({ error: PULL_MISSING_ERROR });

    const ok = await post("/api/pull", { model: "gemma3:4b", stream: false });
    expect(await ok.json()).toEqual({ status: "success" });
  });

  it("stops a pull the client cancels, records the close, and installs nothing", async () => {
    server.script("llama3.2:1b", { delayMs: 100 });
    const controller = new AbortController();
    const response = await post("/api/pull", { model: "llama3.2:1b" }, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect.poll(() => lastRequest("/api/pull").clientClosed).toBe(true);
    const { models } = await (await fetch(`${server.url}/api/tags`)).json();
    expect(models.map((m: { name: string }) => m.name)).not.toContain("llama3.2:1b");
  });

  it("deletes models", async () => {
    const deleted = await fetch(`${server.url}/api/delete`, { method: "DELETE", body: JSON.stringify({ model: "qwen3:8b" }) });
    expect(deleted.status).toBe(200);
    const again = await fetch(`${server.url}/api/delete`, { method: "DELETE", body: JSON.stringify({ model: "qwen3:8b" }) });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: "model 'qwen3:8b' not found" });
  });
});

describe("OpenAI-compatible /v1", () => {
  it("lists models, with data null when none are installed", async () => {
    const list = await (await fetch(`${server.url}/v1/models`)).json();
    expect(list.object).toBe("list");
    expect(list.data).toEqual(
      expect.arrayContaining([{ id: "llama3.2:latest", object: "model", created: expect.any(Number), owned_by: "library" }]),
    );

    const one = await fetch(`${server.url}/v1/models/llama3.2:latest`);
    expect((await one.json()).id).toBe("llama3.2:latest");
    const missing = await fetch(`${server.url}/v1/models/ghost`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { message: "model 'ghost' not found", type: "not_found_error", param: null, code: null },
    });

    server.setModels([]);
    expect(await (await fetch(`${server.url}/v1/models`)).json()).toEqual({ object: "list", data: null });
  });

  it("streams SSE ending in data: [DONE], with a usage chunk when asked", async () => {
    const response = await post("/v1/chat/completions", {
      model: "llama3.2",
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = (await response.text()).split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, "")));
    expect(chunks[0]).toMatchObject({
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta: { role: "assistant", content: "Hello" } }],
    });
    expect(chunks.at(-2).choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number), completion_tokens: 6 } });
  });

  it("answers non-streaming requests and errors in the OpenAI shape", async () => {
    const body = await (await post("/v1/chat/completions", { model: "llama3.2", messages: [{ role: "user", content: "hi" }] })).json();
    expect(body).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { role: "assistant", content: DEFAULT_REPLY_TEXT }, finish_reason: "stop" }],
    });

    const empty = await post("/v1/chat/completions", { model: "llama3.2", messages: [] });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({
      error: { message: "[] is too short - 'messages'", type: "invalid_request_error", param: null, code: null },
    });

    const busy = await post("/v1/chat/completions", { model: "fault-http-503-busy", messages: [{ role: "user", content: "hi" }] });
    expect(busy.status).toBe(503);
    expect((await busy.json()).error.type).toBe("api_error");
  });

  it("works through @ai-sdk/openai-compatible, tool calls included", async () => {
    const provider = createOpenAICompatible({ name: "ollama", baseURL: `${server.url}/v1`, includeUsage: true });
    const result = streamText({ model: provider.chatModel("llama3.2"), prompt: "hi", maxRetries: 0 });
    expect((await collect(result.textStream)).join("")).toBe(DEFAULT_REPLY_TEXT);
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBe(6);

    const called = await generateText({
      model: provider.chatModel("fault-tool-call"),
      prompt: "weather?",
      tools: { getWeather: tool({ inputSchema: z.object({ city: z.string() }) }) },
      maxRetries: 0,
    });
    expect(called.finishReason).toBe("tool-calls");
    expect(called.toolCalls[0]).toMatchObject({ toolName: "getWeather", input: { city: "example" } });
  });
});

describe("ollama-ai-provider-v2 against the server", () => {
  it("generateText: text, finishReason stop and usage from the counts", async () => {
    const result = await generateText({ model: ollama("llama3.2"), prompt: "hi", maxRetries: 0 });
    expect(result.text).toBe(DEFAULT_REPLY_TEXT);
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBe(DEFAULT_CHUNKS.length);
  });

  it("records the exact request body, so tests can see options under providerOptions.ollama.options", async () => {
    await generateText({
      model: ollama("llama3.2"),
      system: "sys",
      prompt: "hi",
      temperature: 0.2,
      maxOutputTokens: 50,
      providerOptions: { ollama: { options: { num_ctx: 4096, temperature: 0.1, num_predict: 200 } } },
      maxRetries: 0,
    });
    const recorded = lastRequest("/api/chat");
    expect(recorded.method).toBe("POST");
    expect(recorded.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(recorded.clientClosed).toBe(false);
    expect(recorded.body).toEqual({
      model: "llama3.2",
      messages: [
        { role: "system", content: "sys" },
        { role: "user", content: "hi" },
      ],
      temperature: 0.2,
      max_output_tokens: 50,
      think: false,
      options: { num_ctx: 4096, temperature: 0.1, num_predict: 200 },
      stream: false,
    });
  });

  it("streamText: deltas arrive chunk by chunk", async () => {
    const result = streamText({ model: ollama("llama3.2"), prompt: "hi", maxRetries: 0 });
    expect(await collect(result.textStream)).toEqual(DEFAULT_CHUNKS);
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBe(DEFAULT_CHUNKS.length);
    expect((lastRequest("/api/chat").body as { stream: boolean }).stream).toBe(true);
  });

  it("structured output: the schema goes out as format and scripted JSON comes back parsed", async () => {
    server.script("llama3.2", { content: ['{"title":', ' "Plan', ' the launch"}'] });
    const schema = z.object({ title: z.string() });
    const result = await generateText({ model: ollama("llama3.2"), prompt: "plan", output: Output.object({ schema }), maxRetries: 0 });
    expect(result.output).toEqual({ title: "Plan the launch" });
    const format = (lastRequest("/api/chat").body as { format: Record<string, unknown> }).format;
    expect(format).toMatchObject({ type: "object", properties: { title: { type: "string" } }, additionalProperties: false });

    // Unscripted, a format request still gets valid JSON.
    const empty = await generateText({
      model: ollama("llama3.2"),
      prompt: "x",
      output: Output.object({ schema: z.object({}) }),
      maxRetries: 0,
    });
    expect(empty.output).toEqual({});
    expect(DEFAULT_JSON_REPLY.join("")).toBe("{}");
  });

  it("streamObject builds partial objects from streamed content", async () => {
    server.script("llama3.2", { content: ['{"tasks": [', '{"title": "A"},', ' {"title": "B"}', "]}"] });
    const result = streamObject({
      model: ollama("llama3.2"),
      schema: z.object({ tasks: z.array(z.object({ title: z.string() })) }),
      prompt: "tasks",
      maxRetries: 0,
    });
    const partials: unknown[] = [];
    for await (const partial of result.partialObjectStream) partials.push(partial);
    expect(partials.length).toBeGreaterThan(1);
    expect(await result.object).toEqual({ tasks: [{ title: "A" }, { title: "B" }] });
  });

  it("the completion model reproduces §4.10: non-streaming works, streaming yields empty text", async () => {
    const single = await generateText({ model: ollama.completion("llama3.2"), prompt: "hi", maxRetries: 0 });
    expect(single.text).toBe(DEFAULT_REPLY_TEXT);
    expect(lastRequest("/api/generate").body).toMatchObject({ model: "llama3.2", stream: false });

    // Intermediate generate chunks carry no `context`, which this provider's schema demands on every line.
    const warn = silenceWarnings();
    const streamed = streamText({ model: ollama.completion("llama3.2"), prompt: "hi", maxRetries: 0 });
    expect((await collect(streamed.textStream)).join("")).toBe("");
    expect(warn).toHaveBeenCalled();
  });

  it("embed and embedMany use /api/embed", async () => {
    const single = await embed({ model: ollama.embedding("nomic-embed-text"), value: "hello", maxRetries: 0 });
    expect(single.embedding).toHaveLength(768);
    expect(single.usage.tokens).toBeGreaterThan(0);

    const many = await embedMany({ model: ollama.embedding("nomic-embed-text"), values: ["a", "b", "a"], maxRetries: 0 });
    expect(many.embeddings).toHaveLength(3);
    expect(many.embeddings[0]).toEqual(many.embeddings[2]);
    expect(lastRequest("/api/embed").body).toEqual({ model: "nomic-embed-text", input: ["a", "b", "a"] });
  });

  it("a scripted tool call runs the tool, and the tool result goes back with its tool_call_id", async () => {
    server.script("llama3.2", [
      { toolCalls: [{ id: "call_abc12345", name: "getWeather", arguments: { city: "Paris" } }] },
      { content: "It is 20 degrees in Paris." },
    ]);
    const execute = vi.fn(async ({ city }: { city: string }) => ({ temp: 20, city }));
    const result = await generateText({
      model: ollama("llama3.2"),
      prompt: "weather?",
      tools: { getWeather: tool({ inputSchema: z.object({ city: z.string() }), execute }) },
      stopWhen: stepCountIs(2),
      maxRetries: 0,
    });
    expect(execute).toHaveBeenCalledWith({ city: "Paris" }, expect.anything());
    expect(result.text).toBe("It is 20 degrees in Paris.");
    expect(result.steps[0]!.finishReason).toBe("tool-calls");
    const second = lastRequest("/api/chat").body as { messages: Array<Record<string, unknown>> };
    expect(second.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "call_abc12345", content: '{"temp":20,"city":"Paris"}' });
  });

  it("scripting also works over HTTP, per model and in order", async () => {
    const scripted = await post("/__control/script", { model: "llama3.2", reply: { fault: "http-500" } });
    expect(await scripted.json()).toEqual({ model: "llama3.2:latest", queued: 1 });
    await post("/__control/script", { model: "llama3.2", replies: [{ content: "second" }] });

    const first = asApiCallError(await rejectionOf(generateText({ model: ollama("llama3.2"), prompt: "a", maxRetries: 0 })));
    expect(first.statusCode).toBe(500);
    expect((await generateText({ model: ollama("llama3.2"), prompt: "b", maxRetries: 0 })).text).toBe("second");
    expect((await generateText({ model: ollama("llama3.2"), prompt: "c", maxRetries: 0 })).text).toBe(DEFAULT_REPLY_TEXT);

    const { requests } = (await (await fetch(`${server.url}/__control/requests?path=/api/chat`)).json()) as { requests: RecordedRequest[] };
    expect(requests.map((r) => r.status)).toEqual([500, 200, 200]);
    expect(requests.map((r) => (r.body as { messages: Array<{ content: string }> }).messages[0]!.content)).toEqual(["a", "b", "c"]);

    await post("/__control/reset", {});
    expect(server.requests).toHaveLength(0);
  });
});

describe("fault modes (§6.2), as the provider and app see them", () => {
  it("every fault mode has a model and is covered below", () => {
    expect(FAULT_MODES).toHaveLength(21);
  });

  it("slow-first-token: nothing, not even headers, until the delay; then a normal stream", async () => {
    const started = Date.now();
    let firstAt = 0;
    const result = streamText({ model: ollama("fault-slow-first-token"), prompt: "hi", maxRetries: 0 });
    const parts: string[] = [];
    for await (const part of result.textStream) {
      firstAt ||= Date.now();
      parts.push(part);
    }
    expect(firstAt - started).toBeGreaterThanOrEqual(280);
    expect(parts.join("")).toBe(DEFAULT_REPLY_TEXT);
    expect(await result.finishReason).toBe("stop");

    server.script("llama3.2", { firstTokenDelayMs: 150 });
    const t0 = Date.now();
    const response = await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "x" }] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const final = (await readLines(response)).at(-1)!;
    expect(final.load_duration as number).toBeGreaterThanOrEqual(150_000_000);
  });

  it("slow-tokens: chunks are spaced out and still render incrementally", async () => {
    const stamps: number[] = [];
    const result = streamText({ model: ollama("fault-slow-tokens"), prompt: "hi", maxRetries: 0 });
    for await (const _ of result.textStream) stamps.push(Date.now());
    expect(stamps).toHaveLength(DEFAULT_CHUNKS.length);
    // Consumer-side timing jitters, so judge the overall pace rather than each gap.
    expect(stamps.at(-1)! - stamps[0]!).toBeGreaterThanOrEqual((DEFAULT_CHUNKS.length - 1) * 60 - 30);
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    expect(gaps.filter((gap) => gap < 5)).toHaveLength(0);
  });

  it("hang-before-headers: an AbortSignal timeout surfaces as TimeoutError, and the server sees the close", async () => {
    const error = await rejectionOf(
      generateText({ model: ollama("fault-hang-before-headers"), prompt: "hi", abortSignal: AbortSignal.timeout(300), maxRetries: 0 }),
    );
    expect((error as Error).name).toBe("TimeoutError");
    expect(server.requestsTo("/api/chat")).toHaveLength(1);
    await expect.poll(() => lastRequest("/api/chat").clientClosed).toBe(true);
    expect(lastRequest("/api/chat").status).toBeNull();
  });

  it("hang-mid-stream: textStream ends quietly with the partial text, finishReason rejects", async () => {
    const result = streamText({
      model: ollama("fault-hang-mid-stream"),
      prompt: "hi",
      abortSignal: AbortSignal.timeout(400),
      maxRetries: 0,
    });
    expect((await collect(result.textStream)).join("")).toBe("Hello from");
    expect(((await rejectionOf(result.finishReason)) as Error).name).toBe("TimeoutError");
  });

  it("disconnect-mid-stream: iterating textStream throws after the partial text", async () => {
    const parts: string[] = [];
    const result = streamText({ model: ollama("fault-disconnect-mid-stream"), prompt: "hi", maxRetries: 0 });
    const error = await rejectionOf(
      (async () => {
        for await (const part of result.textStream) parts.push(part);
      })(),
    );
    expect(parts.join("")).toBe("Hello from");
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("terminated");
    // One attempt only: the short wait before destroying keeps it from looking like a refused connection.
    expect(server.requestsTo("/api/chat")).toHaveLength(1);
    expect(lastRequest("/api/chat").clientClosed).toBe(false);
  });

  it("error-line-mid-stream: the provider swallows it — partial text, finishReason other, no usage", async () => {
    const warn = silenceWarnings();
    const result = streamText({ model: ollama("fault-error-line-mid-stream"), prompt: "hi", maxRetries: 0 });
    expect((await collect(result.textStream)).join("")).toBe("Hello from");
    expect(await result.finishReason).toBe("other");
    expect((await result.usage).outputTokens).toBeUndefined();
    expect(warn).toHaveBeenCalled();

    const raw = await readLines(
      await post("/api/chat", { model: "fault-error-line-mid-stream", messages: [{ role: "user", content: "x" }] }),
    );
    expect(raw.at(-1)).toEqual({ error: MID_STREAM_ERROR });
    expect(raw.some((l) => l.done === true)).toBe(false);

    server.script("llama3.2", { error: "out of memory", afterChunks: 1 });
    const custom = await readLines(await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "x" }] }));
    expect(custom).toHaveLength(2);
    expect(custom[1]).toEqual({ error: "out of memory" });
  });

  it("no-done-chunk: full text but finishReason other and no usage", async () => {
    const result = streamText({ model: ollama("fault-no-done-chunk"), prompt: "hi", maxRetries: 0 });
    expect((await collect(result.textStream)).join("")).toBe(DEFAULT_REPLY_TEXT);
    expect(await result.finishReason).toBe("other");
    expect((await result.usage).inputTokens).toBeUndefined();
  });

  it("malformed-ndjson-line: the bad lines are skipped with a warning and their content is lost", async () => {
    const warn = silenceWarnings();
    const result = streamText({ model: ollama("fault-malformed-ndjson-line"), prompt: "hi", maxRetries: 0 });
    const text = (await collect(result.textStream)).join("");
    expect(text).toBe(DEFAULT_REPLY_TEXT);
    expect(text).not.toContain(DROPPED_LINE_CONTENT.trim());
    expect(await result.finishReason).toBe("stop");
    expect(warn.mock.calls.filter(([message]) => String(message).includes("Failed to parse NDJSON line"))).toHaveLength(2);

    // Without streaming the same fault is a body missing created_at.
    const error = asApiCallError(
      await rejectionOf(generateText({ model: ollama("fault-malformed-ndjson-line"), prompt: "hi", maxRetries: 0 })),
    );
    expect(error.message).toBe("Invalid JSON response");
    expect(error.statusCode).toBe(200);
  });

  it("malformed-json-content: structured output fails with NoObjectGeneratedError", async () => {
    const schema = z.object({ name: z.string() });
    const error = await rejectionOf(
      generateText({ model: ollama("fault-malformed-json-content"), prompt: "x", output: Output.object({ schema }), maxRetries: 0 }),
    );
    expect(NoObjectGeneratedError.isInstance(error)).toBe(true);

    server.script("llama3.2", { content: '{"name": 42}' });
    const mismatch = await rejectionOf(
      generateText({ model: ollama("llama3.2"), prompt: "x", output: Output.object({ schema }), maxRetries: 0 }),
    );
    expect(NoObjectGeneratedError.isInstance(mismatch)).toBe(true);
  });

  it("http-500: APICallError 500 with the runner message only in responseBody; retried by default", async () => {
    const error = asApiCallError(await rejectionOf(generateText({ model: ollama("fault-http-500"), prompt: "hi", maxRetries: 0 })));
    expect(error.statusCode).toBe(500);
    expect(error.message).toBe("Internal Server Error");
    expect(error.isRetryable).toBe(true);
    expect(JSON.parse(error.responseBody!)).toEqual({ error: "llama runner process has terminated: exit status 2" });
  });

  it("http-503-busy: retryable, so maxRetries:1 makes two requests and ends in RetryError", async () => {
    const error = await rejectionOf(generateText({ model: ollama("fault-http-503-busy"), prompt: "hi", maxRetries: 1 }));
    expect(RetryError.isInstance(error)).toBe(true);
    const last = asApiCallError((error as RetryError).lastError);
    expect(last.statusCode).toBe(503);
    expect(JSON.parse(last.responseBody!).error).toBe("server busy, please try again.  maximum pending requests exceeded");
    expect(server.requestsTo("/api/chat")).toHaveLength(2);
  });

  it("http-429: retryable APICallError 429", async () => {
    const error = asApiCallError(await rejectionOf(generateText({ model: ollama("fault-http-429"), prompt: "hi", maxRetries: 0 })));
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
  });

  it("404-model-not-found: 'Not Found' with the real text in responseBody; streamText ends empty and reports via onError", async () => {
    const error = asApiCallError(await rejectionOf(generateText({ model: ollama("fault-404-model-not-found"), prompt: "hi" })));
    expect(error.statusCode).toBe(404);
    expect(error.message).toBe("Not Found");
    expect(error.isRetryable).toBe(false);
    expect(JSON.parse(error.responseBody!)).toEqual({ error: "model 'fault-404-model-not-found' not found" });
    expect(server.requestsTo("/api/chat")).toHaveLength(1);

    const onError = vi.fn();
    const result = streamText({ model: ollama("really-missing"), prompt: "hi", onError });
    expect(await collect(result.textStream)).toEqual([]);
    expect(onError).toHaveBeenCalledTimes(1);
    const streamed = asApiCallError((onError.mock.calls[0]![0] as { error: unknown }).error);
    expect(JSON.parse(streamed.responseBody!)).toEqual({ error: "model 'really-missing' not found" });
  });

  it("400-no-thinking and 400-no-tools: not retried, message only in responseBody", async () => {
    const thinking = asApiCallError(await rejectionOf(generateText({ model: ollama("fault-400-no-thinking"), prompt: "hi" })));
    expect(thinking.statusCode).toBe(400);
    expect(thinking.isRetryable).toBe(false);
    expect(JSON.parse(thinking.responseBody!).error).toBe('"fault-400-no-thinking" does not support thinking');

    const tools = asApiCallError(
      await rejectionOf(
        generateText({ model: ollama("fault-400-no-tools"), prompt: "hi", tools: { f: tool({ inputSchema: z.object({}) }) } }),
      ),
    );
    expect(tools.statusCode).toBe(400);
    expect(JSON.parse(tools.responseBody!).error).toMatch(/does not support tools$/);

    // The real checks, not just the fault models.
    const realThink = asApiCallError(
      await rejectionOf(generateText({ model: ollama("llama3.2"), prompt: "hi", providerOptions: { ollama: { think: true } } })),
    );
    expect(JSON.parse(realThink.responseBody!).error).toBe('"llama3.2" does not support thinking');
    expect(server.requestsTo("/api/chat")).toHaveLength(3);
  });

  it("400-bad-request: and the real validation catches the provider's image-only user message", async () => {
    const forced = asApiCallError(await rejectionOf(generateText({ model: ollama("fault-400-bad-request"), prompt: "hi" })));
    expect(forced.statusCode).toBe(400);
    expect(forced.isRetryable).toBe(false);

    const imageOnly = asApiCallError(
      await rejectionOf(
        generateText({
          model: ollama("llama3.2"),
          messages: [{ role: "user", content: [{ type: "image", image: new Uint8Array([137, 80, 78, 71]), mediaType: "image/png" }] }],
        }),
      ),
    );
    expect(imageOnly.statusCode).toBe(400);
    expect(JSON.parse(imageOnly.responseBody!).error).toBe(
      "json: cannot unmarshal array into Go struct field ChatRequest.messages.content of type string",
    );
  });

  it("context-truncated: done_reason length becomes finishReason length", async () => {
    const result = await generateText({ model: ollama("fault-context-truncated"), prompt: "hi ".repeat(50), maxRetries: 0 });
    expect(result.finishReason).toBe("length");
    const normal = await generateText({ model: ollama("llama3.2"), prompt: "hi ".repeat(50), maxRetries: 0 });
    expect(result.usage.inputTokens!).toBeLessThan(normal.usage.inputTokens!);

    const streamed = streamText({ model: ollama("fault-context-truncated"), prompt: "hi", maxRetries: 0 });
    expect(await streamed.finishReason).toBe("length");
  });

  it("tool-call: a valid call with schema-shaped arguments runs the tool, then the model answers", async () => {
    const execute = vi.fn(async ({ city, days }: { city: string; days: number }) => ({ city, days, temp: 20 }));
    const result = await generateText({
      model: ollama("fault-tool-call"),
      prompt: "weather?",
      tools: { getWeather: tool({ inputSchema: z.object({ city: z.string(), days: z.number().int().min(1) }), execute }) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(execute).toHaveBeenCalledWith({ city: "example", days: 1 }, expect.anything());
    expect(result.steps).toHaveLength(2);
    expect(result.text).toBe('Tool result: {"city":"example","days":1,"temp":20}');

    const raw = await readLines(
      await post("/api/chat", {
        model: "fault-tool-call",
        messages: [{ role: "user", content: "x" }],
        tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { a: { type: "string" } } } } }],
      }),
    );
    expect(raw[0]!.message).toEqual({
      role: "assistant",
      content: "",
      tool_calls: [{ id: expect.stringMatching(/^call_[a-z0-9]{8}$/), function: { index: 0, name: "f", arguments: { a: "example" } } }],
    });
    expect(raw[1]).toMatchObject({ done: true, done_reason: "stop" });

    const streamed = streamText({
      model: ollama("fault-tool-call"),
      prompt: "weather?",
      tools: { getWeather: tool({ inputSchema: z.object({ city: z.string() }) }) },
      maxRetries: 0,
    });
    expect((await streamed.toolCalls).map((c) => c.toolName)).toEqual(["getWeather"]);
    expect(await streamed.finishReason).toBe("tool-calls");
  });

  it("tool-call-string-args: Invalid JSON response without streaming, silently dropped when streaming", async () => {
    const tools = { getWeather: tool({ inputSchema: z.object({ city: z.string() }) }) };
    const error = asApiCallError(
      await rejectionOf(generateText({ model: ollama("fault-tool-call-string-args"), prompt: "x", tools, maxRetries: 0 })),
    );
    expect(error.message).toBe("Invalid JSON response");

    const warn = silenceWarnings();
    const streamed = streamText({ model: ollama("fault-tool-call-string-args"), prompt: "x", tools, maxRetries: 0 });
    expect(await streamed.toolCalls).toEqual([]);
    expect(await streamed.finishReason).toBe("stop");
    expect(warn).toHaveBeenCalled();
  });

  it("thinking: reasoning parts and reasoningText when the app turns think on", async () => {
    const result = await generateText({
      model: ollama("fault-thinking"),
      prompt: "hi",
      providerOptions: { ollama: { think: true } },
      maxRetries: 0,
    });
    expect(result.reasoningText).toBe("Let me think about that.");
    expect(result.text).toBe(DEFAULT_REPLY_TEXT);

    server.script("qwen3:8b", { thinking: ["Step one.", " Step two."], content: "Done." });
    const streamed = streamText({ model: ollama("qwen3:8b"), prompt: "hi", providerOptions: { ollama: { think: true } }, maxRetries: 0 });
    const kinds: string[] = [];
    for await (const part of streamed.fullStream) kinds.push(part.type);
    expect(kinds).toEqual(expect.arrayContaining(["reasoning-start", "reasoning-delta", "reasoning-end", "text-delta"]));
    expect(await streamed.reasoningText).toBe("Step one. Step two.");
    expect(await streamed.text).toBe("Done.");

    // The provider's default think:false turns it off, as on a real thinking model.
    const off = await generateText({ model: ollama("qwen3:8b"), prompt: "hi", maxRetries: 0 });
    expect(off.reasoningText).toBeUndefined();
  });

  it("client-abort: the app's abort reaches the server, which stops writing and keeps serving", async () => {
    const controller = new AbortController();
    const result = streamText({ model: ollama("fault-client-abort"), prompt: "hi", abortSignal: controller.signal, maxRetries: 0 });
    const parts: string[] = [];
    await rejectionOf(
      (async () => {
        for await (const part of result.textStream) {
          parts.push(part);
          if (parts.length === 3) controller.abort();
        }
        throw new Error("stream ended");
      })(),
    ).catch(() => undefined);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => lastRequest("/api/chat").clientClosed).toBe(true);
    expect(lastRequest("/api/chat").completed).toBe(false);

    const health = await fetch(`${server.url}/`);
    expect(await health.text()).toBe("Ollama is running");
  });

  it("connection-refused: a closed port gives a retryable 'Cannot connect to API' error", async () => {
    const port = await freePort();
    const offline = createOllama({ baseURL: `http://127.0.0.1:${port}/api` });
    const error = asApiCallError(await rejectionOf(generateText({ model: offline("llama3.2"), prompt: "hi", maxRetries: 0 })));
    expect(error.message).toMatch(/^Cannot connect to API/);
    expect(error.isRetryable).toBe(true);
  });

  it("faults also apply to /api/generate, /api/embed and /api/pull", async () => {
    const generate = await post("/api/generate", { model: "fault-http-500", prompt: "x" });
    expect(generate.status).toBe(500);

    const embedError = asApiCallError(
      await rejectionOf(embed({ model: ollama.embedding("fault-http-503-busy"), value: "x", maxRetries: 0 })),
    );
    expect(embedError.statusCode).toBe(503);

    const pull = await readLines(await post("/api/pull", { model: "fault-error-line-mid-stream" }));
    expect(pull.at(-1)).toHaveProperty("error");
    expect(pull.some((l) => l.status === "success")).toBe(false);
  });
});

describe("cli.mjs", () => {
  it("prints the listening line and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [path.join(__dirname, "cli.mjs"), "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        if (buffer.includes("\n")) resolve(buffer.trim());
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    const match = /^ollama-protocol test server listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    expect(match).not.toBeNull();
    expect(await (await fetch(`${match![1]}/api/version`)).json()).toHaveProperty("version");

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("scripted replies with match", () => {
  it("are taken only by requests whose body contains the match text", async () => {
    const srv = await startOllamaServer({ port: 0 });
    try {
      srv.script("llama3.2", { content: "for B", match: "token-b" });
      srv.script("llama3.2", { content: "for A", match: "token-a" });
      const ask = async (text: string) => {
        const r = await fetch(`${srv.url}/api/chat`, {
          method: "POST",
          body: JSON.stringify({ model: "llama3.2", stream: false, messages: [{ role: "user", content: text }] }),
        });
        return ((await r.json()) as { message: { content: string } }).message.content;
      };
      expect(await ask("please token-a")).toBe("for A");
      expect(await ask("no token here")).not.toBe("for B");
      expect(await ask("now token-b")).toBe("for B");
    } finally {
      await srv.close();
    }
  });
});

describe("/api/create, /api/show of a created model, keep_alive in /api/ps", () => {
  const tags = async () => ((await (await fetch(`${server.url}/api/tags`)).json()).models as { name: string }[]).map((m) => m.name);

  it("streams status lines, then lists the model; /api/show reports its SYSTEM, PARAMETERs and base", async () => {
    const res = await post("/api/create", {
      model: "planner",
      from: "llama3.2",
      system: "You plan software work.",
      parameters: { temperature: 0.2, num_ctx: 8192 },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = await readLines(res);
    expect(lines.at(-1)).toEqual({ status: "success" });
    expect(lines.at(-2)).toEqual({ status: "writing manifest" });
    expect(lines.filter((l) => String(l.status).startsWith("creating new layer sha256:"))).toHaveLength(2);
    expect(await tags()).toContain("planner:latest");

    const show = await (await post("/api/show", { model: "planner" })).json();
    expect(show.system).toBe("You plan software work.");
    expect(show.parameters).toMatch(/^temperature +0\.2$/m);
    expect(show.parameters).toMatch(/^num_ctx +8192$/m);
    expect(show.modelfile).toContain('SYSTEM """You plan software work."""');
    expect(show.details.parent_model).toBe("llama3.2:latest");
    // The weights are the base's: same capabilities and context window.
    expect(show.capabilities).toEqual(["completion", "tools"]);
    expect(show.model_info["llama.context_length"]).toBe(131072);
    expect(show.model_info).toMatchObject({ "general.architecture": "llama", "llama.block_count": expect.any(Number) });
  });

  it("refuses before streaming what Ollama refuses, and installs nothing on a failure mid-create", async () => {
    const noFrom = await post("/api/create", { model: "x1" });
    expect(noFrom.status).toBe(400);
    expect(await noFrom.json()).toEqual({ error: "neither 'from' or 'files' was specified" });
    const typical = await post("/api/create", { model: "x2", from: "llama3.2", parameters: { typical_p: 0.5 } });
    expect(typical.status).toBe(400);

    const missingBase = await readLines(await post("/api/create", { model: "x3", from: "not-there" }));
    expect(missingBase).toEqual([{ status: "pulling manifest" }, { error: PULL_MISSING_ERROR }]);

    server.script("x4", { error: "write manifest: no space left on device", afterChunks: 1 });
    const failed = await readLines(await post("/api/create", { model: "x4", from: "llama3.2", system: "s" }));
    expect(failed.at(-1)).toEqual({ error: "write manifest: no space left on device" });
    expect(failed.some((l) => l.status === "success")).toBe(false);

    server.script("x5", { status: 500, error: "disk full" });
    const refused = await post("/api/create", { model: "x5", from: "llama3.2" });
    expect(refused.status).toBe(500);
    expect(await refused.json()).toEqual({ error: "disk full" });

    expect((await tags()).filter((n) => /^x\d/.test(n))).toEqual([]);
  });

  it("keeps a model loaded as long as keep_alive says, for ever with -1, and unloads it with 0", async () => {
    const ps = async () =>
      (await (await fetch(`${server.url}/api/ps`)).json()).models as { name: string; expires_at: string; context_length: number }[];
    await post("/api/generate", { model: "llama3.2", prompt: "", keep_alive: "30m", options: { num_ctx: 4096 } });
    const [loaded] = await ps();
    const left = Date.parse(loaded!.expires_at) - Date.now();
    expect(left).toBeGreaterThan(29 * 60_000);
    expect(left).toBeLessThanOrEqual(30 * 60_000);
    expect(loaded!.context_length).toBe(4096);

    await post("/api/chat", { model: "qwen3:8b", messages: [{ role: "user", content: "hi" }], stream: false, keep_alive: -1 });
    const both = await ps();
    expect(both.map((m) => m.name)).toEqual(["qwen3:8b", "llama3.2:latest"]);
    expect(new Date(both[0]!.expires_at).getUTCFullYear()).toBeGreaterThan(2200);

    const unload = await (await post("/api/generate", { model: "llama3.2", keep_alive: 0 })).json();
    expect(unload.done_reason).toBe("unload");
    expect((await ps()).map((m) => m.name)).toEqual(["qwen3:8b"]);
  });
});
