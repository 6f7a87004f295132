import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";

export { renderMetrics } from "./metrics";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Metrics are off without CAIRN_METRICS_TOKEN; with it, only that bearer token opens them (compared in constant time). */
export function metricsAccess(req: Request): void {
  const expected = process.env.CAIRN_METRICS_TOKEN?.trim();
  if (!expected) throw new AppError("not_found", "Metrics are off: set CAIRN_METRICS_TOKEN to turn them on");
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m || !timingSafeEqual(digest(m[1]!), digest(expected))) {
    throw new AppError("unauthenticated", "Send the metrics token as Authorization: Bearer <CAIRN_METRICS_TOKEN>");
  }
}
