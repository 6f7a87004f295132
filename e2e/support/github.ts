// GitHub's documented example deliveries (@octokit/webhooks-examples), pointed at a repository of
// the spec's own and signed with its link's secret the way GitHub signs them.
import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import type * as WebhooksMethods from "@octokit/webhooks-methods";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { ok, unique, type TestUser } from "./api";

export type Payload = Record<string, any>;

const groups = examples as unknown as { name: string; examples: Payload[] }[];

/** A fresh copy of GitHub's first example for the event (and action), or the first that `pick` accepts. */
export function example(event: string, action?: string, pick: (p: Payload) => boolean = () => true): Payload {
  const found = groups.find((g) => g.name === event)?.examples.find((x) => (action === undefined || x.action === action) && pick(x));
  if (!found) throw new Error(`No ${event}.${action ?? "*"} example`);
  return structuredClone(found);
}

/** The only change the examples need: the repository they come from. */
export function forRepo(payload: Payload, full: string): Payload {
  const [owner, name] = full.split("/");
  payload.repository.full_name = full;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  return payload;
}

export const uniqueRepo = () => `octo-${unique("r").replace(/[^A-Za-z0-9-]/g, "-")}/hello-world`;

export async function linkRepo(
  request: APIRequestContext,
  owner: TestUser,
  projectId: string,
  repository = uniqueRepo(),
  labelFilter?: string,
) {
  const { link } = await ok(
    await request.post(`/api/v1/projects/${projectId}/integrations/github`, { headers: owner.headers, data: { repository, labelFilter } }),
    201,
  );
  return { repository, secret: link.secret as string, link };
}

// @octokit/webhooks-methods is ESM only and Playwright loads specs as CommonJS: a real dynamic
// import (not one the spec transpiler rewrites into require) reaches it.
const importEsm = new Function("s", "return import(s)") as (s: string) => Promise<typeof WebhooksMethods>;
const sign = async (secret: string, raw: string) => (await importEsm("@octokit/webhooks-methods")).sign(secret, raw);

export interface SendOptions {
  id?: string;
  /** null: no signature header; a string: that header instead of the right one. */
  signature?: string | null;
  /** Changes the body after signing. */
  tamper?: (raw: string) => string;
}

export async function send(request: APIRequestContext, secret: string, event: string, payload: Payload, opts: SendOptions = {}) {
  const raw = JSON.stringify(payload);
  const signature = opts.signature === undefined ? await sign(secret, raw) : opts.signature;
  const id = opts.id ?? randomUUID();
  const res = await request.post("/api/v1/integrations/github", {
    data: opts.tamper ? opts.tamper(raw) : raw,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": id,
      "user-agent": "GitHub-Hookshot/cairn-spec",
      ...(signature !== null ? { "x-hub-signature-256": signature } : {}),
    },
  });
  return { res, id };
}
