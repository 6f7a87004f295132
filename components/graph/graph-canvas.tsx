"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type Connection } from "@xyflow/react";
import { memo, useEffect, useMemo, useState } from "react";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type GraphLayout } from "@/lib/graph/layout";
import type { GraphView } from "@/lib/tasks/graph-dto-filters";
import { RoutedEdge, type RoutedFlowEdge } from "./routed-edge";
import { STATUS_COLOR, TaskNode, type TaskFlowNode } from "./task-node";

const nodeTypes = { task: TaskNode };
const edgeTypes = { routed: RoutedEdge };
const CRITICAL = "#f43f5e";
const criticalMarker = { type: MarkerType.ArrowClosed, color: CRITICAL, width: 16, height: 16 };
const plainMarker = { type: MarkerType.ArrowClosed, width: 16, height: 16 };

/** Follows the app's theme (a class on <html>), so the canvas, minimap and controls match. */
function useDarkMode() {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const html = document.documentElement;
    const read = () => setDark(html.classList.contains("dark"));
    read();
    const observer = new MutationObserver(read);
    observer.observe(html, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

/**
 * The last layout, kept outside React: a render that React throws away (an update arriving while
 * the page hydrates restarts it) would otherwise take its useMemo with it and lay out again.
 * Keyed on the structure alone: the same nodes and edges always lay out the same.
 */
let lastLayout: { structure: string; layout: GraphLayout } | null = null;
function cachedLayout(structure: string, view: GraphView, chain: readonly string[]): GraphLayout {
  if (lastLayout?.structure === structure) return lastLayout.layout;
  const start = performance.now();
  const layout = layoutGraph(
    view.nodes.map((n) => n.ref),
    view.edges,
    chain,
  );
  // Read by the browser bench (and shown in the browser's performance panel).
  performance.measure("cairn:graph-layout", { start, detail: { nodes: view.nodes.length, mode: layout.mode } });
  lastLayout = { structure, layout };
  return layout;
}

/**
 * The first view fits the graph, but no smaller than this: a 1,000-task graph fitted whole is a
 * field of dots (and every one of them a DOM node to draw). Bigger graphs open centred at a zoom
 * where tasks are still blocks with colours; the minimap and the fit button show all of it.
 */
const FIT_FLOOR = 0.2;

/** Above this many tasks the first view is the work at hand, not the whole plan. */
const WHOLE_VIEW_LIMIT = 60;
/** How many tasks of the critical path, from the first unfinished one, the first view shows. */
const OPENING_STEPS = 5;

/**
 * The tasks a big graph opens on: the critical path from its first unfinished task (a few steps
 * of it), or — with no path — the ready tasks. Small graphs open fitted whole (null).
 */
export function openingNodes(view: GraphView, criticalPath: readonly string[]): string[] | null {
  if (view.nodes.length <= WHOLE_VIEW_LIMIT) return null;
  const byRef = new Map(view.nodes.map((n) => [n.ref, n]));
  const path = criticalPath.filter((ref) => byRef.has(ref));
  const from = path.findIndex((ref) => {
    const s = byRef.get(ref)!.status;
    return s !== "done" && s !== "cancelled";
  });
  if (from >= 0) return path.slice(from, from + OPENING_STEPS);
  const ready = view.nodes.filter((n) => n.ready).slice(0, OPENING_STEPS);
  return ready.length ? ready.map((n) => n.ref) : null;
}

export interface GraphCanvasProps {
  view: GraphView;
  /** Refs on the critical path, in order. */
  criticalPath: string[];
  /** Refs on a refused edge's cycle, outlined until the message is dismissed. */
  cycle: string[];
  canEdit: boolean;
  onOpen: (ref: string) => void;
  /** A handle of `source` was joined to `target`: target should depend on source. */
  onConnect: (source: string, target: string) => void;
}

export const GraphCanvas = memo(function GraphCanvas({ view, criticalPath, cycle, canEdit, onOpen, onConnect }: GraphCanvasProps) {
  const dark = useDarkMode();
  // Layout depends only on which nodes and edges are shown: a status change or a refetch with
  // the same structure keeps every node where it is.
  const structure = useMemo(
    () =>
      `${view.nodes.map((n) => n.ref).join(",")}|${view.edges.map((e) => `${e.source}>${e.target}`).join(",")}|${criticalPath.join(",")}`,
    [view, criticalPath],
  );
  const layout = useMemo(() => cachedLayout(structure, view, criticalPath), [structure, view, criticalPath]);
  // Decided once per mount: later data changes keep the viewport where the user left it.
  const [fitOptions] = useState(() => {
    const opening = openingNodes(view, criticalPath);
    return opening
      ? { nodes: opening.map((id) => ({ id })), padding: 0.25, maxZoom: 1, minZoom: 0.55 }
      : { padding: 0.12, maxZoom: 1, minZoom: FIT_FLOOR };
  });

  const nodes = useMemo<TaskFlowNode[]>(() => {
    const critical = new Set(criticalPath);
    const inCycle = new Set(cycle);
    return view.nodes.map((task) => ({
      id: task.ref,
      type: "task",
      position: layout.positions.get(task.ref) ?? { x: 0, y: 0 },
      // Known sizes: nothing waits for measuring before edges and culling can use them.
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      data: { task, critical: critical.has(task.ref), inCycle: inCycle.has(task.ref), canEdit },
      ariaRole: "button",
      draggable: false,
      selectable: false,
    }));
  }, [view, layout, criticalPath, cycle, canEdit]);

  const edges = useMemo<RoutedFlowEdge[]>(() => {
    const steps = new Set<string>();
    for (let i = 1; i < criticalPath.length; i++) steps.add(`${criticalPath[i - 1]}>${criticalPath[i]}`);
    return view.edges.map((e) => {
      const critical = steps.has(`${e.source}>${e.target}`);
      return {
        id: `${e.source}->${e.target}`,
        type: "routed" as const,
        source: e.source,
        target: e.target,
        data: { points: layout.routes.get(`${e.source}>${e.target}`) },
        className: critical ? "critical" : undefined,
        markerEnd: critical ? criticalMarker : plainMarker,
        style: critical ? { stroke: CRITICAL, strokeWidth: 2.5 } : undefined,
        zIndex: critical ? 1 : 0,
        ariaLabel: `#${e.target} depends on #${e.source}`,
        focusable: false,
        selectable: false,
        // Edges take no clicks: no invisible wide hit path beside every drawn one.
        interactionWidth: 0,
      };
    });
  }, [view, criticalPath, layout]);

  return (
    <ReactFlow<TaskFlowNode, RoutedFlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      colorMode={dark ? "dark" : "light"}
      // The frame around the canvas carries the page's own background, light or dark.
      style={{ backgroundColor: "transparent" }}
      fitView
      fitViewOptions={fitOptions}
      minZoom={0.05}
      maxZoom={1.5}
      onlyRenderVisibleElements
      nodesDraggable={false}
      elementsSelectable={false}
      nodesConnectable={canEdit}
      edgesFocusable={false}
      connectionRadius={36}
      isValidConnection={(c) => c.source !== c.target}
      onConnect={(c: Connection) => onConnect(c.source, c.target)}
      onNodeClick={(_e, node) => onOpen(node.id)}
      onKeyDown={(e) => {
        // Enter on a focused node opens it, as a click does.
        const el = (e.target as HTMLElement).closest<HTMLElement>(".react-flow__node");
        if (e.key === "Enter" && el?.dataset.id) {
          e.preventDefault();
          onOpen(el.dataset.id);
        }
      }}
      deleteKeyCode={null}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} fitViewOptions={{ padding: 0.05 }} />
      <MiniMap
        pannable
        zoomable
        ariaLabel="Overview of the whole graph"
        nodeColor={(n) => STATUS_COLOR[(n as TaskFlowNode).data.task.status]}
        nodeStrokeColor={(n) => ((n as TaskFlowNode).data.critical ? CRITICAL : "transparent")}
        nodeStrokeWidth={6}
        className="!hidden sm:!block"
      />
    </ReactFlow>
  );
});
