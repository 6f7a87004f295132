"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BenchOverviewDto, BenchRunDto } from "@/lib/ai/bench/types";
import type { ModelLink } from "@/lib/validation/ai";
import { api } from "./api-client";
import { qk } from "./query-keys";

/** While a run is going the page follows it every second; the run itself lives on the server. */
const FOLLOW_MS = 1000;

export function useBench(enabled = true) {
  return useQuery({
    queryKey: qk.aiBench,
    queryFn: () => api<{ bench: BenchOverviewDto }>("/api/v1/ai/bench").then((r) => r.bench),
    enabled,
    refetchInterval: (q) => (q.state.data?.active ? FOLLOW_MS : false),
  });
}

function useBenchMutation<A>(fn: (arg: A) => Promise<BenchRunDto>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: qk.aiBench });
      void qc.invalidateQueries({ queryKey: qk.aiRuns });
    },
  });
}

export function useStartBench() {
  return useBenchMutation((models: ModelLink[]) =>
    api<{ run: BenchRunDto }>("/api/v1/ai/bench", { method: "POST", json: { models } }).then((r) => r.run),
  );
}

export function useCancelBench() {
  return useBenchMutation((runId: string) =>
    api<{ run: BenchRunDto }>(`/api/v1/ai/bench/${encodeURIComponent(runId)}/cancel`, { method: "POST" }).then((r) => r.run),
  );
}
