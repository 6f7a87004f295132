"use client";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { PriorityLabel, STATUS_LABEL } from "@/components/ui/badges";
import { NODE_HEIGHT, NODE_WIDTH } from "@/lib/graph/layout";
import type { GraphNodeDto } from "@/lib/tasks/types";
import type { TaskStatus } from "@/lib/validation/common";

export interface TaskNodeData extends Record<string, unknown> {
  task: GraphNodeDto;
  critical: boolean;
  /** On the cycle a refused edge would have closed. */
  inCycle: boolean;
  canEdit: boolean;
}
export type TaskFlowNode = Node<TaskNodeData, "task">;

/** Status as a coloured left edge and a dot; the same hues as the board's badges and the minimap. */
export const STATUS_COLOR: Record<TaskStatus, string> = {
  pending: "#a1a1aa",
  "in-progress": "#f59e0b",
  review: "#8b5cf6",
  done: "#10b981",
  deferred: "#0ea5e9",
  cancelled: "#d4d4d8",
};

const handle = "!h-3 !w-3 !border-2 !border-white !bg-zinc-400 dark:!border-zinc-900";

// Plain markup and no effects: a 1,000-node graph renders hundreds of these at once.
export const TaskNode = memo(function TaskNode({ data }: NodeProps<TaskFlowNode>) {
  const { task, critical, inCycle, canEdit } = data;
  const finished = task.status === "done" || task.status === "cancelled";
  const ring = critical ? "ring-2 ring-rose-500/90 ring-offset-1 dark:ring-offset-zinc-950" : "";
  // A refused edge's cycle: dashed, outside the critical ring, so both stay visible.
  const cycleMark = inCycle ? "outline-2 outline-offset-4 outline-dashed outline-red-600 dark:outline-red-400" : "";
  return (
    <div
      data-testid={`graph-node-${task.ref}`}
      data-status={task.status}
      data-ready={task.ready}
      data-blocked={task.blocked}
      data-critical={critical}
      data-in-cycle={inCycle}
      title={`#${task.ref} ${task.title}\n${STATUS_LABEL[task.status]} · ${task.priority} priority${task.complexity !== null ? ` · complexity ${task.complexity}` : ""}${task.ready ? " · ready" : task.blocked ? " · blocked" : ""}`}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT, borderLeftColor: STATUS_COLOR[task.status] }}
      className={`relative flex cursor-pointer flex-col gap-1 rounded-lg border border-l-4 border-zinc-200 bg-white px-2.5 py-1.5 text-left shadow-sm transition-shadow hover:shadow-md dark:border-zinc-700 dark:bg-zinc-900 ${ring} ${cycleMark} ${finished ? "opacity-70" : ""}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={canEdit} className={canEdit ? handle : "!opacity-0"} />
      <div className="flex items-center gap-1.5 text-[11px] leading-4">
        <span className="font-mono font-medium text-muted">#{task.ref}</span>
        <span className="inline-flex items-center gap-1 text-muted">
          <span aria-hidden className="inline-block h-1.5 w-1.5 rounded-full" style={{ background: STATUS_COLOR[task.status] }} />
          {STATUS_LABEL[task.status]}
        </span>
        {task.complexity !== null && (
          <span
            title="Complexity"
            className="rounded border border-zinc-200 px-1 text-[10px] text-muted dark:border-zinc-700 dark:text-zinc-400"
          >
            C{task.complexity}
          </span>
        )}
        <span className="ml-auto">
          <PriorityLabel priority={task.priority} />
        </span>
      </div>
      {task.ready && (
        <span
          data-testid="graph-ready-marker"
          className="absolute -top-2 right-2 rounded-full border border-emerald-300 bg-emerald-50 px-1.5 text-[10px] leading-4 font-semibold text-emerald-700 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-300"
        >
          Ready
        </span>
      )}
      <div
        className={`line-clamp-2 text-[13px] leading-snug text-zinc-900 dark:text-zinc-100 ${task.status === "cancelled" ? "line-through" : ""}`}
      >
        {task.title}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={canEdit} className={canEdit ? handle : "!opacity-0"} />
    </div>
  );
});
