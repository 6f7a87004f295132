import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOllamaServer } from "@/e2e/ollama-server/server.mjs";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { uiMessageStreamResponse } from "@/lib/http/sse";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { makeProject, makeTasks, makeUser } from "@/lib/test/factories";
import { resetCoolDowns } from "../providers";
import { updateAiSettings } from "../settings";
import { createThread, decideProposals, getThread, listThreads, proposalsOf } from "./threads";
import { chatTurn } from "./turn";

type Server = Awaited<ReturnType<typeof startOllamaServer>>;
let server: Server;
const admin = { userId: "system", isAdmin: true };

async function configure(main: string[], timeouts: { firstTokenTimeoutMs?: number; idleTimeoutMs?: number } = {}) {
  await updateAiSettings(admin, {
    endpoints: [{ id: "local", kind: "ollama", name: "Local Ollama", url: server.url }],
    roles: { main: main.map((model) => ({ endpointId: "local", model })), fast: [], fallback: [] },
    cacheTtlSeconds: 3600,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    numCtx: 8192,
    ...timeouts,
  });
}

/** One turn, served as the chat route serves it. */
const turn = async (...args: Parameters<typeof chatTurn>) => uiMessageStreamResponse(await chatTurn(...args));

/** Reads a UI message stream response: every chunk, in order. */
async function chunks(res: Response, onChunk?: (c: { type: string }) => void): Promise<{ type: string; [k: string]: unknown }[]> {
  const out: { type: string; [k: string]: unknown }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done) break;
    buf += value;
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 2);
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      const c = JSON.parse(line.slice(6));
      out.push(c);
      onChunk?.(c);
    }
  }
  return out;
}

const say = (text: string) => ({ id: `m-${Math.random()}`, role: "user", parts: [{ type: "text", text }] });
const textOf = (cs: { type: string; delta?: unknown }[]) =>
  cs
    .filter((c) => c.type === "text-delta")
    .map((c) => c.delta)
    .join("");

async function setup() {
  const { actor, projectId } = await makeProject();
  await makeTasks(actor, projectId, [
    { title: "Set up the repository", status: "done" },
    { title: "User accounts", dependencies: ["1"] },
    { title: "Expense form", dependencies: ["2"] },
  ]);
  const thread = await createThread(actor, projectId);
  return { actor, projectId, thread };
}

const taskTitles = async (projectId: string) => (await getProjectGraph(projectId)).ordered.map((t) => t.title);

beforeAll(async () => {
  server = await startOllamaServer({ port: 0, config: { tokenDelayMs: 1 } });
});
afterAll(async () => server.close());
beforeEach(async () => {
  server.reset();
  resetCoolDowns();
  await configure(["llama3.2"]);
});

