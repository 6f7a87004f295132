import type { TaskPriority } from "@/lib/validation/common";

export type CorpusJob = "parse-prd" | "expand" | "complexity";

/** Key facts about a usable list; every field given is checked. */
export interface ListFacts {
  count: number;
  titles?: string[];
  /** Per item, in order: draftIds it depends on. */
  dependencies?: number[][];
  priorities?: TaskPriority[];
  /** Complexity job: [taskRef, score, recommendedSubtasks] per entry, in order. */
  scores?: [string, number, number | null][];
  /** The whole normalised value, when the case pins it exactly. */
  value?: unknown;
}

export type CorpusExpectation =
  /** A result Cairn can use as is. `warnings` is the exact list. */
  | (ListFacts & { outcome: "ok"; warnings: string[]; repairs?: string[] })
  /** The answer was cut off; what could be read is reported but the job must not treat it as complete. */
  | (Partial<ListFacts> & { outcome: "truncated"; warnings?: string[]; repairs?: string[] })
  /** No JSON could be recovered; `message` is a fragment of the error. */
  | { outcome: "repair-error"; message: string }
  /** JSON came back but holds nothing usable; `message` is a fragment of the error. */
  | { outcome: "shape-error"; message: string; truncated?: boolean };

export interface CorpusCase {
  id: string;
  job: CorpusJob;
  /** The model this output is typical of. */
  model: string;
  /** What is wrong with it. */
  note: string;
  text: string;
  /** maxTasks / maxSubtasks for the normaliser. */
  maxItems?: number;
  /** Complexity job: the refs that were sent for analysis. */
  knownRefs?: string[];
  expect: CorpusExpectation;
}
