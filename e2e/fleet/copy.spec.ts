// `npm run db:copy` moved the seeded SQLite database to PostgreSQL: a Cairn on the copy gives the
// same REST answers as the one on the original (read before any other spec wrote anything).
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { differences, restAnswers } from "../../scripts/fleet/harness";
import { A, seeded } from "./fleet";

test("a copied database answers exactly like its SQLite original: tasks, next, overview, export, reports, chat, AI runs", async () => {
  const original = JSON.parse(fs.readFileSync(process.env.CAIRN_FLEET_ANSWERS!, "utf8")) as Record<string, unknown>;
  const copy = await restAnswers(A, seeded);
  expect(Object.keys(copy).sort()).toEqual(Object.keys(original).sort());
  // The plan is really there (not two empty answers agreeing).
  const firstPage = (copy.tasks as { tasks: unknown[]; total: number }[])[0]!;
  expect(firstPage.total).toBeGreaterThan(300);
  expect((copy.aiRuns as { runs?: unknown[] }).runs ?? copy.aiRuns).toHaveLength(25);
  const differing = Object.fromEntries(
    Object.keys(original)
      .map((key) => [key, differences(original[key], copy[key], key)] as const)
      .filter(([, d]) => d.length > 0),
  );
  expect(differing).toEqual({});
});
