"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { generateKeyBetween } from "fractional-indexing";
import { useEffect } from "react";
import type { BoardCard, BoardDto, TaskDto } from "@/lib/tasks/types";
import type { TaskStatus } from "@/lib/validation/common";
import { api, ApiError } from "./api-client";
import { qk } from "./query-keys";

export const boardKey = qk.board;

export function useBoard(projectId: string, initial?: BoardDto) {
  return useQuery({
    queryKey: boardKey(projectId),
    queryFn: () => api<BoardDto>(`/api/v1/projects/${projectId}/board`),
    staleTime: 5_000,
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.now() : undefined,
  });
}

/** Cards of one column in board order. */
export function columnCards(cards: BoardCard[], status: TaskStatus): BoardCard[] {
  return cards.filter((c) => c.status === status).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
}

export interface MoveInput {
  ref: string;
  status: TaskStatus;
  /** The card to land right after in the target column; null for the top. */
  afterRef: string | null;
  version?: number;
}

/**
 * A board move: applied to the cache at once, sent to the server, rolled back if refused.
 * The server computes the real rank; the optimistic one only has to order the same way.
 */
export function useMoveCard(projectId: string) {
  const qc = useQueryClient();
  const key = boardKey(projectId);
  return useMutation({
    mutationFn: (m: MoveInput) =>
      api<{ task: TaskDto }>(`/api/v1/projects/${projectId}/tasks/${m.ref}/move`, {
        method: "POST",
        json: { status: m.status, afterRef: m.afterRef, ...(m.version ? { version: m.version } : {}) },
      }),
    onMutate: async (m) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<BoardDto>(key);
      if (previous) {
        const column = columnCards(previous.cards, m.status).filter((c) => c.ref !== m.ref);
        const i = m.afterRef === null ? -1 : column.findIndex((c) => c.ref === m.afterRef);
        const before = i >= 0 ? column[i]!.rank : null;
        const after = column[i + 1]?.rank ?? null;
        let rank: string;
        try {
          rank = generateKeyBetween(before, after);
        } catch {
          rank = previous.cards.find((c) => c.ref === m.ref)?.rank ?? "a0";
        }
        qc.setQueryData<BoardDto>(key, {
          ...previous,
          cards: previous.cards.map((c) => (c.ref === m.ref ? { ...c, status: m.status, rank } : c)),
        });
      }
      return { previous };
    },
    onError: (e, _m, ctx) => {
      if (ctx?.previous) qc.setQueryData(key, ctx.previous);
      if (e instanceof ApiError && e.code === "conflict") void qc.invalidateQueries({ queryKey: key });
    },
    onSuccess: (res) => {
      qc.setQueryData<BoardDto>(key, (b) =>
        b
          ? {
              ...b,
              cards: b.cards.map((c) =>
                c.ref === res.task.ref ? { ...c, status: res.task.status, rank: res.task.rank, version: res.task.version } : c,
              ),
            }
          : b,
      );
    },
    onSettled: () => qc.invalidateQueries({ queryKey: qk.tasks(projectId) }),
  });
}

/**
 * Live updates: the server streams the project's revision; when it moves past what this tab
 * has, everything under the project's task keys is refetched. EventSource reconnects by itself.
 */
export function useLiveProject(projectId: string) {
  const qc = useQueryClient();
  useEffect(() => {
    let seen: number | null = null;
    const source = new EventSource(`/api/v1/projects/${projectId}/live`);
    source.addEventListener("revision", (e) => {
      const rev = Number((e as MessageEvent).data);
      // The board or the graph page, whichever this tab loaded, says which revision it shows.
      const loaded = (qc.getQueryData<BoardDto>(boardKey(projectId)) ?? qc.getQueryData<{ revision: number }>(qk.graph(projectId)))
        ?.revision;
      // A change since the last event, or a first event newer than what this tab loaded.
      const changed = seen !== null ? rev !== seen : loaded !== undefined && loaded !== rev;
      if (changed) {
        void qc.invalidateQueries({ queryKey: qk.tasks(projectId) });
        void qc.invalidateQueries({ queryKey: qk.project(projectId), exact: true });
      }
      seen = rev;
    });
    return () => source.close();
  }, [projectId, qc]);
}
