// The webhook receiver: checks who sent the delivery, applies it exactly once, logs it.
//
// Order matters: the repository named in the body picks the link and so the secret; the
// signature is then checked over the exact text received (never re-serialised JSON); only a
// verified delivery is applied. The delivery's row claims its X-GitHub-Delivery id in the same
// transaction as its effect, so a redelivery — even one that arrives while the first is still
// being applied — changes nothing.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction } from "@/lib/db";
import { AppError, invalid, isAppError, notFound } from "@/lib/errors";
import { BODY_LIMITS, checkJsonShape } from "@/lib/http/body";
import { id as idSchema } from "@/lib/validation/common";
import { parseInput } from "@/lib/validation/parse";
import { ignored, type DeliveryContext, type Effect } from "./effects";
import { toDeliveryDto } from "./links";
import { onIssues } from "./on-issues";
import { onPullRequest } from "./on-pull-request";
import { onPush } from "./on-push";
import { issuesPayload, pullRequestPayload, pushPayload, repositoryPart } from "./payload";
import { decryptSecret } from "./secret";
import { GITHUB_EVENTS, type DeliveryOutcome, type GithubDeliveryDto } from "./types";

export interface DeliveryHeaders {
  event: string | null;
  deliveryId: string | null;
  signature: string | null;
}

export interface ReceiveResult {
  status: number;
  body: { ok: true; outcome: DeliveryOutcome; duplicate?: true; deliveryId: string; changes: string[] };
}

/**
 * @octokit/webhooks-methods is ESM only: loaded with import(), so this module also loads where it
 * is compiled to CommonJS (`npm run bench` runs the route handler through tsx).
 */
const webhooksMethods = () => import("@octokit/webhooks-methods");

/** A failed delivery keeps its payload for a replay, up to this size. */
const MAX_KEPT_PAYLOAD = 1024 * 1024;
/** The log keeps this many deliveries per link (rejected and duplicate ones: fewer). */
const KEEP = { effective: 1000, noise: 100 };

interface Link {
  id: string;
  projectId: string;
  repository: string;
  labelFilter: string | null;
}

const clip = (s: string, n: number) => s.slice(0, n);

async function dispatch(c: DeliveryContext, event: string, payload: unknown): Promise<Effect> {
  switch (event) {
    case "ping": {
      const events = ((payload as { hook?: { events?: unknown } }).hook?.events ?? []) as string[];
      const missing = GITHUB_EVENTS.filter((e) => !events.includes(e) && !events.includes("*"));
      return {
        outcome: "applied",
        changes: [
          `GitHub connected the webhook for ${c.repository}`,
          ...(missing.length ? [`It does not send ${missing.join(", ")}: tick them in the webhook's settings on GitHub`] : []),
        ],
      };
    }
    case "issues":
      return onIssues(c, parseInput(issuesPayload, payload));
    case "pull_request":
      return onPullRequest(c, parseInput(pullRequestPayload, payload));
    case "push":
      return onPush(c, parseInput(pushPayload, payload));
    default:
      return ignored(`Cairn does not use ${event} events`);
  }
}

const isUniqueViolation = (e: unknown) => !!e && typeof e === "object" && "code" in e && (e as { code: unknown }).code === "P2002";

async function logRow(
  link: Link,
  d: { deliveryId: string; event: string; action: string | null },
  outcome: DeliveryOutcome,
  data: { changes?: string[]; error?: string; payload?: string | null },
) {
  await db.githubDelivery.create({
    data: {
      deliveryId: d.deliveryId,
      linkId: link.id,
      projectId: link.projectId,
      event: d.event,
      action: d.action,
      outcome,
      changes: JSON.stringify(data.changes ?? []),
      error: data.error ?? null,
      payload: data.payload ?? null,
    },
  });
}

/** Keeps the log bounded; runs after the answer. */
async function prune(linkId: string): Promise<void> {
  for (const [outcomes, keep] of [
    [["applied", "ignored", "failed"], KEEP.effective],
    [["rejected", "duplicate"], KEEP.noise],
  ] as const) {
    const edge = await db.githubDelivery.findMany({
      where: { linkId, outcome: { in: [...outcomes] } },
      orderBy: { receivedAt: "desc" },
      skip: keep,
      take: 1,
      select: { receivedAt: true },
    });
    if (edge[0])
      await db.githubDelivery.deleteMany({ where: { linkId, outcome: { in: [...outcomes] }, receivedAt: { lte: edge[0].receivedAt } } });
  }
}

const later = (linkId: string) => {
  setTimeout(() => void prune(linkId).catch((e: unknown) => console.error("[cairn] github: pruning the delivery log failed", e)), 0);
};

/**
 * Applies a verified delivery once. `replayOf` is the failed row being replayed: it becomes the
 * claiming row instead of a new one.
 */
