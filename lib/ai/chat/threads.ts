// Planning conversations: one person's threads per project, their messages (as the UI message
// parts the chat renders), and the accept/decline decisions on proposal cards.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { decideProposalsInput, threadTitleInput } from "@/lib/validation/chat";
import { parseInput } from "@/lib/validation/parse";
import { applyProposals, checkProposal } from "./proposals";
import type { ChatMetadata, ChatPart, ChatThreadDto, ChatThreadWithMessages, ChatUIMessage, Proposal } from "./types";

const threadDto = (t: { id: string; title: string; createdAt: Date; updatedAt: Date }): ChatThreadDto => ({
  id: t.id,
  title: t.title,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

type MessageRow = { id: string; role: string; parts: string; model: string | null; createdAt: Date };
export function toUiMessage(r: MessageRow): ChatUIMessage {
  const stored = JSON.parse(r.parts) as { parts: ChatPart[]; metadata?: ChatMetadata };
  return {
    id: r.id,
    role: r.role as "user" | "assistant",
    parts: stored.parts,
    metadata: { ...stored.metadata, createdAt: r.createdAt.toISOString() },
  };
}
const storedParts = (m: Pick<ChatUIMessage, "parts" | "metadata">) => JSON.stringify({ parts: m.parts, metadata: m.metadata ?? {} });

/** The thread, if it is the actor's and belongs to the project; otherwise 404. */
export async function ownThread(actor: Actor, projectId: string, threadId: string, tx: Tx = db) {
  await authorizeProject(actor, projectId, "editor");
  const t = await tx.chatThread.findUnique({ where: { id: threadId } });
  if (!t || t.projectId !== projectId || t.userId !== actor.userId) throw notFound("Conversation");
  return t;
}

export async function listThreads(actor: Actor, projectId: string): Promise<ChatThreadDto[]> {
  await authorizeProject(actor, projectId, "editor");
  const rows = await db.chatThread.findMany({ where: { projectId, userId: actor.userId }, orderBy: { updatedAt: "desc" }, take: 200 });
  return rows.map(threadDto);
}

export async function createThread(actor: Actor, projectId: string, raw: unknown = {}): Promise<ChatThreadDto> {
  await authorizeProject(actor, projectId, "editor");
  const title = raw && typeof raw === "object" && "title" in raw ? parseInput(threadTitleInput, raw).title : undefined;
  return threadDto(await db.chatThread.create({ data: { projectId, userId: actor.userId, ...(title ? { title } : {}) } }));
}

export async function getThread(actor: Actor, projectId: string, threadId: string): Promise<ChatThreadWithMessages> {
  const t = await ownThread(actor, projectId, threadId);
  return { ...threadDto(t), messages: await threadMessages(threadId) };
}

export async function threadMessages(threadId: string, tx: Tx = db): Promise<ChatUIMessage[]> {
  const rows = await tx.chatMessage.findMany({ where: { threadId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toUiMessage);
}

export async function renameThread(actor: Actor, projectId: string, threadId: string, raw: unknown): Promise<ChatThreadDto> {
  const { title } = parseInput(threadTitleInput, raw);
  await ownThread(actor, projectId, threadId);
  return threadDto(await db.chatThread.update({ where: { id: threadId }, data: { title } }));
}

export async function deleteThread(actor: Actor, projectId: string, threadId: string): Promise<void> {
  await ownThread(actor, projectId, threadId);
  await db.chatThread.delete({ where: { id: threadId } });
}

/** Stores a user message; the first one also names the thread. */
export async function saveUserMessage(threadId: string, text: string): Promise<ChatUIMessage> {
  return inTransaction(async (tx) => {
    const thread = await tx.chatThread.findUniqueOrThrow({
      where: { id: threadId },
      select: { title: true, _count: { select: { messages: true } } },
    });
    const parts: ChatPart[] = [{ type: "text", text }];
    const row = await tx.chatMessage.create({ data: { threadId, role: "user", parts: storedParts({ parts }) } });
    const title = thread._count.messages === 0 ? text.replace(/\s+/g, " ").trim().slice(0, 80) : undefined;
    await tx.chatThread.update({ where: { id: threadId }, data: { updatedAt: new Date(), ...(title ? { title } : {}) } });
    return toUiMessage(row);
  });
}

/** Stores the assistant's answer (text, tool calls and proposal cards) as it was shown. */
export async function saveAssistantMessage(threadId: string, message: ChatUIMessage): Promise<void> {
  await inTransaction(async (tx) => {
    await tx.chatMessage.create({
      data: { id: message.id, threadId, role: "assistant", parts: storedParts(message), model: message.metadata?.model ?? null },
    });
    await tx.chatThread.update({ where: { id: threadId }, data: { updatedAt: new Date() } });
  });
}

/** Regenerate: drops the answers after the last user message, which is asked again. */
export async function dropAnswersAfterLastUserMessage(threadId: string): Promise<void> {
  const lastUser = await db.chatMessage.findFirst({ where: { threadId, role: "user" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  if (!lastUser) throw new AppError("invalid", "There is no message to answer again.");
  await db.chatMessage.deleteMany({ where: { threadId, role: "assistant", createdAt: { gte: lastUser.createdAt } } });
}

export const proposalsOf = (m: Pick<ChatUIMessage, "parts">): Proposal[] =>
  m.parts.flatMap((p) => (p.type === "data-proposal" ? [p.data] : []));

/**
 * Accepts or declines proposal cards of one assistant message. Accepting writes every chosen
 * proposal in one transaction, together with the cards' new state: all of it, or nothing.
 */
export async function decideProposals(actor: Actor, projectId: string, threadId: string, raw: unknown): Promise<ChatUIMessage> {
  const input = parseInput(decideProposalsInput, raw);
  await ownThread(actor, projectId, threadId);
  return inTransaction(async (tx) => {
    const row = await tx.chatMessage.findUnique({ where: { id: input.messageId } });
    if (!row || row.threadId !== threadId || row.role !== "assistant") throw notFound("Message");
    const message = toUiMessage(row);
    const all = proposalsOf(message);
    const chosen = input.proposalIds
      ? input.proposalIds.map((id) => {
          const p = all.find((x) => x.id === id);
          if (!p) throw notFound(`Proposal ${id}`);
          if (p.state !== "pending") throw new AppError("conflict", `That proposal was already ${p.state}.`);
          return p;
        })
      : all.filter((p) => p.state === "pending");
    if (chosen.length === 0) throw new AppError("conflict", "There is nothing left to decide in this message.");
    const results = input.decision === "accept" ? await applyProposals(tx, actor, projectId, chosen) : new Map<string, string>();
    const decided = new Set(chosen.map((p) => p.id));
    const g = input.decision === "accept" ? await getProjectGraph(projectId, tx) : null;
    message.parts = message.parts.map((part) => {
      if (part.type !== "data-proposal") return part;
      const p = part.data;
      if (decided.has(p.id)) {
        return {
          ...part,
          data: { ...p, state: input.decision === "accept" ? "accepted" : "declined", result: results.get(p.id), problem: undefined },
        };
      }
      // Accepting some cards can change whether the others still fit.
      if (g && p.state === "pending") return { ...part, data: { ...p, problem: checkProposal(g, p) ?? undefined } };
      return part;
    });
    const { createdAt: _shown, ...metadata } = message.metadata ?? {};
    await tx.chatMessage.update({ where: { id: row.id }, data: { parts: storedParts({ parts: message.parts, metadata }) } });
    return message;
  });
}
