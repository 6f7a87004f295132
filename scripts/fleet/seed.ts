// Fills the database named by DATABASE_URL with a plan that uses every table a home lab has:
// users, a token, sessions, throttle counters, an invitation, a Task Master import of `--tasks`
// tasks with history (edits, moves, notes), AI runs and cached answers, a chat thread and reports.
// Prints one JSON line: { email, password, token, projectId } (what a test signs in with).
// Run with tsx --conditions=react-server (see scripts/fleet/harness.ts).
import type { Actor } from "@/lib/auth/actor";
import { createSession } from "@/lib/auth/sessions";
import { countFailure } from "@/lib/auth/throttle";
import { createToken } from "@/lib/auth/tokens";
import { createUser, signUp } from "@/lib/auth/users";
import { saveAssistantMessage, saveUserMessage, createThread } from "@/lib/ai/chat/threads";
import { storeAnswer } from "@/lib/ai/cache";
import { db } from "@/lib/db";
import { generateReport } from "@/lib/reports/generate-report";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { inviteMember } from "@/lib/tasks/invitations";
import { moveTask } from "@/lib/tasks/move-task";
import { addNote } from "@/lib/tasks/notes";
import { updateTask } from "@/lib/tasks/update-task";
import { syntheticTasksJson } from "../bench/synthetic";

const argValue = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};

async function main() {
  const tasks = Number(argValue("--tasks", "300"));
  const email = argValue("--email", "fleet-owner@example.test");
  const password = "fleet-seed-password-1";
  const input = { email, password, name: "Fleet Owner" };
  const user = await signUp(input).catch(() => createUser({ userId: "system", isAdmin: true }, input));
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin };
  const viewer = await createUser({ userId: user.id, isAdmin: true }, { email: `viewer-${email}`, password, name: "Viewer" });

  const { projects } = await importTaskMaster(actor, syntheticTasksJson(tasks, Math.round(tasks * 1.5), 3));
  const projectId = projects[0]!.id;

  // History: edits with every kind of value, moves across and within columns, notes, subtasks.
  for (let i = 1; i <= Math.min(40, tasks); i++) {
    const ref = String(i);
    await updateTask(actor, projectId, ref, {
      priority: ["low", "high", "critical"][i % 3],
      assignee: i % 4 === 0 ? null : `dev${i % 5}`,
      dueDate: i % 3 === 0 ? new Date(Date.UTC(2027, 0, i, 9, 30, 15, 123)).toISOString() : null,
      labels: i % 2 ? ["backend", `l${i % 7}`] : [],
      complexity: i % 10 === 0 ? null : i % 10,
    });
    await moveTask(actor, projectId, ref, { status: ["in-progress", "done", "review", "pending"][i % 4], afterRef: null });
    if (i % 5 === 0) await addNote(actor, projectId, ref, { body: `Note on ${i}: ünïcødé, "quotes" and\nnew lines` });
  }
  // A subtask tree (rows that reference their parent).
  const { createTask } = await import("@/lib/tasks/create-task");
  for (let i = 0; i < 5; i++) await createTask(actor, projectId, { title: `Subtask ${i}`, parent: "2" });

  await inviteMember(actor, projectId, { email: `invitee-${email}`, role: "editor" });
  await createSession(user.id, "Fleet seed browser");
  await countFailure(`someone-${email}`, "192.0.2.7");
  const token = await createToken(actor, { name: "fleet", scopes: ["read", "write"] });
  await createToken({ userId: viewer.id, isAdmin: viewer.isAdmin }, { name: "viewer", scopes: ["read"] });

  // AI runs as the engine records them (ok, cached, failed with and without token counts).
  const outcomes = ["ok", "error", "timeout", "ok", "invalid"];
  await db.aiRun.createMany({
    data: Array.from({ length: 25 }, (_, i) => ({
      projectId: i % 5 === 4 ? null : projectId,
      userId: user.id,
      job: ["parse-prd", "expand", "analyze-complexity", "chat"][i % 4]!,
      endpoint: "http://127.0.0.1:11434",
      model: i % 2 ? "llama3.2" : "qwen2.5:7b",
      attempt: 1 + (i % 2),
      ttftMs: i % 3 ? 120 + i : null,
      durationMs: 1_000 + i * 37,
      promptTokens: i % 4 ? 500 + i : null,
      outputTokens: i % 4 ? 200 + i : null,
      outcome: outcomes[i % outcomes.length]!,
      cacheHit: i % 6 === 0,
      error: i % 5 === 1 ? "connection refused" : null,
      role: i % 3 ? "main" : "complex",
      routedBecause: i % 3 ? null : "complexity 8 ≥ 7 → complex",
      createdAt: new Date(Date.now() - i * 3_600_000),
    })),
  });
  await storeAnswer("seed-cache-key", { job: "expand", model: "llama3.2" }, { object: { subtasks: [] } } as never, 86_400);

  const thread = await createThread(actor, projectId, { title: "Planning the release" });
  await saveUserMessage(thread.id, "What should we do first?");
  await saveAssistantMessage(thread.id, {
    id: "seed-assistant-1",
    role: "assistant",
    parts: [{ type: "text", text: "Start with task 1; it unblocks most of the plan." }],
    metadata: { model: "llama3.2" },
  } as never);

  await generateReport(actor, projectId, {});
  await generateReport(actor, projectId, { from: "2026-01-01", timeZone: "Europe/Berlin" });

  console.log(JSON.stringify({ email, password, token: token.token, projectId }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
