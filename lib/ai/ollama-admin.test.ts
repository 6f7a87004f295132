import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startOllamaServer, type OllamaTestServer } from "@/e2e/ollama-server/server.mjs";
import { AppError } from "@/lib/errors";
import { checkEndpoint, listLoadedModels, listModels, normalizeOllamaBaseUrl, pullModel, type PullProgress } from "./ollama-admin";

let server: OllamaTestServer;
// Misbehaviours the Ollama test server has no mode for on these routes: a silent socket,
// a non-Ollama error page, a pull stream that just stops.
let oddServer: http.Server;
let oddUrl: string;
let closedUrl: string;

async function freePortThatIsClosed(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 0, pullDelayMs: 1 } });
  oddServer = http.createServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/hang/")) return; // never answers
    if (path === "/broken/api/version") {
      res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      return res.end(JSON.stringify({ error: "llama runner process has terminated" }));
    }
    if (path === "/proxy/api/version") {
      res.writeHead(502, "Bad Gateway", { "content-type": "text/html" });
      return res.end("<html><body>nginx</body></html>");
    }
    if (path === "/html/api/version") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<html>router admin page</html>");
    }
    if (path === "/short/api/pull") {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.write(`${JSON.stringify({ status: "pulling manifest" })}\n`);
      return res.end(`${JSON.stringify({ status: "pulling abc", digest: "sha256:abc", total: 10, completed: 5 })}\n`);
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("404 page not found");
  });
  await new Promise<void>((resolve) => oddServer.listen(0, "127.0.0.1", resolve));
  oddUrl = `http://127.0.0.1:${(oddServer.address() as net.AddressInfo).port}`;
  closedUrl = `http://127.0.0.1:${await freePortThatIsClosed()}`;
});

afterAll(async () => {
  await server?.close();
  oddServer?.closeAllConnections();
  await new Promise<void>((resolve) => (oddServer ? oddServer.close(() => resolve()) : resolve()));
});

beforeEach(() => {
  server.reset();
});

async function collect(gen: AsyncGenerator<PullProgress>): Promise<PullProgress[]> {
  const out: PullProgress[] = [];
  for await (const p of gen) out.push(p);
  return out;
}

