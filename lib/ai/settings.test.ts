import { afterEach, expect, it } from "vitest";
import { db } from "@/lib/db";
import { readAiSettings, updateAiSettings } from "./settings";

const admin = { userId: "system", isAdmin: true };

afterEach(() => {
  delete process.env.OLLAMA_BASE_URL;
  delete process.env.OLLAMA_MODEL;
  delete process.env.OLLAMA_FALLBACK_MODELS;
});

it("environment values override what is shown but are never saved by an update", async () => {
  await db.aiSettings.deleteMany();
  process.env.OLLAMA_BASE_URL = "http://gpu-box:11434";
  process.env.OLLAMA_MODEL = "qwen3:8b";
  process.env.OLLAMA_FALLBACK_MODELS = "llama3.2, mistral";
  const shown = await readAiSettings();
  expect(shown.endpoints[0]).toMatchObject({ url: "http://gpu-box:11434", kind: "ollama" });
  expect(shown.roles.main.map((l) => l.model)).toEqual(["qwen3:8b"]);
  expect(shown.roles.fallback.map((l) => l.model)).toEqual(["llama3.2", "mistral"]);
  expect(shown.fromEnvironment).toEqual(["OLLAMA_BASE_URL", "OLLAMA_MODEL", "OLLAMA_FALLBACK_MODELS"]);
  await updateAiSettings(admin, { numCtx: 16384 });
  const row = await db.aiSettings.findUniqueOrThrow({ where: { id: "instance" } });
  expect(row.endpoints).not.toContain("gpu-box");
  expect(row.roles).not.toContain("qwen3");
  expect(row.numCtx).toBe(16384);
  delete process.env.OLLAMA_BASE_URL;
  delete process.env.OLLAMA_MODEL;
  delete process.env.OLLAMA_FALLBACK_MODELS;
  const plain = await readAiSettings();
  expect(plain.endpoints[0]!.url).toBe("http://127.0.0.1:11434");
  expect(plain.roles.main.map((l) => l.model)).toEqual(["llama3.2"]);
  expect(plain.numCtx).toBe(16384);
});

it("refuses roles that point at an unknown endpoint, and non-admins", async () => {
  const e = await updateAiSettings(admin, { roles: { main: [{ endpointId: "nowhere", model: "x" }] } }).catch((x: Error) => x.message);
  expect(e).toBe('roles.main: unknown endpoint "nowhere"');
  const f = await updateAiSettings({ userId: "u", isAdmin: false }, { numCtx: 4096 }).catch((x: { code: string }) => x.code);
  expect(f).toBe("forbidden");
});
