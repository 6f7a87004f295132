// AI engine figures: the time Cairn adds before the first token (over the Ollama-protocol test
// server's own), and how much of the imperfect-output corpus becomes a valid plan.
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { runStructured } from "@/lib/ai/engine";
import { corpusShapeRates, corpusSuccessRate } from "@/lib/ai/corpus/corpus";
import { normalizePlan } from "@/lib/ai/drafts/plan";
import { updateAiSettings } from "@/lib/ai/settings";
import { measure, printTable } from "./measure";

const PLAN = JSON.stringify({
  tasks: [{ id: 1, title: "One", description: "", details: "", testStrategy: "", priority: "medium", dependencies: [] }],
});

async function main() {
  delete process.env.OLLAMA_BASE_URL;
  delete process.env.OLLAMA_MODEL;
  delete process.env.OLLAMA_FALLBACK_MODELS;
  const server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 1 } } as never);
  try {
    await updateAiSettings(
      { userId: "bench", isAdmin: true },
      {
        endpoints: [{ id: "local", kind: "ollama", name: "Bench Ollama", url: server.url }],
        roles: { main: [{ endpointId: "local", model: "llama3.2" }], fast: [], fallback: [] },
        cacheTtlSeconds: 0,
      },
    );
    // The server's own time to first token: a plain streaming request, timed to its first line.
    const raw = await measure("test server alone: request → first token", 100, async () => {
      server.script("llama3.2", { content: PLAN });
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/chat`, {
        method: "POST",
        body: JSON.stringify({
          model: "llama3.2",
          stream: true,
          messages: [{ role: "user", content: "plan" }],
          format: { type: "object" },
        }),
      });
      const reader = res.body!.getReader();
      await reader.read();
      const first = performance.now() - t0;
      await reader.cancel();
      return first;
    });
    // Through Cairn's engine: settings, chain, provider, stream set-up, up to the first delta.
    const app = await measure("through Cairn's engine: job → first token", 100, async () => {
      server.script("llama3.2", { content: PLAN });
      const t0 = performance.now();
      let first = 0;
      await runStructured({
        job: "bench",
        role: "main",
        system: "s",
        prompt: `plan ${Math.random()}`,
        schema: { type: "object" },
        normalize: (v) => normalizePlan(v),
        onModel: () => {},
        onPartial: () => {
          if (!first) first = performance.now() - t0;
        },
      });
      return first || performance.now() - t0;
    });
    printTable("AI engine (Ollama-protocol test server on loopback)", [raw, app]);
    console.log(
      `time Cairn adds to the first token: p50 ${(app.p50 - raw.p50).toFixed(1)} ms, p95 ${(app.p95 - raw.p95).toFixed(1)} ms   (target p50 < 30 ms)`,
    );
    const c = corpusSuccessRate();
    console.log(
      `imperfect-output corpus: ${c.valid} of ${c.total} outputs became valid plans (${((100 * c.valid) / c.total).toFixed(0)}%); ` +
        `${c.expectedValid} are recoverable at all — the rest are refusals, empty or cut-off answers, which are reported, never applied`,
    );
    for (const s of corpusShapeRates()) console.log(`  ${s.shape}: ${s.valid} of ${s.total} became valid plans`);
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
