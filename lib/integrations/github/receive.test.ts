// The receiver against a real SQLite file, with GitHub's documented example deliveries
// (@octokit/webhooks-examples): only the repository (and where a case needs it, the text that
// names a task) is changed; each is signed with the link's secret as GitHub would.
import { sign } from "@octokit/webhooks-methods";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getTask } from "@/lib/tasks/get-task";
import { listNotes, listTaskHistory } from "@/lib/tasks/notes";
import { updateTask } from "@/lib/tasks/update-task";
import { addMember, makeProject, makeUser } from "@/lib/test/factories";
import { linkRepository, listDeliveries, listLinks } from "./links";
import { receiveDelivery } from "./receive";

process.env.NEXTAUTH_SECRET ??= "vitest-secret-for-github";

type Json = Record<string, any>;
const example = (event: string, action?: string): Json => {
  const group = (examples as { name: string; examples: Json[] }[]).find((e) => e.name === event)!;
  const found = group.examples.find((x) => action === undefined || x.action === action)!;
  return structuredClone(found);
};

function forRepo(payload: Json, full: string): Json {
  const [owner, name] = full.split("/");
  payload.repository.full_name = full;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  return payload;
}

let n = 0;
async function deliver(
  secret: string,
  event: string,
  payload: Json,
  opts: { id?: string; tamper?: boolean; signature?: string | null } = {},
) {
  const raw = JSON.stringify(payload);
  const signature = opts.signature === undefined ? await sign(secret, raw) : opts.signature;
  return receiveDelivery(
    { event, deliveryId: opts.id ?? `d-${process.pid}-${++n}`, signature },
    opts.tamper ? raw.replace("Spelling", "Spilling") : raw,
  );
}

const ORIGIN = "http://cairn.test";

