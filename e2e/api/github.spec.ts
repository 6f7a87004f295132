import { test } from "../support/contract";
import { addMember, expect, newProject, newUser, ok, type TestUser } from "../support/api";
import { example, forRepo, linkRepo, send, uniqueRepo, type Payload } from "../support/github";
import type { APIRequestContext } from "@playwright/test";

// GitHub's own example deliveries, signed with the link's secret, against the running app.

async function taskByExternal(request: APIRequestContext, user: TestUser, projectId: string, externalRef: string) {
  const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks?limit=200`, { headers: user.headers }));
  return (tasks as Payload[]).find((t) => t.externalRef === externalRef);
}

async function history(request: APIRequestContext, user: TestUser, projectId: string, ref: string) {
  const { events } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/${ref}/history`, { headers: user.headers }));
  return events as Payload[];
}

async function notes(request: APIRequestContext, user: TestUser, projectId: string, ref: string) {
  const { notes } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/${ref}/notes`, { headers: user.headers }));
  return notes as Payload[];
}

const issue = (repo: string, number: number, action = "opened") => {
  const p = forRepo(example("issues", action), repo);
  p.issue.number = number;
  p.issue.html_url = `https://github.com/${repo}/issues/${number}`;
  return p;
};

async function setup(request: APIRequestContext) {
  const owner = await newUser(request);
  const projectId = await newProject(request, owner);
  const { repository, secret, link } = await linkRepo(request, owner, projectId);
  return { owner, projectId, repository, secret, link };
}

