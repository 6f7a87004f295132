import "server-only";
import { z } from "zod";
import type { ReportStats } from "@/lib/reports/types";
import { runStructured } from "../engine";
import { REPORT_NARRATIVE_SYSTEM, reportNarrativePrompt } from "../prompts/report-narrative";

// No maxLength in the schema: Ollama turns `format` into a sampling grammar, and long limits
// blow it up. The normaliser caps the length instead.
export const narrativeSchema = z.strictObject({ narrative: z.string().describe("3 to 6 sentences of plain prose") });
const formatSchema = z.toJSONSchema(narrativeSchema) as Record<string, unknown>;
export const NARRATIVE_MAX = 4000;

/** {"narrative": "..."}, forgiving a differently named key or a bare string. */
export function normalizeNarrative(raw: unknown): { value: string; warnings: string[] } {
  let text: unknown = raw;
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const rec = raw as Record<string, unknown>;
    text = rec.narrative ?? rec.summary ?? rec.text ?? rec.report;
  }
  if (typeof text !== "string" || !text.trim()) throw new Error('The answer has no narrative text (expected {"narrative": "..."}).');
  const value = text.trim();
  if (value.length <= NARRATIVE_MAX) return { value, warnings: [] };
  return { value: `${value.slice(0, NARRATIVE_MAX).trimEnd()} …`, warnings: [`The narrative was cut to ${NARRATIVE_MAX} characters.`] };
}

/** The fast model words the computed figures. Throws the engine's AppError when no model can. */
export async function writeReportNarrative(
  projectName: string,
  stats: ReportStats,
  ctx: { projectId: string; userId: string },
): Promise<{ text: string; model: string }> {
  const result = await runStructured({
    job: "report-narrative",
    role: "fast",
    system: REPORT_NARRATIVE_SYSTEM,
    prompt: reportNarrativePrompt(projectName, stats),
    schema: formatSchema,
    normalize: normalizeNarrative,
    projectId: ctx.projectId,
    userId: ctx.userId,
    maxOutputTokens: 800,
  });
  return { text: result.value, model: result.model };
}