async function apply(
  link: Link,
  d: { deliveryId: string; event: string; action: string | null },
  payload: unknown,
  raw: string,
  replayOf?: string,
): Promise<{ outcome: DeliveryOutcome; changes: string[]; error?: AppError | unknown }> {
  const duplicate = async () => {
    const changes = ["Received before: changed nothing"];
    if (replayOf)
      await db.githubDelivery.update({
        where: { id: replayOf },
        data: { outcome: "duplicate", payload: null, changes: JSON.stringify(changes) },
      });
    else await logRow(link, d, "duplicate", { changes });
    return { outcome: "duplicate" as const, changes };
  };
  if (await db.githubDelivery.findUnique({ where: { claim: d.deliveryId }, select: { id: true } })) return duplicate();
  try {
    const effect = await inTransaction(async (tx) => {
      const row = replayOf
        ? await tx.githubDelivery.update({ where: { id: replayOf }, data: { claim: d.deliveryId }, select: { id: true } })
        : await tx.githubDelivery.create({
            data: {
              deliveryId: d.deliveryId,
              claim: d.deliveryId,
              linkId: link.id,
              projectId: link.projectId,
              event: d.event,
              action: d.action,
              outcome: "applied",
            },
            select: { id: true },
          });
      const result = await dispatch(
        { tx, projectId: link.projectId, repository: link.repository, labelFilter: link.labelFilter },
        d.event,
        payload,
      );
      await tx.githubDelivery.update({
        where: { id: row.id },
        data: { outcome: result.outcome, changes: JSON.stringify(result.changes), payload: null, error: null },
      });
      return result;
    });
    return effect;
  } catch (e) {
    if (isUniqueViolation(e)) return duplicate();
    const message = isAppError(e) ? e.message : "Something went wrong on the server";
    if (!isAppError(e)) console.error(`[cairn] github: delivery ${d.deliveryId} for ${link.repository} failed`, e);
    const kept = Buffer.byteLength(raw) <= MAX_KEPT_PAYLOAD ? raw : null;
    if (replayOf) await db.githubDelivery.update({ where: { id: replayOf }, data: { error: message, receivedAt: new Date() } });
    else
      await logRow(link, d, "failed", {
        error: message,
        payload: kept,
        changes: kept ? [] : ["The payload was too large to keep for a replay"],
      });
    return { outcome: "failed", changes: [], error: e };
  } finally {
    later(link.id);
  }
}

/** One webhook request: `raw` is the body exactly as received. Throws AppErrors the route maps. */
export async function receiveDelivery(headers: DeliveryHeaders, raw: string): Promise<ReceiveResult> {
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    throw new AppError("invalid", "The body is not valid JSON (set the webhook's content type to application/json)", null, 400);
  }
  checkJsonShape(payload, BODY_LIMITS.large);
  const named = repositoryPart.safeParse(payload);
  if (!named.success) throw invalid("The delivery names no repository: Cairn takes a repository's webhook (issues, pull requests, pushes)");
  const repository = named.data.repository.full_name.toLowerCase();
  const link = await db.githubLink.findUnique({
    where: { repository },
    select: { id: true, projectId: true, repository: true, labelFilter: true, secretEncrypted: true },
  });
  if (!link) throw notFound(`A project linked to ${repository}`);

  const d = {
    deliveryId: clip(headers.deliveryId ?? "", 100),
    event: clip(headers.event ?? "", 60),
    action: typeof (payload as { action?: unknown }).action === "string" ? clip((payload as { action: string }).action, 60) : null,
  };
  const secret = decryptSecret(link.secretEncrypted);
  const { verify } = await webhooksMethods();
  const good = headers.signature ? await verify(secret, raw, headers.signature).catch(() => false) : false;
  if (!good) {
    const why = headers.signature ? "the signature does not match the webhook secret" : "no X-Hub-Signature-256 header";
    console.warn(`[cairn] github: rejected delivery ${d.deliveryId || "(no id)"} for ${repository}: ${why}`);
    await logRow(link, { ...d, deliveryId: d.deliveryId || "(none)", event: d.event || "(none)" }, "rejected", {
      error: `Rejected: ${why}`,
    });
    later(link.id);
    throw new AppError("unauthenticated", "X-Hub-Signature-256 is missing or does not match this repository's webhook secret");
  }
  if (!d.deliveryId || !d.event) throw invalid("X-GitHub-Event and X-GitHub-Delivery headers are required");

  const result = await apply(link, d, payload, raw);
  if (result.outcome === "failed") throw result.error;
  return {
    status: result.outcome === "ignored" ? 202 : 200,
    body: {
      ok: true,
      outcome: result.outcome,
      ...(result.outcome === "duplicate" ? { duplicate: true as const } : {}),
      deliveryId: d.deliveryId,
      changes: result.changes,
    },
  };
}

/** An owner replays a failed delivery from its kept payload, as if GitHub had sent it again. */
export async function replayDelivery(actor: Actor, projectId: string, rawId: unknown): Promise<GithubDeliveryDto> {
  const rowId = parseInput(idSchema, rawId);
  await authorizeProject(actor, projectId, "owner");
  const row = await db.githubDelivery.findFirst({
    where: { id: rowId, projectId },
    include: { link: { select: { id: true, projectId: true, repository: true, labelFilter: true } } },
  });
  if (!row) throw notFound("Delivery");
  if (row.outcome !== "failed" || row.payload === null)
    throw new AppError("conflict", "Only a failed delivery that kept its payload can be replayed");
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    throw new AppError("conflict", "The kept payload is unreadable");
  }
  await apply(row.link, { deliveryId: row.deliveryId, event: row.event, action: row.action }, payload, row.payload, row.id);
  const after = await db.githubDelivery.findUniqueOrThrow({ where: { id: row.id }, include: { link: { select: { repository: true } } } });
  return toDeliveryDto(after);
}
