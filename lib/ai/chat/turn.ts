// One turn of the planning chat: store the user's message, stream the assistant's answer
// (through the user's model chain, with tools), and store the answer as it was shown.
// Models without tool support answer in text; their suggestions then become proposal cards
// through one structured-output call. Nothing here writes to the plan: proposals wait for the
// user (threads.ts decideProposals).
import "server-only";
import {
  convertToModelMessages,
  createUIMessageStream,
  generateId,
  stepCountIs,
  streamText,
  type InferUIMessageChunk,
  type TextPart,
} from "ai";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { mapError } from "@/lib/http/respond";
import { getProject } from "@/lib/tasks/projects";
import { getProjectGraph } from "@/lib/tasks/plan-snapshot";
import { chatTurnInput, proposalPayload, type ProposalPayload } from "@/lib/validation/chat";
import { parseInput } from "@/lib/validation/parse";
import { chainModel } from "../chain-model";
import { runStructured } from "../engine";
import { requireChain, type ChainLink } from "../fallback-policy";
import { keepAliveFor } from "../keep-alive";
import { contextFor, modelFacts } from "../model-facts";
import { chatProposalsPrompt, chatSystemPrompt, CHAT_PROPOSALS_SYSTEM } from "../prompts/chat";
import { readAiSettings } from "../settings";
import { describeProposal } from "./proposals";
import { estimateTokens, summarizeProject } from "./summary";
import { dropAnswersAfterLastUserMessage, ownThread, saveAssistantMessage, saveUserMessage, threadMessages } from "./threads";
import type { ChatMetadata, ChatUIMessage } from "./types";
import { chatTools, showProposal } from "./tools";

/** Share of the context window for the project summary and for earlier messages. */
export const SUMMARY_SHARE = 0.3;
export const HISTORY_SHARE = 0.35;

const messageText = (m: ChatUIMessage) => m.parts.map((p) => (p.type === "text" ? p.text : "")).join("");

/** The newest messages that fit the budget (the last one always goes). */
export function fitHistory(messages: ChatUIMessage[], budgetTokens: number): ChatUIMessage[] {
  const kept: ChatUIMessage[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    const cost = estimateTokens(JSON.stringify(m.parts));
    if (kept.length > 0 && used + cost > budgetTokens) break;
    kept.unshift(m);
    used += cost;
  }
  // A conversation starts with the user.
  while (kept.length > 1 && kept[0]!.role !== "user") kept.shift();
  return kept;
}

const proposalsSchema = z.object({ proposals: z.array(z.unknown()).max(30) });
const proposalsFormat = z.toJSONSchema(proposalsSchema) as Record<string, unknown>;

export type ChatStream = ReadableStream<InferUIMessageChunk<ChatUIMessage>>;

/**
 * Starts one turn and returns the answer as a UI message stream (the route serves it as
 * server-sent events). Refusals (bad input, no access, no model) throw before anything is stored.
 */
