// Repository links, their secrets and the delivery log: owners only.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeProject } from "@/lib/auth/authorize";
import { db, inTransaction } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { id as idSchema } from "@/lib/validation/common";
import { deliveriesQuery, linkRepositoryInput, updateGithubLinkInput } from "@/lib/validation/github";
import { parseInput } from "@/lib/validation/parse";
import { ensureGithubUser } from "./github-user";
import { encryptSecret, generateSecret } from "./secret";
import { GITHUB_EVENTS, type DeliveryOutcome, type GithubDeliveryDto, type GithubLinkDto, type GithubLinkWithSecretDto } from "./types";

export const WEBHOOK_PATH = "/api/v1/integrations/github";

interface LinkRow {
  id: string;
  projectId: string;
  repository: string;
  labelFilter: string | null;
  createdAt: Date;
  rotatedAt: Date | null;
}

async function toLinkDto(row: LinkRow, origin: string): Promise<GithubLinkDto> {
  const last = await db.githubDelivery.findFirst({
    where: { linkId: row.id },
    orderBy: { receivedAt: "desc" },
    select: { receivedAt: true, outcome: true },
  });
  return {
    id: row.id,
    projectId: row.projectId,
    repository: row.repository,
    labelFilter: row.labelFilter,
    webhookUrl: `${origin}${WEBHOOK_PATH}`,
    contentType: "application/json",
    events: [...GITHUB_EVENTS],
    createdAt: row.createdAt.toISOString(),
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
    lastDelivery: last ? { receivedAt: last.receivedAt.toISOString(), outcome: last.outcome as DeliveryOutcome } : null,
  };
}

const linkSelect = { id: true, projectId: true, repository: true, labelFilter: true, createdAt: true, rotatedAt: true } as const;

async function ownLink(projectId: string, rawId: unknown): Promise<LinkRow> {
  const linkId = parseInput(idSchema, rawId);
  const row = await db.githubLink.findFirst({ where: { id: linkId, projectId }, select: linkSelect });
  if (!row) throw notFound("GitHub link");
  return row;
}

export async function linkRepository(actor: Actor, projectId: string, raw: unknown, origin: string): Promise<GithubLinkWithSecretDto> {
  const input = parseInput(linkRepositoryInput, raw);
  await authorizeProject(actor, projectId, "owner");
  const secret = generateSecret();
  const row = await inTransaction(async (tx) => {
    const taken = await tx.githubLink.findUnique({ where: { repository: input.repository }, select: { projectId: true } });
    if (taken) {
      throw new AppError(
        "conflict",
        taken.projectId === projectId
          ? `${input.repository} is already linked to this project`
          : `${input.repository} already feeds another project: one repository feeds one project`,
      );
    }
    await ensureGithubUser(tx);
    return tx.githubLink.create({
      data: {
        projectId,
        repository: input.repository,
        labelFilter: input.labelFilter ?? null,
        secretEncrypted: encryptSecret(secret),
        createdById: actor.userId,
      },
      select: linkSelect,
    });
  });
  return { ...(await toLinkDto(row, origin)), secret };
}

export async function listLinks(actor: Actor, projectId: string, origin: string): Promise<GithubLinkDto[]> {
  await authorizeProject(actor, projectId, "owner", db, "read");
  const rows = await db.githubLink.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, select: linkSelect });
  return Promise.all(rows.map((r) => toLinkDto(r, origin)));
}

export async function rotateSecret(actor: Actor, projectId: string, linkId: unknown, origin: string): Promise<GithubLinkWithSecretDto> {
  await authorizeProject(actor, projectId, "owner");
  const link = await ownLink(projectId, linkId);
  const secret = generateSecret();
  const row = await db.githubLink.update({
    where: { id: link.id },
    data: { secretEncrypted: encryptSecret(secret), rotatedAt: new Date() },
    select: linkSelect,
  });
  return { ...(await toLinkDto(row, origin)), secret };
}

export async function updateLink(actor: Actor, projectId: string, linkId: unknown, raw: unknown, origin: string): Promise<GithubLinkDto> {
  const input = parseInput(updateGithubLinkInput, raw);
  await authorizeProject(actor, projectId, "owner");
  const link = await ownLink(projectId, linkId);
  const row = await db.githubLink.update({ where: { id: link.id }, data: { labelFilter: input.labelFilter }, select: linkSelect });
  return toLinkDto(row, origin);
}

/** Unlinking stops deliveries and drops the link's log; tasks made from it stay. */
export async function unlinkRepository(actor: Actor, projectId: string, linkId: unknown): Promise<void> {
  await authorizeProject(actor, projectId, "owner");
  const link = await ownLink(projectId, linkId);
  await db.githubLink.delete({ where: { id: link.id } });
}

export async function listDeliveries(actor: Actor, projectId: string, rawQuery: unknown): Promise<GithubDeliveryDto[]> {
  const { limit } = parseInput(deliveriesQuery, rawQuery);
  await authorizeProject(actor, projectId, "owner", db, "read");
  const rows = await db.githubDelivery.findMany({
    where: { projectId },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { link: { select: { repository: true } } },
  });
  return rows.map(toDeliveryDto);
}

export function toDeliveryDto(r: {
  id: string;
  deliveryId: string;
  event: string;
  action: string | null;
  outcome: string;
  changes: string;
  error: string | null;
  payload: string | null;
  receivedAt: Date;
  link: { repository: string };
}): GithubDeliveryDto {
  let changes: string[] = [];
  try {
    const v: unknown = JSON.parse(r.changes);
    if (Array.isArray(v)) changes = v.filter((x): x is string => typeof x === "string");
  } catch {
    // an unreadable log line shows as no changes
  }
  return {
    id: r.id,
    deliveryId: r.deliveryId,
    repository: r.link.repository,
    event: r.event,
    action: r.action,
    outcome: r.outcome as DeliveryOutcome,
    changes,
    error: r.error,
    replayable: r.outcome === "failed" && r.payload !== null,
    receivedAt: r.receivedAt.toISOString(),
  };
}