test.describe("GitHub integration", () => {
  test("an owner links a repository; the secret is in that answer only; viewers and editors cannot link", async ({ request }) => {
    const { owner, projectId, secret, link, repository } = await setup(request);
    expect(link).toMatchObject({ repository, contentType: "application/json", events: ["issues", "pull_request", "push"] });
    expect(link.webhookUrl).toMatch(/\/api\/v1\/integrations\/github$/);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    for (const role of ["viewer", "editor"] as const) {
      const member = await newUser(request);
      await addMember(request, owner, projectId, member, role);
      const refused = await request.post(`/api/v1/projects/${projectId}/integrations/github`, {
        headers: member.headers,
        data: { repository: uniqueRepo() },
      });
      expect(refused.status(), role).toBe(403);
      expect((await request.get(`/api/v1/projects/${projectId}/integrations/github`, { headers: member.headers })).status()).toBe(403);
    }
    // One repository feeds one project.
    const other = await newProject(request, owner);
    const taken = await request.post(`/api/v1/projects/${other}/integrations/github`, { headers: owner.headers, data: { repository } });
    expect(taken.status()).toBe(409);

    await send(request, secret, "issues", issue(repository, 1));
    const answers = [
      await request.get(`/api/v1/projects/${projectId}/integrations/github`, { headers: owner.headers }),
      await request.get(`/api/v1/projects/${projectId}/integrations/github/deliveries`, { headers: owner.headers }),
      await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }),
      await request.get(`/api/v1/projects/${projectId}/tasks/1`, { headers: owner.headers }),
      await request.get(`/api/v1/projects/${projectId}/tasks/1/history`, { headers: owner.headers }),
    ];
    for (const a of answers) {
      expect(a.status()).toBe(200);
      expect(await a.text()).not.toContain(secret);
    }
  });

  test("issues.opened makes a task as GitHub; a redelivery answers duplicate and changes nothing", async ({ request }) => {
    const { owner, projectId, repository, secret } = await setup(request);
    const payload = forRepo(example("issues", "opened"), repository);
    const first = await send(request, secret, "issues", payload);
    expect(first.res.status()).toBe(200);
    expect(await first.res.json()).toMatchObject({ ok: true, outcome: "applied" });
    const again = await send(request, secret, "issues", payload, { id: first.id });
    expect(again.res.status()).toBe(200);
    expect(await again.res.json()).toMatchObject({ duplicate: true, outcome: "duplicate" });

    const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      title: payload.issue.title,
      details: payload.issue.body,
      labels: ["bug"],
      source: "github",
      externalRef: `${repository}#1`,
      links: [{ kind: "issue", repository, number: 1, url: payload.issue.html_url, state: "open" }],
    });
    const events = await history(request, owner, projectId, "1");
    expect(events.map((e) => [e.kind, e.actor?.name])).toEqual([["created", "GitHub"]]);
    const { deliveries } = await ok(
      await request.get(`/api/v1/projects/${projectId}/integrations/github/deliveries`, { headers: owner.headers }),
    );
    expect(deliveries.map((d: Payload) => [d.deliveryId, d.outcome])).toEqual([
      [first.id, "duplicate"],
      [first.id, "applied"],
    ]);
  });

  test("unsigned, wrongly signed and tampered deliveries get 401 and change nothing; an unknown repository gets 404", async ({
    request,
  }) => {
    const { owner, projectId, repository, secret } = await setup(request);
    const payload = forRepo(example("issues", "opened"), repository);
    const cases = [
      { signature: null },
      { signature: `sha256=${"0".repeat(64)}` },
      { signature: "sha1=abc" },
      { tamper: (raw: string) => raw.replace("Spelling error", "Spelling errors") },
      { tamper: (raw: string) => raw.replace("{", "{ ") },
    ];
    for (const c of cases) {
      const { res } = await send(request, secret, "issues", payload, c);
      expect(res.status()).toBe(401);
    }
    const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }));
    expect(tasks).toHaveLength(0);
    const { deliveries } = await ok(
      await request.get(`/api/v1/projects/${projectId}/integrations/github/deliveries`, { headers: owner.headers }),
    );
    expect(deliveries.map((d: Payload) => d.outcome)).toEqual(Array(cases.length).fill("rejected"));

    const unknown = await send(request, secret, "issues", forRepo(example("issues", "opened"), uniqueRepo()));
    expect(unknown.res.status()).toBe(404);
  });

  test("30 deliveries at once are each applied exactly once", async ({ request }) => {
    const { owner, projectId, repository, secret } = await setup(request);
    const sent = await Promise.all(Array.from({ length: 30 }, (_, i) => send(request, secret, "issues", issue(repository, i + 1))));
    // …and each is redelivered once, also at the same time.
    const again = await Promise.all(sent.map((s, i) => send(request, secret, "issues", issue(repository, i + 1), { id: s.id })));
    for (const s of sent) expect(s.res.status()).toBe(200);
    for (const a of again) expect((await a.res.json()).duplicate).toBe(true);
    const { tasks, total } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks?limit=100`, { headers: owner.headers }));
    expect(total).toBe(30);
    expect(new Set(tasks.map((t: Payload) => t.externalRef)).size).toBe(30);
    const { deliveries } = await ok(
      await request.get(`/api/v1/projects/${projectId}/integrations/github/deliveries?limit=100`, { headers: owner.headers }),
    );
    expect(deliveries.filter((d: Payload) => d.outcome === "applied")).toHaveLength(30);
    expect(deliveries.filter((d: Payload) => d.outcome === "duplicate")).toHaveLength(30);
  });

  test("issue edits, labels, closing, reopening, deletion and transfer move the task", async ({ request }) => {
    const { owner, projectId, repository, secret } = await setup(request);
    await send(request, secret, "issues", issue(repository, 1));
    await send(request, secret, "issues", issue(repository, 2));

    // Not edited in Cairn: GitHub's edit is applied.
    const edited = issue(repository, 1, "edited");
    edited.issue.title = "Spelling error in the README";
    edited.issue.body = "Two t's in commit.";
    await send(request, secret, "issues", edited);
    expect(await taskByExternal(request, owner, projectId, `${repository}#1`)).toMatchObject({
      title: "Spelling error in the README",
      details: "Two t's in commit.",
    });

    // Edited in Cairn since: a note keeps GitHub's text, Cairn's title stays.
    await ok(
      await request.patch(`/api/v1/projects/${projectId}/tasks/1`, { headers: owner.headers, data: { title: "Fix README spelling" } }),
    );
    edited.issue.title = "Spelling errors everywhere";
    await send(request, secret, "issues", edited);
    expect((await taskByExternal(request, owner, projectId, `${repository}#1`))!.title).toBe("Fix README spelling");
    expect((await notes(request, owner, projectId, "1")).at(-1)!.body).toContain("Spelling errors everywhere");

    const labeled = issue(repository, 1, "labeled");
    labeled.label = { ...labeled.label, name: "priority:high" };
    await send(request, secret, "issues", labeled);
    labeled.label = { ...labeled.label, name: "docs" };
    await send(request, secret, "issues", labeled);
    expect(await taskByExternal(request, owner, projectId, `${repository}#1`)).toMatchObject({ priority: "high", labels: ["bug", "docs"] });
    const unlabeled = issue(repository, 1, "unlabeled");
    unlabeled.label = { ...unlabeled.label, name: "bug" };
    await send(request, secret, "issues", unlabeled);
    expect((await taskByExternal(request, owner, projectId, `${repository}#1`))!.labels).toEqual(["docs"]);

    // There is no issues.closed example: it is issues.opened, closed.
    const closed = issue(repository, 1);
    closed.action = "closed";
    Object.assign(closed.issue, { state: "closed", state_reason: "completed" });
    await send(request, secret, "issues", closed);
    expect((await taskByExternal(request, owner, projectId, `${repository}#1`))!.status).toBe("done");
    await send(request, secret, "issues", issue(repository, 1, "reopened"));
    expect((await taskByExternal(request, owner, projectId, `${repository}#1`))!.status).toBe("pending");
    Object.assign(closed.issue, { state_reason: "not_planned" });
    await send(request, secret, "issues", closed);
    expect((await taskByExternal(request, owner, projectId, `${repository}#1`))!.status).toBe("cancelled");

    const transferred = forRepo(example("issues", "transferred"), repository);
    transferred.issue.number = 2;
    await send(request, secret, "issues", transferred);
    expect((await taskByExternal(request, owner, projectId, `${repository}#2`))!.status).toBe("cancelled");
    expect((await notes(request, owner, projectId, "2")).at(-1)!.body).toContain("transferred");

    const events = await history(request, owner, projectId, "1");
    const byGithub = events
      .filter((e) => e.actor?.name === "GitHub" && e.kind === "updated" && e.field === "status")
      .map((e) => `${e.oldValue}→${e.newValue}`);
    expect(byGithub.reverse()).toEqual(["pending→done", "done→pending", "pending→cancelled"]);
  });

  test("a label filter makes only labelled issues tasks", async ({ request }) => {
    const owner = await newUser(request);
    const projectId = await newProject(request, owner);
    const { repository, secret } = await linkRepo(request, owner, projectId, uniqueRepo(), "cairn");
    const plain = await send(request, secret, "issues", issue(repository, 1));
    expect(plain.res.status()).toBe(202);
    const labelled = issue(repository, 2);
    labelled.issue.labels.push({ ...labelled.issue.labels[0], name: "cairn" });
    expect((await send(request, secret, "issues", labelled)).res.status()).toBe(200);
    const { tasks } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers }));
    expect(tasks.map((t: Payload) => t.externalRef)).toEqual([`${repository}#2`]);
  });

  test("pull requests that name tasks move them: draft, ready, closed unmerged, merged", async ({ request }) => {
    const { owner, projectId, repository, secret } = await setup(request);
    await send(request, secret, "issues", issue(repository, 1)); // task 1 from issue #1
    const { task: own } = await ok(
      await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers, data: { title: "Cairn-only task" } }),
      201,
    );
    expect(own.ref).toBe("2");

    // The examples' text names no task: the body and branch say which.
    const pr = (action: string, pick?: (p: Payload) => boolean) => {
      const p = forRepo(example("pull_request", action, pick), repository);
      p.pull_request.body = "Closes #1. Also touches cairn#2.";
      return p;
    };
    const draft = pr("opened");
    draft.pull_request.draft = true;
    await send(request, secret, "pull_request", draft);
    let one = await taskByExternal(request, owner, projectId, `${repository}#1`);
    expect(one).toMatchObject({ status: "in-progress" });
    expect(one!.links.find((l: Payload) => l.kind === "pull_request")).toMatchObject({
      number: 2,
      state: "draft",
      url: draft.pull_request.html_url,
    });

    await send(request, secret, "pull_request", pr("ready_for_review"));
    expect((await taskByExternal(request, owner, projectId, `${repository}#1`))!.status).toBe("review");
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks/2`, { headers: owner.headers }))).task.status).toBe("review");

    const closed = pr("closed");
    closed.pull_request.merged = false;
    await send(request, secret, "pull_request", closed);
    expect((await taskByExternal(request, owner, projectId, `${repository}#1`))!.status).toBe("in-progress");
    expect((await notes(request, owner, projectId, "1")).at(-1)!.body).toContain("closed without merging");

    const merged = pr("closed");
    merged.pull_request.merged = true;
    await send(request, secret, "pull_request", merged);
    one = await taskByExternal(request, owner, projectId, `${repository}#1`);
    expect(one).toMatchObject({ status: "done" });
    expect(one!.links.find((l: Payload) => l.kind === "pull_request").state).toBe("merged");
    // cairn#2 was only named, not closed: it stays where it was.
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/tasks/2`, { headers: owner.headers }))).task.status).toBe(
      "in-progress",
    );
    const events = await history(request, owner, projectId, "1");
    expect(events.filter((e) => e.field === "status").every((e) => e.actor?.name === "GitHub")).toBe(true);
  });

  test("a pushed commit that names a task leaves a note once; ping answers 200; unmapped events 202 and are logged ignored", async ({
    request,
  }) => {
    const { owner, projectId, repository, secret } = await setup(request);
    await ok(
      await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: owner.headers, data: { title: "Write the README" } }),
      201,
    );
    const push = forRepo(
      example("push", undefined, (p) => p.commits.length > 0),
      repository,
    );
    push.commits[0].message = "Fix the README, T-1\n\nMore words.";
    expect((await send(request, secret, "push", push)).res.status()).toBe(200);
    await send(request, secret, "push", push); // another delivery of the same commit
    const commitNotes = (await notes(request, owner, projectId, "1")).filter((n) => n.body.startsWith("Commit "));
    expect(commitNotes).toHaveLength(1);
    expect(commitNotes[0]).toMatchObject({ author: { name: "GitHub" } });
    expect(commitNotes[0]!.body).toContain(
      `${push.commits[0].id.slice(0, 7)} on master by ${push.commits[0].author.name}: Fix the README, T-1`,
    );
    expect(commitNotes[0]!.body).toContain(push.commits[0].url);

    const ping = await send(request, secret, "ping", forRepo(example("ping"), repository));
    expect(ping.res.status()).toBe(200);
    const assigned = await send(request, secret, "issues", forRepo(example("issues", "assigned"), repository));
    expect(assigned.res.status()).toBe(202);
    const star = await send(request, secret, "star", forRepo(example("issues", "opened"), repository));
    expect(star.res.status()).toBe(202);
    const { deliveries } = await ok(
      await request.get(`/api/v1/projects/${projectId}/integrations/github/deliveries`, { headers: owner.headers }),
    );
    expect(deliveries.slice(0, 3).map((d: Payload) => [d.event, d.outcome])).toEqual([
      ["star", "ignored"],
      ["issues", "ignored"],
      ["ping", "applied"],
    ]);
  });

  test("rotating the secret retires the old one; unlinking stops deliveries", async ({ request }) => {
    const { owner, projectId, repository, secret, link } = await setup(request);
    const { link: rotated } = await ok(
      await request.post(`/api/v1/projects/${projectId}/integrations/github/${link.id}/rotate`, { headers: owner.headers }),
    );
    expect(rotated.secret).not.toBe(secret);
    expect((await send(request, secret, "issues", issue(repository, 1))).res.status()).toBe(401);
    expect((await send(request, rotated.secret, "issues", issue(repository, 1))).res.status()).toBe(200);
    expect(
      (await request.delete(`/api/v1/projects/${projectId}/integrations/github/${link.id}`, { headers: owner.headers })).status(),
    ).toBe(204);
    expect((await send(request, rotated.secret, "issues", issue(repository, 2))).res.status()).toBe(404);
    const { links } = await ok(await request.get(`/api/v1/projects/${projectId}/integrations/github`, { headers: owner.headers }));
    expect(links).toEqual([]);
  });
});