export async function chatTurn(actor: Actor, projectId: string, raw: unknown, signal: AbortSignal): Promise<ChatStream> {
  const input = parseInput(chatTurnInput, raw);
  const thread = await ownThread(actor, projectId, input.threadId);
  const settings = await readAiSettings();
  const chain = requireChain(settings, "main");

  if (input.trigger === "submit-message") {
    await saveUserMessage(
      thread.id,
      input
        .message!.parts.map((p) => p.text)
        .join("")
        .trim(),
    );
  } else {
    await dropAnswersAfterLastUserMessage(thread.id);
  }
  const history = await threadMessages(thread.id);
  const question = messageText(history.at(-1)!);
  const project = await getProject(actor, projectId);
  const graph = await getProjectGraph(projectId);
  // Sized to what the first model can read: num_ctx is capped at its context length, and a summary
  // sized to the setting alone would be cut off silently by Ollama.
  const window = contextFor(settings.numCtx, await modelFacts(chain[0]!.endpoint, chain[0]!.model));
  const summary = summarizeProject(graph, project.name, Math.floor(window * SUMMARY_SHARE));
  const messages = await convertToModelMessages<ChatUIMessage>(fitHistory(history, Math.floor(window * HISTORY_SHARE)), {
    ignoreIncompleteToolCalls: true,
    // Earlier cards reach the model as a line saying what was proposed and what became of it.
    convertDataPart: (part): TextPart | undefined =>
      part.type === "data-proposal"
        ? { type: "text", text: `\n[Proposal ${part.data.state}: ${describeProposal(graph, part.data)}]` }
        : undefined,
  });

  const metadata: ChatMetadata = {};
  let toolsUnsupported = false;
  const stream = createUIMessageStream<ChatUIMessage>({
    originalMessages: history,
    generateId,
    onError: (e) => errorMessage(e, metadata, signal),
    execute: async ({ writer }) => {
      const setMeta = (patch: ChatMetadata) => {
        Object.assign(metadata, patch);
        writer.write({ type: "message-metadata", messageMetadata: { ...metadata } });
      };
      const model = chainModel({
        job: "chat",
        chain,
        settings,
        keepAlive: (l) => keepAliveFor(settings, "main", l),
        projectId,
        userId: actor.userId,
        onModel: (l: ChainLink) => setMeta({ model: l.model, endpoint: l.endpoint.name }),
        onToolsUnsupported: () => {
          toolsUnsupported = true;
        },
      });
      const result = streamText({
        model,
        system: chatSystemPrompt(summary.text, true),
        messages,
        tools: chatTools(actor, projectId, writer),
        stopWhen: stepCountIs(6),
        maxRetries: 0,
        abortSignal: signal,
        // Failures reach the user through the UI stream (errorMessage), not the server log.
        onError: () => {},
      });
      writer.merge(
        result.toUIMessageStream({ sendFinish: false, sendReasoning: false, onError: (e) => errorMessage(e, metadata, signal) }),
      );
      let answer = "";
      try {
        answer = await result.text;
      } catch {
        return; // reported in the stream by onError
      }
      if (!toolsUnsupported || signal.aborted || !answer.trim()) {
        writer.write({ type: "finish" });
        return;
      }
      setMeta({ toolsUnsupported: true });
      try {
        const extracted = await runStructured({
          job: "chat-proposals",
          role: "main",
          system: CHAT_PROPOSALS_SYSTEM,
          prompt: chatProposalsPrompt(summary.text, question, answer),
          schema: proposalsFormat,
          normalize: normalizeProposals,
          signal,
          projectId,
          userId: actor.userId,
          noCache: true,
        });
        for (const p of extracted.value) await showProposal(writer, projectId, p);
      } catch (e) {
        if (!signal.aborted) setMeta({ error: `The suggestions could not be turned into cards: ${mapError(e).body.error.message}` });
      }
      writer.write({ type: "finish" });
    },
    onFinish: async ({ responseMessage, isAborted }) => {
      const hasContent = responseMessage.parts.some((p) => (p.type === "text" && p.text.trim()) || p.type === "data-proposal");
      if (!hasContent) return; // nothing was said: nothing to keep
      const { createdAt: _c, ...meta } = { ...responseMessage.metadata, ...metadata };
      await saveAssistantMessage(thread.id, {
        ...responseMessage,
        metadata: { ...meta, ...(isAborted || signal.aborted ? { stopped: true } : {}) },
      });
    },
  });
  // A copy is read to its end even when the browser goes away (Stop), so the answer as far as it
  // got is stored; the abort signal has already stopped the model.
  const [answer, copy] = stream.tee();
  void drain(copy);
  return answer;
}

async function drain(stream: ReadableStream<unknown>) {
  const reader = stream.getReader();
  try {
    while (!(await reader.read()).done) {}
  } catch {
    // A failing stream fails the browser's copy too, which reports it.
  }
}

/** The plain message for a failed answer; it is also kept with the message. */
function errorMessage(e: unknown, metadata: ChatMetadata, signal: AbortSignal): string {
  if (signal.aborted) return "Stopped.";
  // The model's failure passes here twice (as the stream's error, then again as the error chunk
  // it became): it was reported the first time.
  if (metadata.error && !isAppError(e)) return metadata.error;
  const message = mapError(e).body.error.message;
  metadata.error = message;
  return message;
}

/** Keeps the proposals that are well-formed; the rest are dropped with a warning. */
export function normalizeProposals(value: unknown): { value: ProposalPayload[]; warnings: string[] } {
  const list = proposalsSchema.parse(value).proposals;
  const out: ProposalPayload[] = [];
  const warnings: string[] = [];
  for (const item of list) {
    const r = proposalPayload.safeParse(item);
    if (r.success) out.push(r.data);
    else warnings.push(`Dropped a malformed proposal: ${r.error.issues[0]?.message ?? "invalid"}`);
  }
  return { value: out, warnings };
}
