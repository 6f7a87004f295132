"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import { Markdown } from "@/components/ui/markdown";
import { useToast } from "@/components/ui/toast";
import type { ChatThreadWithMessages, ChatUIMessage, Proposal } from "@/lib/ai/chat/types";
import { errorMessage } from "@/lib/hooks/api-client";
import { chatErrorMessage, useDecideProposals, usePlanningChat } from "@/lib/hooks/use-chat";
import { qk } from "@/lib/hooks/query-keys";
import { CHAT_MESSAGE_MAX } from "@/lib/validation/chat";
import { ProposalCard } from "./proposal-card";

const SUGGESTIONS = ["What should I work on next, and why?", "What is blocked, and by what?", "Which tasks are missing from this plan?"];

export function Conversation({
  projectId,
  thread,
  defaultModel,
}: {
  projectId: string;
  thread: ChatThreadWithMessages;
  defaultModel: string | null;
}) {
  const qc = useQueryClient();
  const chat = usePlanningChat(projectId, thread, () => void qc.invalidateQueries({ queryKey: qk.chatThreads(projectId), exact: true }));
  const { messages, status, error } = chat;
  const decide = useDecideProposals(projectId, thread.id);
  const toast = useToast();
  const [draft, setDraft] = useState("");
  const bottom = useRef<HTMLDivElement>(null);
  const busy = status === "submitted" || status === "streaming";

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [messages, status]);

  function send(text: string) {
    const t = text.trim();
    if (!t || busy) return;
    setDraft("");
    void chat.sendMessage({ text: t });
  }

  function onDecide(message: ChatUIMessage, decision: "accept" | "decline", proposalIds?: string[]) {
    decide.mutate(
      { messageId: message.id, decision, proposalIds },
      {
        onSuccess: (updated) => {
          chat.setMessages((ms) => ms.map((m) => (m.id === updated.id ? updated : m)));
          if (decision === "accept") toast({ message: "Accepted: the plan is updated.", tone: "success" });
        },
        onError: (e) => toast({ message: errorMessage(e), tone: "error" }),
      },
    );
  }

  const lastAssistant = [...messages].reverse().find((m) => m.role === "assistant");
  const waiting = status === "submitted" || (status === "streaming" && messages.at(-1)?.role !== "assistant");
  const failure = chatErrorMessage(error);

  return (
    <div className="flex min-h-[60vh] flex-col rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <div className="flex-1 space-y-4 overflow-y-auto p-4" data-testid="chat-messages" aria-live="polite" aria-busy={busy}>
        {messages.length === 0 && (
          <div className="py-6 text-center text-sm text-muted">
            <p>Ask about the plan. Suggested changes appear as cards; nothing changes until you accept one.</p>
            <div className="mt-3 flex flex-wrap justify-center gap-2">
              {SUGGESTIONS.map((s) => (
                <button
                  key={s}
                  className="rounded-full border border-zinc-300 px-3 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
                  onClick={() => send(s)}
                >
                  {s}
                </button>
              ))}
            </div>
          </div>
        )}
        {messages.map((m) => (
          <MessageView
            key={m.id}
            message={m}
            streaming={busy && m === messages.at(-1) && m.role === "assistant"}
            canDecide={!busy}
            deciding={decide.isPending}
            onDecide={(decision, ids) => onDecide(m, decision, ids)}
            onRegenerate={m === lastAssistant && !busy && m === messages.at(-1) ? () => void chat.regenerate() : undefined}
          />
        ))}
        {waiting && (
          <div className="flex items-center gap-2 text-sm text-muted" data-testid="chat-waiting">
            <Spinner /> {defaultModel ? `Waiting for ${defaultModel}` : "Waiting for the model"}…
          </div>
        )}
        {failure && status === "error" && (
          <ErrorBox>
            <span data-testid="chat-error">{failure}</span>{" "}
            <button className="underline" onClick={() => void chat.regenerate()}>
              Try again
            </button>{" "}
            ·{" "}
            <Link href="/settings/ai" className="underline">
              AI settings
            </Link>
          </ErrorBox>
        )}
        <div ref={bottom} />
      </div>
      <form
        className="flex items-end gap-2 border-t border-zinc-200 p-3 dark:border-zinc-800"
        onSubmit={(e) => {
          e.preventDefault();
          send(draft);
        }}
      >
        <textarea
          aria-label="Message"
          data-testid="chat-input"
          className="max-h-48 min-h-[2.5rem] flex-1 resize-y rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          placeholder="Ask about the plan, or ask for changes…"
          title="Enter sends; Shift+Enter starts a new line"
          rows={2}
          maxLength={CHAT_MESSAGE_MAX}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send(draft);
            }
          }}
        />
        {busy ? (
          <Button key="stop" type="button" variant="danger" onClick={() => void chat.stop()} data-testid="chat-stop">
            Stop
          </Button>
        ) : (
          <Button key="send" type="submit" disabled={!draft.trim()} data-testid="chat-send">
            Send
          </Button>
        )}
      </form>
    </div>
  );
}