describe("GitHub webhook deliveries", () => {
  let owner: Awaited<ReturnType<typeof makeProject>>;
  let repo: string;
  let secret: string;

  beforeAll(async () => {
    owner = await makeProject();
    repo = `octo-${process.pid}-${Date.now()}/hello-world`;
    const link = await linkRepository(owner.actor, owner.projectId, { repository: repo }, ORIGIN);
    secret = link.secret;
    expect(link.webhookUrl).toBe(`${ORIGIN}/api/v1/integrations/github`);
  });

  it("refuses a non-owner and never lists the secret", async () => {
    const editor = await makeUser();
    await addMember(owner.actor, owner.projectId, editor, "editor");
    await expect(linkRepository(editor, owner.projectId, { repository: `${repo}-2` }, ORIGIN)).rejects.toMatchObject({ code: "forbidden" });
    const links = await listLinks(owner.actor, owner.projectId, ORIGIN);
    expect(JSON.stringify(links)).not.toContain(secret);
    const stored = await db.githubLink.findUniqueOrThrow({ where: { repository: repo } });
    expect(stored.secretEncrypted).not.toContain(secret);
  });

  it("makes a task from issues.opened once, as GitHub, and a redelivery changes nothing", async () => {
    const payload = forRepo(example("issues", "opened"), repo);
    const first = await deliver(secret, "issues", payload, { id: "same-id" });
    expect(first.status).toBe(200);
    const again = await deliver(secret, "issues", payload, { id: "same-id" });
    expect(again.body.duplicate).toBe(true);
    expect(await db.task.count({ where: { projectId: owner.projectId, externalRef: `${repo}#1` } })).toBe(1);
    const task = await getTask(owner.actor, owner.projectId, "1");
    expect(task).toMatchObject({
      title: payload.issue.title,
      details: payload.issue.body,
      source: "github",
      externalRef: `${repo}#1`,
      labels: ["bug"],
    });
    expect(task.links[0]).toMatchObject({ kind: "issue", number: 1, url: payload.issue.html_url, state: "open" });
    const history = await listTaskHistory(owner.actor, owner.projectId, "1");
    expect(history.at(-1)).toMatchObject({ kind: "created", actor: { name: "GitHub" } });
  });

  it("rejects a missing, wrong or tampered signature and changes nothing", async () => {
    const payload = forRepo(example("issues", "opened"), repo);
    payload.issue.number = 77;
    for (const opts of [{ signature: null }, { signature: "sha256=" + "0".repeat(64) }, { tamper: true }]) {
      await expect(deliver(secret, "issues", payload, opts)).rejects.toMatchObject({ code: "unauthenticated" });
    }
    expect(await db.task.count({ where: { externalRef: `${repo}#77` } })).toBe(0);
  });

  it("keeps Cairn's edit when the issue is edited afterwards, and follows close and reopen", async () => {
    await updateTask(owner.actor, owner.projectId, "1", { title: "Our own title" });
    const edited = forRepo(example("issues", "edited"), repo);
    edited.issue.title = "GitHub's new title";
    await deliver(secret, "issues", edited);
    const task = await getTask(owner.actor, owner.projectId, "1");
    expect(task.title).toBe("Our own title");
    const notes = await listNotes(owner.actor, owner.projectId, "1");
    expect(notes.at(-1)!.body).toContain("GitHub's new title");

    const closed = forRepo(example("issues", "opened"), repo);
    Object.assign(closed, { action: "closed" });
    Object.assign(closed.issue, { state: "closed", state_reason: "not_planned" });
    await deliver(secret, "issues", closed);
    expect((await getTask(owner.actor, owner.projectId, "1")).status).toBe("cancelled");
    await deliver(secret, "issues", forRepo(example("issues", "reopened"), repo));
    expect((await getTask(owner.actor, owner.projectId, "1")).status).toBe("pending");
  });

  it("links a pull request that closes the issue, and finishes the task on merge", async () => {
    const opened = forRepo(example("pull_request", "opened"), repo);
    opened.pull_request.body = "Closes #1";
    const r = await deliver(secret, "pull_request", opened);
    expect(r.body.outcome).toBe("applied");
    let task = await getTask(owner.actor, owner.projectId, "1");
    expect(task.status).toBe("review");
    expect(task.links.find((l) => l.kind === "pull_request")).toMatchObject({ number: 2, state: "open" });

    const merged = forRepo(example("pull_request", "closed"), repo);
    merged.pull_request.body = "Closes #1";
    merged.pull_request.merged = true;
    await deliver(secret, "pull_request", merged);
    task = await getTask(owner.actor, owner.projectId, "1");
    expect(task.status).toBe("done");
    expect(task.links.find((l) => l.kind === "pull_request")!.state).toBe("merged");
  });

  it("notes a pushed commit that names a task, once", async () => {
    const withCommit = (examples as { name: string; examples: Json[] }[])
      .find((e) => e.name === "push")!
      .examples.find((x) => x.commits.length > 0)!;
    const push = forRepo(structuredClone(withCommit), repo);
    push.commits[0].message = "Fix the spelling, see cairn#1\n\nlonger text";
    await deliver(secret, "push", structuredClone(push));
    await deliver(secret, "push", structuredClone(push));
    const notes = (await listNotes(owner.actor, owner.projectId, "1")).filter((x) => x.body.startsWith("Commit "));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain("Fix the spelling, see cairn#1");
    expect(notes[0]!.author?.name).toBe("GitHub");
  });

  it("answers ping, ignores what it does not map, and logs every delivery", async () => {
    const ping = forRepo(example("ping"), repo);
    expect((await deliver(secret, "ping", ping)).status).toBe(200);
    const assigned = forRepo(example("issues", "assigned"), repo);
    expect((await deliver(secret, "issues", assigned)).status).toBe(202);
    const log = await listDeliveries(owner.actor, owner.projectId, {});
    expect(log.map((d) => d.outcome)).toEqual(expect.arrayContaining(["applied", "duplicate", "ignored", "rejected"]));
    expect(JSON.stringify(log)).not.toContain(secret);
  });

  it("answers 404 for a repository no project links", async () => {
    await expect(deliver(secret, "issues", forRepo(example("issues", "opened"), `nobody-${Date.now()}/x`))).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
