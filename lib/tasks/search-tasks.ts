import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db, textContains } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseInput } from "@/lib/validation/parse";
import { searchQuery } from "@/lib/validation/search";
import { parseRef } from "./refs";
import { HIT_SELECT, toTaskHit, visibleProjectIds } from "./task-hits";
import type { TaskHits } from "./types";

const REF = /^#?([1-9]\d{0,8})(?:\.([1-9]\d{0,5}))?$/;
// Enough candidates to rank from; the database does the matching, ignoring ASCII case (textContains).
const CANDIDATES = 200;

/** One word of the query: in the title or the project's name, or the task's ref ("26", "#26", "26.3"). */
function wordFilter(word: string): Prisma.TaskWhereInput {
  const or: Prisma.TaskWhereInput[] = [{ title: textContains(word) }, { project: { name: textContains(word) } }];
  if (REF.test(word)) {
    const { number, subNumber } = parseRef(word);
    or.push({ number, subNumber });
  }
  return { OR: or };
}

// Tasks changed at the same moment (an import) come in ref order, the same on every database.
const RECENT_FIRST: Prisma.TaskOrderByWithRelationInput[] = [
  { updatedAt: "desc" },
  { projectId: "asc" },
  { number: "asc" },
  { subNumber: "asc" },
];

/**
 * ⌘K search over every task the actor can see. Every word must match (title, project name or
 * ref); an exact ref comes first, then titles that start with the query, then titles holding it
 * whole, then the most recently changed. An empty query answers the recently changed tasks.
 */
export async function searchTasks(actor: Actor, raw: unknown): Promise<TaskHits> {
  const { q, limit } = parseInput(searchQuery, raw);
  const projectIds = await visibleProjectIds(actor);
  if (projectIds.length === 0) return { tasks: [] };
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const phrase = words.join(" ");
  const ref = REF.test(phrase) ? parseRef(phrase) : null;
  const [exact, rows] = await Promise.all([
    // The exact ref in each project, however many other titles mention the number.
    ref ? db.task.findMany({ where: { projectId: { in: projectIds }, ...ref }, select: HIT_SELECT, orderBy: RECENT_FIRST }) : [],
    db.task.findMany({
      where: { projectId: { in: projectIds }, AND: words.map(wordFilter) },
      select: HIT_SELECT,
      orderBy: RECENT_FIRST,
      take: words.length ? CANDIDATES : limit,
    }),
  ]);
  const score = (r: (typeof rows)[number]) => {
    const title = r.title.toLowerCase();
    if (title.startsWith(phrase)) return 1;
    if (title.includes(phrase)) return 2;
    return 3;
  };
  const exactIds = new Set(exact.map((r) => r.id));
  const ranked = [
    ...exact.map((r) => ({ r, i: 0, s: 0 })),
    ...rows
      .filter((r) => !exactIds.has(r.id))
      .map((r, i) => ({ r, i, s: score(r) }))
      .sort((a, b) => a.s - b.s || a.i - b.i),
  ];
  return { tasks: ranked.slice(0, limit).map(({ r }) => toTaskHit(r)) };
}