function MessageView({
  message: m,
  streaming,
  canDecide,
  deciding,
  onDecide,
  onRegenerate,
}: {
  message: ChatUIMessage;
  streaming: boolean;
  canDecide: boolean;
  deciding: boolean;
  onDecide: (decision: "accept" | "decline", proposalIds?: string[]) => void;
  onRegenerate?: () => void;
}) {
  if (m.role === "user") {
    const text = m.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
    return (
      <div className="flex justify-end" data-testid="chat-message" data-role="user">
        <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-[var(--color-accent)] px-3.5 py-2 text-sm whitespace-pre-wrap text-white">
          {text}
        </div>
      </div>
    );
  }
  const proposals: Proposal[] = m.parts.flatMap((p) => (p.type === "data-proposal" ? [p.data] : []));
  const pending = proposals.filter((p) => p.state === "pending" && !p.problem);
  const meta = m.metadata ?? {};
  return (
    <div className="space-y-2" data-testid="chat-message" data-role="assistant">
      {m.parts.map((part, i) => {
        if (part.type === "text") return part.text ? <Markdown key={i} text={part.text} /> : null;
        if (part.type === "tool-searchTasks" || part.type === "tool-readTask") {
          const input = part.input as { query?: string; ref?: string } | undefined;
          return (
            <p key={i} className="text-xs text-muted" data-testid="tool-use">
              {part.type === "tool-readTask"
                ? `Read #${input?.ref ?? "…"}`
                : `Searched tasks${input?.query ? ` for “${input.query}”` : ""}`}
              {part.state === "output-error" ? " (failed)" : ""}
            </p>
          );
        }
        if (
          part.type.startsWith("tool-propose") &&
          "output" in part &&
          part.output &&
          typeof part.output === "object" &&
          "notShown" in part.output
        ) {
          return (
            <p key={i} className="text-xs text-amber-700 dark:text-amber-400">
              {String((part.output as { notShown: string }).notShown)}
            </p>
          );
        }
        return null;
      })}
      {streaming && <span className="inline-block h-4 w-1.5 animate-pulse bg-zinc-400 align-middle" aria-hidden />}
      {/* Cards after the words that explain them. */}
      {proposals.map((p) => (
        <ProposalCard key={p.id} proposal={p} canDecide={canDecide} busy={deciding} onDecide={(d) => onDecide(d, [p.id])} />
      ))}
      {pending.length > 1 && canDecide && (
        <div className="flex gap-2">
          <Button size="sm" onClick={() => onDecide("accept")} disabled={deciding} data-testid="accept-all">
            Accept all ({pending.length})
          </Button>
          <Button size="sm" variant="secondary" onClick={() => onDecide("decline")} disabled={deciding}>
            Decline all
          </Button>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
        {meta.model && (
          <span data-testid="chat-model">
            {meta.model}
            {meta.endpoint ? ` · ${meta.endpoint}` : ""}
          </span>
        )}
        {meta.stopped && <span data-testid="chat-stopped">Stopped — nothing was written</span>}
        {meta.toolsUnsupported && <span>This model has no tool support; its suggestions were read from its answer.</span>}
        {meta.error && !streaming && <span className="text-red-600 dark:text-red-400">{meta.error}</span>}
        {onRegenerate && (
          <button className="underline hover:text-zinc-800 dark:hover:text-zinc-200" onClick={onRegenerate} data-testid="chat-regenerate">
            Regenerate
          </button>
        )}
      </div>
    </div>
  );
}