describe("normalizeOllamaBaseUrl", () => {
  it.each([
    ["http://127.0.0.1:11434", "http://127.0.0.1:11434"],
    ["http://127.0.0.1:11434/", "http://127.0.0.1:11434"],
    ["http://127.0.0.1:11434/api", "http://127.0.0.1:11434"],
    ["http://127.0.0.1:11434/api/", "http://127.0.0.1:11434"],
    ["  http://LocalHost:11434//  ", "http://localhost:11434"],
    ["https://gpu.example.com/ollama/api", "https://gpu.example.com/ollama"],
    ["https://gpu.example.com:443/", "https://gpu.example.com"],
    ["http://[::1]:11434/api", "http://[::1]:11434"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeOllamaBaseUrl(input)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "localhost:11434",
    "127.0.0.1:11434",
    "ftp://127.0.0.1:11434",
    "file:///etc/passwd",
    "not a url",
    "http://user:secret@127.0.0.1:11434",
    "http://127.0.0.1:11434/?x=1",
  ])("rejects %j as invalid", (input) => {
    let caught: unknown;
    try {
      normalizeOllamaBaseUrl(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe("invalid");
  });
});

describe("checkEndpoint", () => {
  it("reports version and latency for a running server, whatever form the URL came in", async () => {
    const health = await checkEndpoint(`${server.url}/api/`);
    expect(health).toEqual({ url: server.url, reachable: true, version: "0.12.3", latencyMs: expect.any(Number), error: null });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.latencyMs).toBeLessThan(3000);
    expect(server.requestsTo("/api/version")).toHaveLength(1);
  });

  it("explains a closed port as nothing listening", async () => {
    const health = await checkEndpoint(closedUrl);
    expect(health).toEqual({
      url: closedUrl,
      reachable: false,
      version: null,
      latencyMs: null,
      error: `Nothing is listening at ${closedUrl}: connection refused. Is Ollama running? Start it with \`ollama serve\`.`,
    });
  });

  it("gives up on a server that never answers after the timeout", async () => {
    const started = Date.now();
    const health = await checkEndpoint(`${oddUrl}/hang`, { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(health).toMatchObject({
      reachable: false,
      version: null,
      latencyMs: null,
      error: `${oddUrl}/hang did not answer within 200 ms`,
    });
  });

  it("words the default timeout in seconds", async () => {
    // Only the wording is checked; 3 s of real waiting would slow the suite for nothing.
    const health = await checkEndpoint(`${oddUrl}/hang`, { timeoutMs: 1000 });
    expect(health.error).toBe(`${oddUrl}/hang did not answer within 1 s`);
  });

  it("passes Ollama's own error text through for an HTTP error", async () => {
    const health = await checkEndpoint(`${oddUrl}/broken`);
    expect(health).toMatchObject({
      url: `${oddUrl}/broken`,
      reachable: false,
      version: null,
      error: `${oddUrl}/broken answered with HTTP 500: llama runner process has terminated`,
    });
    expect(health.latencyMs).toEqual(expect.any(Number));
  });

  it("falls back to the status text when the error is not Ollama's JSON", async () => {
    const health = await checkEndpoint(`${oddUrl}/proxy`);
    expect(health.error).toBe(`${oddUrl}/proxy answered with HTTP 502: Bad Gateway`);
  });

  it("notices something other than Ollama answering", async () => {
    const health = await checkEndpoint(`${oddUrl}/html`);
    expect(health.reachable).toBe(false);
    expect(health.error).toMatch(/answered, but not like Ollama/);
  });

  it("reports an unusable address instead of throwing", async () => {
    const health = await checkEndpoint("localhost:11434");
    expect(health).toMatchObject({ url: "localhost:11434", reachable: false, version: null, latencyMs: null });
    expect(health.error).toMatch(/http:\/\/ or https:\/\//);
  });
});

describe("listModels", () => {
  it("lists installed models with sizes and details", async () => {
    const models = await listModels(`${server.url}/api`);
    const llama = models.find((m) => m.name === "llama3.2:latest");
    expect(llama).toEqual({
      name: "llama3.2:latest",
      sizeBytes: 2019393189,
      family: "llama",
      parameterSize: "3.2B",
      quantization: "Q4_K_M",
      modifiedAt: "2025-05-04T17:37:44.706015396Z",
    });
    expect(models.find((m) => m.name === "nomic-embed-text:latest")?.sizeBytes).toBe(274302450);
  });

  it("returns an empty list when nothing is installed", async () => {
    server.setModels([]);
    await expect(listModels(server.url)).resolves.toEqual([]);
  });

  it("throws unavailable with the plain message when nothing is listening", async () => {
    await expect(listModels(closedUrl)).rejects.toMatchObject({
      name: "AppError",
      code: "unavailable",
      message: `Nothing is listening at ${closedUrl}: connection refused. Is Ollama running? Start it with \`ollama serve\`.`,
    });
  });

  it("throws timeout when the server does not answer in time", async () => {
    await expect(listModels(`${oddUrl}/hang`, { timeoutMs: 150 })).rejects.toMatchObject({
      code: "timeout",
      message: `${oddUrl}/hang did not answer within 150 ms`,
    });
  });

  it("rethrows the caller's own abort unchanged", async () => {
    const controller = new AbortController();
    const pending = listModels(`${oddUrl}/hang`, { signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("throws bad_gateway for an HTTP error", async () => {
    await expect(listModels(oddUrl)).rejects.toMatchObject({
      code: "bad_gateway",
      message: `${oddUrl} answered with HTTP 404: Not Found`,
    });
  });
});

describe("listLoadedModels", () => {
  it("is empty until a model is used, then lists it with memory and expiry", async () => {
    await expect(listLoadedModels(server.url)).resolves.toEqual([]);

    const chat = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "hi" }], stream: false }),
    });
    expect(chat.status).toBe(200);
    await chat.text();

    const loaded = await listLoadedModels(server.url);
    expect(loaded).toHaveLength(1);
    const [model] = loaded;
    expect(model).toMatchObject({ name: "llama3.2:latest", sizeBytes: 2019393189, vramBytes: 2019393189 });
    expect(model?.contextLength).toEqual(expect.any(Number));
    expect(Date.parse(model?.expiresAt ?? "")).toBeGreaterThan(Date.now());
  });
});

describe("pullModel", () => {
  it("streams progress with a rising percent, ends with success, and the model is then installed", async () => {
    server.configure({ pullSteps: 5, pullDelayMs: 1 });
    const progress = await collect(pullModel(server.url, "mistral"));

    expect(progress[0]).toEqual({ status: "pulling manifest", percent: null });
    expect(progress.at(-1)).toEqual({ status: "success", percent: null });
    const mainDigest = progress[1]?.digest;
    const main = progress.filter((p) => p.digest === mainDigest);
    expect(main).toHaveLength(5);
    const percents = main.map((p) => p.percent ?? -1);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThan(percents[i - 1] ?? Infinity);
    expect(percents.at(-1)).toBe(100);
    expect(main[0]).toMatchObject({ total: 4113301824, completed: expect.any(Number), percent: 20 });

    const [request] = server.requestsTo("/api/pull");
    expect(request?.body).toEqual({ model: "mistral", stream: true });
    expect(request?.completed).toBe(true);
    expect((await listModels(server.url)).map((m) => m.name)).toContain("mistral:latest");
  });

  it("turns Ollama's error line into a plain bad_gateway error", async () => {
    await expect(collect(pullModel(server.url, "does-not-exist:7b"))).rejects.toMatchObject({
      name: "AppError",
      code: "bad_gateway",
      message: "Ollama could not pull does-not-exist:7b: pull model manifest: file does not exist",
    });
    expect((await listModels(server.url)).map((m) => m.name)).not.toContain("does-not-exist:7b");
  });

  it("reports an error line that arrives mid-download", async () => {
    const seen: PullProgress[] = [];
    const run = async () => {
      for await (const p of pullModel(server.url, "fault-error-line-mid-stream")) seen.push(p);
    };
    await expect(run()).rejects.toMatchObject({
      code: "bad_gateway",
      message: "Ollama could not pull fault-error-line-mid-stream: max retries exceeded: unexpected EOF",
    });
    expect(seen.length).toBeGreaterThan(1);
  });

  it("fails when the stream stops without success", async () => {
    await expect(collect(pullModel(`${oddUrl}/short`, "llama3.2"))).rejects.toMatchObject({
      code: "bad_gateway",
      message: "The pull of llama3.2 ended before it finished",
    });
  });

  it("fails when Ollama drops the connection mid-download", async () => {
    await expect(collect(pullModel(server.url, "fault-disconnect-mid-stream"))).rejects.toMatchObject({
      code: "bad_gateway",
      message: expect.stringMatching(/^The pull of fault-disconnect-mid-stream ended before it finished/),
    });
  });

  it("throws unavailable when nothing is listening", async () => {
    await expect(collect(pullModel(closedUrl, "llama3.2"))).rejects.toMatchObject({ code: "unavailable" });
  });

  it("stops the download promptly when aborted midway, throwing the abort as is", async () => {
    server.configure({ pullSteps: 20, pullDelayMs: 400 });
    const controller = new AbortController();
    const gen = pullModel(server.url, "gemma3:4b", controller.signal);

    const first = await gen.next();
    expect(first.value).toMatchObject({ status: "pulling manifest" });
    const second = await gen.next();
    expect(second.value).toMatchObject({ percent: 5 });

    const pending = gen.next();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    const error = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(AppError);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(300);

    await vi.waitFor(() => {
      const [request] = server.requestsTo("/api/pull");
      expect(request?.clientClosed).toBe(true);
      expect(request?.completed).toBe(false);
    });
    expect((await listModels(server.url)).map((m) => m.name)).not.toContain("gemma3:4b");
    await expect(gen.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it("also stops the download when the caller leaves the loop early", async () => {
    server.configure({ pullSteps: 20, pullDelayMs: 100 });
    let count = 0;
    for await (const p of pullModel(server.url, "qwen3:0.6b")) {
      expect(p.status).not.toBe("success");
      if (++count === 2) break;
    }
    await vi.waitFor(() => expect(server.requestsTo("/api/pull")[0]?.clientClosed).toBe(true));
  });

  it("throws an already-aborted signal's reason without a request", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pullModel(server.url, "mistral", controller.signal).next()).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requestsTo("/api/pull")).toHaveLength(0);
  });

  it.each(["", " llama3.2", "-llama", ".hidden", "../etc/passwd", "llama 3", "llama3.2;rm", "a".repeat(201), "llama\n3"])(
    "rejects the model name %j without sending anything",
    async (name) => {
      await expect(pullModel(server.url, name).next()).rejects.toMatchObject({ name: "AppError", code: "invalid" });
      expect(server.requests).toHaveLength(0);
    },
  );

  it("accepts names with a namespace and tag", async () => {
    server.configure({ pullSteps: 1, pullDelayMs: 1 });
    const progress = await collect(pullModel(server.url, "library/qwen3:0.6b"));
    expect(progress.at(-1)?.status).toBe("success");
    const longest = pullModel(server.url, "a".repeat(200));
    await expect(longest.next()).resolves.toMatchObject({ done: false });
    await longest.return(undefined);
  });

  it("rejects a non-http base URL as invalid", async () => {
    await expect(pullModel("ftp://127.0.0.1", "mistral").next()).rejects.toMatchObject({ code: "invalid" });
  });
});
