"use client";
import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";

type Point = { x: number; y: number };
export type RoutedFlowEdge = Edge<{ points?: Point[] }, "routed">;

/** A smooth line through the bends: quadratic curves between the midpoints of each leg. */
function throughPoints(points: Point[]): string {
  let d = `M ${points[0]!.x},${points[0]!.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const next = points[i + 1]!;
    d += ` Q ${p.x},${p.y} ${(p.x + next.x) / 2},${(p.y + next.y) / 2}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L ${last.x},${last.y}`;
}

/** Follows the route dagre laid out when there is one (edges that skip layers), else a bezier. */
export const RoutedEdge = memo(function RoutedEdge({
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  markerEnd,
  style,
}: EdgeProps<RoutedFlowEdge>) {
  const path = data?.points?.length
    ? throughPoints([{ x: sourceX, y: sourceY }, ...data.points, { x: targetX, y: targetY }])
    : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition })[0];
  return <BaseEdge path={path} markerEnd={markerEnd} style={style} interactionWidth={0} />;
});
