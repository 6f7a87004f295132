"use client";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Spinner } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { TaskDrawer } from "@/components/tasks/task-drawer";
import { ApiError, errorMessage } from "@/lib/hooks/api-client";
import { useLiveProject } from "@/lib/hooks/use-board";
import { useProjectGraph } from "@/lib/hooks/use-graph";
import { useTaskMutations } from "@/lib/hooks/use-tasks";
import { useUrlParams } from "@/lib/hooks/use-url-params";
import type { DependencyGraphDto } from "@/lib/tasks/types";
import { visibleGraph } from "@/lib/tasks/graph-dto-filters";
import { CriticalPathSummary, GraphLegend } from "./graph-legend";
import { GraphCanvas } from "./graph-canvas";
import { GraphToolbar } from "./graph-toolbar";
import { plural } from "@/lib/plural";

// Tall enough to work in, short enough that the legend stays on screen below it.
const FRAME =
  "h-[calc(100dvh-21rem)] min-h-[24rem] overflow-hidden rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950";

const NO_CYCLE: string[] = [];

export function GraphPage({ projectId, initial }: { projectId: string; initial?: DependencyGraphDto }) {
  const { params, setParam } = useUrlParams();
  const graph = useProjectGraph(projectId, initial);
  // The canvas is drawn in the browser only: laying out a big plan is no work for the server.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  // `mutate` is stable, so the canvas (memoised) is not redrawn on every render of the page.
  const addDependency = useTaskMutations(projectId).addDependency.mutate;
  const toast = useToast();
  useLiveProject(projectId);

  // From the graph's own answer (as the board does), so the server's HTML and the first client
  // render agree on it.
  const canEdit = graph.data ? graph.data.role !== "viewer" : false;
  const hideDone = params.get("hideDone") === "1";
  const focus = params.get("focus");
  const openRef = params.get("task");
  const open = useCallback((ref: string) => setParam("task", ref), [setParam]);
  const [refusal, setRefusal] = useState<{ message: string; cycle: string[] } | null>(null);

  const dto = graph.data;
  const view = useMemo(() => (dto ? visibleGraph(dto, { hideDone, focus }) : null), [dto, hideDone, focus]);
  const focusMissing = !!dto && !!focus && !dto.nodes.some((n) => n.ref === focus);

  const connect = useCallback(
    (source: string, target: string) => {
      setRefusal(null);
      addDependency(
        { ref: target, dependsOn: source },
        {
          onSuccess: () => toast({ tone: "success", message: `#${target} now depends on #${source}` }),
          onError: (e) => {
            const cycle = e instanceof ApiError ? ((e.details as { cycle?: string[] } | null)?.cycle ?? []) : [];
            setRefusal({ message: `#${target} was not made to depend on #${source}: ${errorMessage(e)}`, cycle });
          },
        },
      );
    },
    [addDependency, toast],
  );

  if (graph.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" data-testid="graph-loading">
        <div className="h-9 w-72 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
        <div className={`${FRAME} flex items-center justify-center gap-2 text-sm text-muted`}>
          <Spinner /> Loading the graph…
        </div>
      </div>
    );
  }
  if (graph.isError) return <ErrorBox>Could not load the dependency graph: {errorMessage(graph.error)}</ErrorBox>;
  if (!dto || !view) return null;
  if (dto.nodes.length === 0) {
    return (
      <div
        className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-muted dark:border-zinc-700"
        data-testid="graph-empty"
      >
        No tasks yet — add some on the{" "}
        <Link href={`/projects/${projectId}/board`} className="text-link underline underline-offset-2 hover:decoration-2">
          board
        </Link>{" "}
        and their dependencies show up here.
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <GraphToolbar
        projectId={projectId}
        hideDone={hideDone}
        onHideDone={(on) => setParam("hideDone", on ? "1" : null)}
        focus={focus}
        focusTitle={dto.nodes.find((n) => n.ref === focus)?.title ?? null}
        onFocus={(ref) => setParam("focus", ref)}
        shown={view.nodes.length}
        total={dto.nodes.length}
      />
      <CriticalPathSummary path={dto.criticalPath} weight={dto.criticalWeight} onOpen={open} />
      {focusMissing && <ErrorBox>Task #{focus} is not in this project, so the whole graph is shown.</ErrorBox>}
      {refusal && (
        <div
          role="alert"
          data-testid="graph-error"
          className="flex items-start gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
        >
          <span className="min-w-0 flex-1">{refusal.message}</span>
          <button onClick={() => setRefusal(null)} aria-label="Dismiss" className="shrink-0 opacity-70 hover:opacity-100">
            ✕
          </button>
        </div>
      )}
      <div className={FRAME} data-testid="graph-canvas" data-nodes={view.nodes.length} data-edges={view.edges.length}>
        {!mounted ? (
          <div className="flex h-full items-center justify-center gap-2 text-sm text-muted">
            <Spinner /> Laying out {plural(view.nodes.length, "task")}…
          </div>
        ) : view.nodes.length === 0 ? (
          <div className="flex h-full items-center justify-center p-6 text-center text-sm text-muted" data-testid="graph-all-hidden">
            Every task here is done or cancelled. Untick “Hide done” to see them.
          </div>
        ) : (
          // A new filter is a new picture: remount so it is fitted to the screen again. Data
          // changes (a new edge, a status) keep the viewport where the user left it.
          <GraphCanvas
            key={`${hideDone}:${focus ?? ""}`}
            view={view}
            criticalPath={dto.criticalPath}
            cycle={refusal?.cycle ?? NO_CYCLE}
            canEdit={canEdit}
            onOpen={open}
            onConnect={connect}
          />
        )}
      </div>
      <GraphLegend canEdit={canEdit} />
      {openRef && (
        <TaskDrawer projectId={projectId} taskRef={openRef} canEdit={canEdit} onClose={() => setParam("task", null)} onOpen={open} />
      )}
    </div>
  );
}
