// Per-model speeds (src/speed.mjs): answers take as long as the model was told, and the timing
// fields Ollama reports agree with that and with each other, streamed or not.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer, type OllamaTestServer } from "./server.mjs";

let server: OllamaTestServer;
beforeAll(async () => {
  server = await startOllamaServer({ port: 0, models: ["slow:1b", "quick:1b", "plain:1b"] });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const chat = (model: string, stream: boolean) =>
  fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }),
  });

interface Final {
  done: boolean;
  load_duration: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
  total_duration: number;
}

/** Streams one answer and notes when the first content line and the final line arrived. */
async function streamed(model: string) {
  const started = performance.now();
  const res = await chat(model, true);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let firstAt: number | null = null;
  let final: Final | null = null;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (line.done) final = line;
      else {
        lines++;
        firstAt ??= performance.now() - started;
      }
    }
  }
  return { firstAt: firstAt!, final: final!, lines, wall: performance.now() - started };
}

const within = (actual: number, expected: number, share = 0.1) => {
  expect(actual).toBeGreaterThanOrEqual(expected * (1 - share));
  expect(actual).toBeLessThanOrEqual(expected * (1 + share));
};

describe("per-model speeds", () => {
  it("a cold model pays its load time once, then answers at its token rate, and the fields agree", async () => {
    const content = Array.from({ length: 10 }, (_, i) => `w${i} `);
    server.setSpeed("slow:1b", { tokensPerSecond: 20, loadMs: 600, promptMs: 500 });
    server.script("slow:1b", [{ content }, { content }]);

    const cold = await streamed("slow:1b");
    expect(cold.lines).toBe(10);
    // No first token before load + prompt + one token's time (how much later depends on this machine's load).
    expect(cold.firstAt).toBeGreaterThanOrEqual(1150 * 0.95);
    within(cold.final.load_duration / 1e6, 600);
    within(cold.final.prompt_eval_duration / 1e6, 500);
    expect(cold.final.eval_count).toBe(10);
    within(cold.final.eval_count / (cold.final.eval_duration / 1e9), 20);
    expect(cold.final.total_duration).toBeGreaterThanOrEqual(
      cold.final.load_duration + cold.final.prompt_eval_duration + cold.final.eval_duration,
    );
    expect(cold.final.total_duration / 1e6).toBeLessThanOrEqual(cold.wall);

    const warm = await streamed("slow:1b");
    expect(warm.final.load_duration / 1e6).toBeLessThan(60);
    expect(warm.firstAt).toBeGreaterThanOrEqual(550 * 0.95);
    within(warm.final.prompt_eval_duration / 1e6, 500);
  });

  it("two models keep their own rates, and a non-streamed answer reports the same fields", async () => {
    const content = Array.from({ length: 20 }, (_, i) => `t${i} `);
    server.setSpeed("slow:1b", { tokensPerSecond: 10 });
    server.setSpeed("quick:1b", { tokensPerSecond: 80, loadMs: 500 });
    server.script("slow:1b", { content });
    server.script("quick:1b", { content });

    const startedSlow = performance.now();
    const slow = (await (await chat("slow:1b", false)).json()) as Final & { message: { content: string } };
    const slowWall = performance.now() - startedSlow;
    expect(slow.message.content).toBe(content.join(""));
    within(slow.eval_count / (slow.eval_duration / 1e9), 10);
    // A non-streamed answer comes only once it is all written: never before 20 tokens at 10 a second.
    expect(slowWall).toBeGreaterThanOrEqual(2000 * 0.95);
    within(slow.eval_duration / 1e6, 2000);

    const quick = await streamed("quick:1b");
    within(quick.final.eval_count / (quick.final.eval_duration / 1e9), 80);
    within(quick.final.load_duration / 1e6, 500);
  });

  it("is set and cleared through the control API; reset forgets it; a model without one keeps the usual pace", async () => {
    const set = await fetch(`${server.url}/__control/speeds`, {
      method: "POST",
      body: JSON.stringify({ model: "Quick:1b", speed: { tokensPerSecond: 5, loadMs: 10 } }),
    });
    expect(await set.json()).toEqual({ speeds: { "quick:1b": { tokensPerSecond: 5, loadMs: 10, promptMs: 0 } } });
    const bad = await fetch(`${server.url}/__control/speeds`, {
      method: "POST",
      body: JSON.stringify({ model: "x", speed: { loadMs: 1 } }),
    });
    expect(bad.status).toBe(400);
    server.reset();
    expect(await (await fetch(`${server.url}/__control/speeds`)).json()).toEqual({ speeds: {} });

    const plain = await streamed("plain:1b");
    expect(plain.lines).toBe(6);
    expect(plain.final.load_duration / 1e6).toBeLessThan(5); // the usual pace: no scripted load
  });
});
