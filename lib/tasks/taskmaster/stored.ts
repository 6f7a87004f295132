// How the Task Master fields Cairn has no column for are stored: JSON text in Task.tmExtra and
// Project.tmMeta, read back leniently (a damaged value reads as nothing kept).
import { isRecord } from "@/lib/lenient";
import type { TagKeep } from "./normalize";

export const storeJson = (v: Record<string, unknown> | TagKeep | null): string | null => (v === null ? null : JSON.stringify(v));

function parse(raw: string | null): Record<string, unknown> | null {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

export const parseExtra = (raw: string | null): Record<string, unknown> | null => parse(raw);

export function parseKeep(raw: string | null): TagKeep | null {
  const v = parse(raw);
  if (!v) return null;
  const out: TagKeep = {};
  if (isRecord(v.metadata)) out.metadata = v.metadata;
  if (isRecord(v.fields)) out.fields = v.fields;
  return out;
}
