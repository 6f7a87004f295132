"use client";
import { useChat } from "@ai-sdk/react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DefaultChatTransport } from "ai";
import { useMemo } from "react";
import type { ChatThreadDto, ChatThreadWithMessages, ChatUIMessage } from "@/lib/ai/chat/types";
import { api, ApiError } from "./api-client";
import { qk } from "./query-keys";

const base = (projectId: string) => `/api/v1/projects/${projectId}/chat`;

export function useChatThreads(projectId: string) {
  return useQuery({
    queryKey: qk.chatThreads(projectId),
    queryFn: () => api<{ threads: ChatThreadDto[] }>(`${base(projectId)}/threads`).then((r) => r.threads),
  });
}

export function useChatThread(projectId: string, threadId: string | null) {
  return useQuery({
    queryKey: qk.chatThread(projectId, threadId ?? "none"),
    queryFn: () => api<{ thread: ChatThreadWithMessages }>(`${base(projectId)}/threads/${threadId}`).then((r) => r.thread),
    enabled: !!threadId,
    // The live conversation is the chat's own state; this is only its starting point.
    staleTime: Infinity,
    gcTime: 0,
  });
}

export function useThreadMutations(projectId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: qk.chatThreads(projectId), exact: true });
  const create = useMutation({
    mutationFn: () => api<{ thread: ChatThreadDto }>(`${base(projectId)}/threads`, { method: "POST", json: {} }).then((r) => r.thread),
    onSuccess: refresh,
  });
  const rename = useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) =>
      api(`${base(projectId)}/threads/${id}`, { method: "PATCH", json: { title } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`${base(projectId)}/threads/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  return { create, rename, remove };
}

/** Accept or decline proposal cards; accepted ones change tasks, so task views refresh. */
export function useDecideProposals(projectId: string, threadId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { messageId: string; proposalIds?: string[]; decision: "accept" | "decline" }) =>
      api<{ message: ChatUIMessage }>(`${base(projectId)}/threads/${threadId}/proposals`, { method: "POST", json: body }).then(
        (r) => r.message,
      ),
    onSuccess: (_m, body) => {
      if (body.decision === "accept") void qc.invalidateQueries({ queryKey: qk.tasks(projectId) });
    },
  });
}

/** The server answers errors before the stream as JSON; show its plain message. */
export function chatErrorMessage(e: Error | undefined): string | null {
  if (!e) return null;
  try {
    const body = JSON.parse(e.message) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {}
  if (e instanceof ApiError) return e.message;
  return e.message || "The chat failed.";
}

/** useChat over Cairn's chat endpoint: the server keeps the history, so each turn sends one message. */
export function usePlanningChat(projectId: string, thread: ChatThreadWithMessages, onTurnEnd: () => void) {
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: base(projectId),
        credentials: "same-origin",
        prepareSendMessagesRequest: ({ messages, trigger }) => ({
          body: { threadId: thread.id, trigger, ...(trigger === "submit-message" ? { message: messages.at(-1) } : {}) },
        }),
      }),
    [projectId, thread.id],
  );
  return useChat<ChatUIMessage>({ id: thread.id, messages: thread.messages, transport, onFinish: onTurnEnd, experimental_throttle: 30 });
}
