// What the GitHub integration takes: a repository to link, the delivery log's page size.
import { z } from "zod";
import { label, text } from "./common";

/** GitHub's owner and repository name rules: letters, digits, `-`, `_` and `.`. */
export const repositoryName = text
  .trim()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, 'Give the repository as "owner/repo"')
  .transform((s) => s.toLowerCase());

export const linkRepositoryInput = z.strictObject({
  repository: repositoryName.describe('The repository\'s full name, "owner/repo"'),
  labelFilter: label.nullable().optional().describe("Only issues with this label become tasks (e.g. cairn); leave out for every issue"),
});

export const updateGithubLinkInput = z.strictObject({
  labelFilter: label.nullable().describe("Only issues with this label become tasks; null for every issue"),
});

export const deliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("How many deliveries, newest first (at most 200)"),
});
