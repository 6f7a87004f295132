// The parts of GitHub's webhook payloads Cairn reads. Loose objects: GitHub sends far more, and
// adds fields over time; only what is named here must be present and of the right type.
import { z } from "zod";

const label = z.looseObject({ name: z.string() });
const user = z.looseObject({ login: z.string() }).nullable().optional();

export const repositoryPart = z.looseObject({
  repository: z.looseObject({ full_name: z.string().min(3).max(200) }),
});

export const issuesPayload = z.looseObject({
  action: z.string(),
  issue: z.looseObject({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullable().optional(),
    html_url: z.string(),
    state: z.string().optional(),
    state_reason: z.string().nullable().optional(),
    labels: z.array(label).optional(),
    pull_request: z.unknown().optional(),
  }),
  label: label.optional(),
  changes: z
    .looseObject({
      new_issue: z.looseObject({ html_url: z.string(), number: z.number().optional() }).optional(),
      new_repository: z.looseObject({ full_name: z.string() }).optional(),
    })
    .optional(),
  sender: user,
});
export type IssuesPayload = z.infer<typeof issuesPayload>;

export const pullRequestPayload = z.looseObject({
  action: z.string(),
  number: z.number().int().positive().optional(),
  pull_request: z.looseObject({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullable().optional(),
    html_url: z.string(),
    state: z.string(),
    draft: z.boolean().optional(),
    merged: z.boolean().nullable().optional(),
    head: z.looseObject({ ref: z.string() }),
    user,
  }),
  sender: user,
});
export type PullRequestPayload = z.infer<typeof pullRequestPayload>;

export const pushPayload = z.looseObject({
  ref: z.string(),
  commits: z
    .array(
      z.looseObject({
        id: z.string(),
        message: z.string(),
        url: z.string(),
        author: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
      }),
    )
    .default([]),
});
export type PushPayload = z.infer<typeof pushPayload>;