describe("planning chat", () => {
  it("streams the answer token by token, names the model and keeps both messages", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", { match: "tok-stream", content: ["Start ", "with ", "#2: ", "it unblocks ", "#3."] });
    const res = await turn(actor, projectId, { threadId: thread.id, message: say("What next? tok-stream") }, new AbortController().signal);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const cs = await chunks(res);
    expect(cs.filter((c) => c.type === "text-delta").map((c) => c.delta)).toEqual(["Start ", "with ", "#2: ", "it unblocks ", "#3."]);
    expect(cs.some((c) => c.type === "message-metadata" && (c.messageMetadata as { model?: string }).model === "llama3.2")).toBe(true);

    const saved = await getThread(actor, projectId, thread.id);
    expect(saved.title).toBe("What next? tok-stream");
    expect(saved.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(saved.messages[1]!.metadata?.model).toBe("llama3.2");
    expect(
      saved.messages[1]!.parts.filter((p) => p.type === "text")
        .map((p) => (p as { text: string }).text)
        .join(""),
    ).toBe("Start with #2: it unblocks #3.");

    // The model saw the project summary and tools; chat is never cached and is logged.
    const body = server.requestsTo("/api/chat")[0]!.body as {
      messages: { role: string; content: string }[];
      tools: { function: { name: string } }[];
      options: { num_ctx: number };
    };
    expect(body.messages[0]!.content).toContain("#3 [pending blocked] Expense form ← #2");
    expect(body.tools.map((t) => t.function.name).sort()).toEqual([
      "proposeDependency",
      "proposeEdit",
      "proposeStatus",
      "proposeTask",
      "readTask",
      "searchTasks",
    ]);
    expect(body.options.num_ctx).toBe(8192);
    const runs = await db.aiRun.findMany({ where: { projectId, job: "chat" } });
    expect(runs.map((r) => r.outcome)).toEqual(["ok"]);
    expect(await db.aiCacheEntry.count({ where: { job: "chat" } })).toBe(0);
  });

  it("sizes the project summary to the model's context window, not only to the setting", async () => {
    server.setModels([{ name: "small:1b", contextLength: 2048, capabilities: ["completion", "tools"] }]);
    await configure(["small:1b"], {});
    await updateAiSettings(admin, { numCtx: 32768 });
    const { actor, projectId, thread } = await setup();
    await makeTasks(
      actor,
      projectId,
      Array.from({ length: 120 }, (_, i) => ({
        title: `Task number ${i + 4} with a fairly long title to fill the summary`,
        description: "x".repeat(200),
      })),
    );
    server.script("small:1b", { content: "Fine." });
    await chunks(await turn(actor, projectId, { threadId: thread.id, message: say("Sum up") }, new AbortController().signal));
    const body = server.requestsTo("/api/chat")[0]!.body as { messages: { role: string; content: string }[]; options: { num_ctx: number } };
    expect(body.options.num_ctx).toBe(2048);
    // About four characters a token: the system prompt keeps well inside the 2,048-token window.
    expect(body.messages[0]!.content.length / 4).toBeLessThan(2048 * 0.5);
  }, 60_000);

  it("shows a proposed task as a card and writes it only when accepted", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", [
      {
        match: "tok-propose",
        toolCalls: [{ name: "proposeTask", arguments: { title: "Write the user guide", priority: "high", dependencies: ["3"] } }],
      },
      { match: "tok-propose", content: "I proposed a task for the guide." },
    ]);
    const cs = await chunks(
      await turn(actor, projectId, { threadId: thread.id, message: say("Add docs tok-propose") }, new AbortController().signal),
    );
    expect(textOf(cs)).toBe("I proposed a task for the guide.");
    // The tool result went back to the model in the second request.
    const second = server.requestsTo("/api/chat")[1]!.body as { messages: { role: string; content: string }[] };
    expect(second.messages.at(-1)!.role).toBe("tool");
    expect(second.messages.at(-1)!.content).toContain("nothing has changed yet");

    expect(await taskTitles(projectId)).toEqual(["Set up the repository", "User accounts", "Expense form"]);
    const saved = (await getThread(actor, projectId, thread.id)).messages[1]!;
    const [card] = proposalsOf(saved);
    expect(card).toMatchObject({ kind: "task", title: "Write the user guide", priority: "high", dependencies: ["3"], state: "pending" });

    const after = await decideProposals(actor, projectId, thread.id, { messageId: saved.id, proposalIds: [card!.id], decision: "accept" });
    expect(proposalsOf(after)[0]).toMatchObject({ state: "accepted", result: "4" });
    const g = await getProjectGraph(projectId);
    const created = g.tasks.get(g.byRef.get("4")!)!;
    expect(created.title).toBe("Write the user guide");
    expect(g.deps.get(created.id)!.map((d) => g.tasks.get(d)!.ref)).toEqual(["3"]);
    expect((await db.task.findUniqueOrThrow({ where: { id: created.id } })).source).toBe("ai");
    // The state is kept: deciding again is refused.
    await expect(
      decideProposals(actor, projectId, thread.id, { messageId: saved.id, proposalIds: [card!.id], decision: "accept" }),
    ).rejects.toThrow(/already accepted/);
  });

  it("writes nothing for a declined card, and accepts several in one go", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", [
      {
        match: "tok-many",
        toolCalls: [
          { name: "proposeStatus", arguments: { ref: "2", status: "in-progress" } },
          { name: "proposeDependency", arguments: { ref: "1", dependsOn: "3" } },
          { name: "proposeTask", arguments: { title: "Budget alerts" } },
          { name: "proposeEdit", arguments: { ref: "3", title: "Expense entry form" } },
        ],
      },
      { match: "tok-many", content: "Three proposals." },
    ]);
    await chunks(await turn(actor, projectId, { threadId: thread.id, message: say("Go tok-many") }, new AbortController().signal));
    const msg = (await getThread(actor, projectId, thread.id)).messages[1]!;
    const cards = proposalsOf(msg);
    // The dependency would close a cycle (#1 → #3 → #2 → #1): it is not shown as a card.
    expect(cards.map((c) => c.kind)).toEqual(["status", "task", "edit"]);
    const tool = server.requestsTo("/api/chat")[1]!.body as { messages: { role: string; content: string }[] };
    expect(
      tool.messages
        .filter((m) => m.role === "tool")
        .map((m) => m.content)
        .join("\n"),
    ).toContain("cannot be applied");

    const before = await db.taskEvent.count({ where: { projectId } });
    await decideProposals(actor, projectId, thread.id, { messageId: msg.id, proposalIds: [cards[1]!.id], decision: "decline" });
    expect(await db.taskEvent.count({ where: { projectId } })).toBe(before);
    expect(await taskTitles(projectId)).not.toContain("Budget alerts");

    const all = await decideProposals(actor, projectId, thread.id, { messageId: msg.id, decision: "accept" });
    expect(proposalsOf(all).map((c) => c.state)).toEqual(["accepted", "declined", "accepted"]);
    const g = await getProjectGraph(projectId);
    expect(g.tasks.get(g.byRef.get("2")!)!.status).toBe("in-progress");
    expect(await taskTitles(projectId)).toEqual(["Set up the repository", "User accounts", "Expense entry form"]);
  });

  it("accepts nothing when one accepted card no longer fits the plan", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", [
      {
        match: "tok-stale",
        toolCalls: [
          { name: "proposeTask", arguments: { title: "Reports" } },
          { name: "proposeStatus", arguments: { ref: "3", status: "done" } },
        ],
      },
      { match: "tok-stale", content: "Two." },
    ]);
    await chunks(await turn(actor, projectId, { threadId: thread.id, message: say("tok-stale") }, new AbortController().signal));
    const msg = (await getThread(actor, projectId, thread.id)).messages[1]!;
    // Meanwhile someone finished #3 on the board.
    const { updateTask } = await import("@/lib/tasks/update-task");
    await updateTask(actor, projectId, "3", { status: "done" });
    const events = await db.taskEvent.count({ where: { projectId } });
    const e = await decideProposals(actor, projectId, thread.id, { messageId: msg.id, decision: "accept" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/#3 .* is already done\. Nothing was written/);
    expect(await db.taskEvent.count({ where: { projectId } })).toBe(events);
    expect(await taskTitles(projectId)).not.toContain("Reports");
    expect(proposalsOf((await getThread(actor, projectId, thread.id)).messages[1]!).map((c) => c.state)).toEqual(["pending", "pending"]);
  });

  it("Stop ends the answer where it was, keeps it marked as stopped and writes no task", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", { match: "tok-stop", content: Array.from({ length: 100 }, (_, i) => `w${i} `), delayMs: 20 });
    const stop = new AbortController();
    const events = await db.taskEvent.count({ where: { projectId } });
    const res = await turn(actor, projectId, { threadId: thread.id, message: say("Talk tok-stop") }, stop.signal);
    let deltas = 0;
    await chunks(res, (c) => {
      if (c.type === "text-delta" && ++deltas === 3) stop.abort();
    });
    await new Promise((r) => setTimeout(r, 200));
    const req = server.requestsTo("/api/chat")[0]!;
    expect(req.clientClosed).toBe(true);
    const saved = await getThread(actor, projectId, thread.id);
    expect(saved.messages).toHaveLength(2);
    expect(saved.messages[1]!.metadata?.stopped).toBe(true);
    const text = saved.messages[1]!.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
    expect(text.startsWith("w0 w1 w2")).toBe(true);
    expect(text).not.toContain("w99");
    expect(await db.taskEvent.count({ where: { projectId } })).toBe(events);
    expect((await db.aiRun.findMany({ where: { projectId, job: "chat" } })).map((r) => r.outcome)).toEqual(["aborted"]);
  });

  it("keeps the answer as far as it got when the browser goes away mid-answer", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", { match: "tok-gone", content: Array.from({ length: 100 }, (_, i) => `g${i} `), delayMs: 20 });
    const gone = new AbortController();
    const res = await turn(actor, projectId, { threadId: thread.id, message: say("Talk tok-gone") }, gone.signal);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("g2 ")) seen += (await reader.read()).value ?? "";
    // The browser closes the connection: the request's signal aborts and nobody reads any more.
    gone.abort();
    await reader.cancel();
    await expect.poll(async () => (await getThread(actor, projectId, thread.id)).messages.length).toBe(2);
    const saved = await getThread(actor, projectId, thread.id);
    expect(saved.messages[1]!.metadata?.stopped).toBe(true);
    const text = saved.messages[1]!.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
    expect(text.startsWith("g0 g1 g2")).toBe(true);
    expect(text).not.toContain("g99");
  });

  it("falls back to the next model before the first token and says who answered", async () => {
    const { actor, projectId, thread } = await setup();
    await configure(["fault-http-500", "llama3.2"]);
    server.script("llama3.2", { match: "tok-fallback", content: "From the fallback." });
    const cs = await chunks(
      await turn(actor, projectId, { threadId: thread.id, message: say("tok-fallback") }, new AbortController().signal),
    );
    expect(textOf(cs)).toBe("From the fallback.");
    const saved = await getThread(actor, projectId, thread.id);
    expect(saved.messages[1]!.metadata?.model).toBe("llama3.2");
    const runs = await db.aiRun.findMany({ where: { projectId, job: "chat" }, orderBy: { createdAt: "asc" } });
    expect(runs.map((r) => [r.model, r.outcome])).toEqual([
      ["fault-http-500", "error"],
      ["llama3.2", "ok"],
    ]);
  });

  it("a model that never starts answering times out and the next one answers; one that stalls mid-answer is reported", async () => {
    const { actor, projectId, thread } = await setup();
    await configure(["fault-hang-before-headers", "llama3.2"], { firstTokenTimeoutMs: 1000, idleTimeoutMs: 1000 });
    server.script("llama3.2", [
      { match: "tok-hang", content: "Second model here." },
      { match: "tok-stall", content: ["a ", "b ", "c ", "d"], fault: "hang-mid-stream", afterChunks: 2 },
    ]);
    const first = await chunks(
      await turn(actor, projectId, { threadId: thread.id, message: say("tok-hang") }, new AbortController().signal),
    );
    expect(textOf(first)).toBe("Second model here.");
    const runs = await db.aiRun.findMany({ where: { projectId, job: "chat" }, orderBy: { createdAt: "asc" } });
    expect(runs.map((r) => [r.model, r.outcome])).toEqual([
      ["fault-hang-before-headers", "timeout"],
      ["llama3.2", "ok"],
    ]);
    await configure(["llama3.2"], { idleTimeoutMs: 1000 });
    const second = await chunks(
      await turn(actor, projectId, { threadId: thread.id, message: say("tok-stall") }, new AbortController().signal),
    );
    expect(textOf(second)).toBe("a b ");
    expect((second.find((c) => c.type === "error") as { errorText?: string } | undefined)?.errorText).toMatch(
      /stopped sending tokens mid-answer/,
    );
  });

  it("reports a dead server plainly and keeps no empty answer", async () => {
    const { actor, projectId, thread } = await setup();
    await updateAiSettings(admin, { endpoints: [{ id: "local", kind: "ollama", name: "Local Ollama", url: "http://127.0.0.1:9" }] });
    const cs = await chunks(await turn(actor, projectId, { threadId: thread.id, message: say("hello") }, new AbortController().signal));
    const err = cs.find((c) => c.type === "error") as { errorText: string } | undefined;
    expect(err?.errorText).toMatch(/No AI model could be reached.*Cannot reach Local Ollama/);
    expect((await getThread(actor, projectId, thread.id)).messages.map((m) => m.role)).toEqual(["user"]);
  });

  it("a broken stream is reported as incomplete, never as a finished answer", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", {
      match: "tok-broken",
      content: ["one ", "two ", "three ", "four"],
      fault: "disconnect-mid-stream",
      afterChunks: 2,
    });
    const cs = await chunks(
      await turn(actor, projectId, { threadId: thread.id, message: say("tok-broken") }, new AbortController().signal),
    );
    expect((cs.find((c) => c.type === "error") as { errorText?: string } | undefined)?.errorText).toMatch(/broke off|incomplete/);
    const saved = (await getThread(actor, projectId, thread.id)).messages[1]!;
    expect(saved.metadata?.error).toMatch(/broke off|incomplete/);
  });

  it("without tool support, proposals come from a structured-output call", async () => {
    const { actor, projectId, thread } = await setup();
    server.setModels([{ name: "plain:7b", capabilities: ["completion"] }]);
    await configure(["plain:7b"]);
    server.script("plain:7b", [
      { match: "tok-plain", content: "Add a task: Write the user guide, after #3." },
      {
        match: "tok-plain",
        content: JSON.stringify({
          proposals: [
            { kind: "task", title: "Write the user guide", description: "", details: "", priority: "medium", dependencies: ["3"] },
            { kind: "bogus" },
          ],
        }),
      },
    ]);
    const cs = await chunks(
      await turn(actor, projectId, { threadId: thread.id, message: say("Docs? tok-plain") }, new AbortController().signal),
    );
    expect(textOf(cs)).toBe("Add a task: Write the user guide, after #3.");
    const calls = server.requestsTo("/api/chat").map((r) => r.body as { tools?: unknown; format?: unknown });
    // /api/show lists no tools capability: asked without tools from the start, then one structured call.
    expect(calls.map((b) => [!!b.tools, !!b.format])).toEqual([
      [false, false],
      [false, true],
    ]);
    const msg = (await getThread(actor, projectId, thread.id)).messages[1]!;
    expect(msg.metadata?.toolsUnsupported).toBe(true);
    expect(proposalsOf(msg).map((c) => [c.kind, c.state, "title" in c ? c.title : ""])).toEqual([
      ["task", "pending", "Write the user guide"],
    ]);
    expect(await taskTitles(projectId)).toHaveLength(3);
  });

  it("regenerate replaces the last answer", async () => {
    const { actor, projectId, thread } = await setup();
    server.script("llama3.2", [
      { match: "tok-regen", content: "First." },
      { match: "tok-regen", content: "Second." },
    ]);
    await chunks(await turn(actor, projectId, { threadId: thread.id, message: say("tok-regen") }, new AbortController().signal));
    await chunks(await turn(actor, projectId, { threadId: thread.id, trigger: "regenerate-message" }, new AbortController().signal));
    const texts = (await getThread(actor, projectId, thread.id)).messages.map((m) =>
      m.parts.map((p) => (p.type === "text" ? p.text : "")).join(""),
    );
    expect(texts).toEqual(["tok-regen", "Second."]);
  });

  it("threads are their owner's; bad input is refused before any model call", async () => {
    const { actor, projectId, thread } = await setup();
    const other = await makeUser();
    await expect(getThread(other, projectId, thread.id)).rejects.toThrow(AppError);
    expect(await listThreads(actor, projectId)).toHaveLength(1);
    await expect(chatTurn(actor, projectId, { threadId: thread.id, message: say("   ") }, new AbortController().signal)).rejects.toThrow(
      /Write a message first/,
    );
    await expect(chatTurn(actor, projectId, { threadId: "nope", message: say("hi") }, new AbortController().signal)).rejects.toThrow(
      /Conversation/,
    );
    expect(server.requestsTo("/api/chat")).toHaveLength(0);
    expect((await getThread(actor, projectId, thread.id)).messages).toHaveLength(0);
  });
});
