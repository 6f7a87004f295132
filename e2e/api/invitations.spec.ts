import { test } from "../support/contract";
import { expect, newProject, newUser, ok, unique } from "../support/api";

// Finding 11 as the attack was made: adding a member by email told whether an account exists,
// and made a stranger a member (even owner) of a project without asking.

test.describe("members by invitation", () => {
  test("inviting answers the same whether or not an account uses the address", async ({ request }) => {
    const owner = await newUser(request);
    const existing = await newUser(request);
    const projectId = await newProject(request, owner);
    const invite = (email: string) =>
      request.post(`/api/v1/projects/${projectId}/members`, { headers: owner.headers, data: { email, role: "owner" } });
    const a = await invite(existing.email);
    const b = await invite(`${unique("nobody")}@example.test`);
    expect(a.status()).toBe(201);
    expect(b.status()).toBe(a.status());
    const [ja, jb] = [await a.json(), await b.json()];
    const shape = (v: unknown): unknown =>
      v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;
    expect(shape(ja)).toEqual(shape(jb));
    expect(Object.keys(ja.invitation).sort()).toEqual(["createdAt", "email", "id", "invitedBy", "projectId", "role"]);
    expect(JSON.stringify(ja)).not.toContain(existing.name);
    // Nobody became a member by being invited.
    const { members } = await ok(await request.get(`/api/v1/projects/${projectId}/members`, { headers: owner.headers }));
    expect(members.map((m: { email: string }) => m.email)).toEqual([owner.email]);
    expect((await request.get(`/api/v1/projects/${projectId}`, { headers: existing.headers })).status()).toBe(404);
  });

  test("the invitee sees the invitation and joins with the invited role only by accepting", async ({ request }) => {
    const owner = await newUser(request);
    const invitee = await newUser(request);
    const projectId = await newProject(request, owner);
    await ok(
      await request.post(`/api/v1/projects/${projectId}/members`, {
        headers: owner.headers,
        data: { email: invitee.email.toUpperCase(), role: "viewer" },
      }),
      201,
    );
    const again = await request.post(`/api/v1/projects/${projectId}/members`, {
      headers: owner.headers,
      data: { email: invitee.email, role: "editor" },
    });
    expect(again.status()).toBe(409);
    const { invitations } = await ok(await request.get("/api/v1/invitations", { headers: invitee.headers }));
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ project: { id: projectId }, role: "viewer", invitedBy: owner.name });
    // Someone else cannot take it.
    const stranger = await newUser(request);
    expect((await request.post(`/api/v1/invitations/${invitations[0].id}/accept`, { headers: stranger.headers })).status()).toBe(404);
    expect((await request.get(`/api/v1/projects/${projectId}`, { headers: stranger.headers })).status()).toBe(404);

    const { project } = await ok(await request.post(`/api/v1/invitations/${invitations[0].id}/accept`, { headers: invitee.headers }));
    expect(project).toMatchObject({ id: projectId, role: "viewer" });
    expect((await request.get(`/api/v1/projects/${projectId}/tasks`, { headers: invitee.headers })).status()).toBe(200);
    expect((await request.post(`/api/v1/projects/${projectId}/tasks`, { headers: invitee.headers, data: { title: "x" } })).status()).toBe(
      403,
    );
    expect((await ok(await request.get("/api/v1/invitations", { headers: invitee.headers }))).invitations).toEqual([]);
    // Accepted once; it cannot be accepted again, and the member is listed.
    expect((await request.post(`/api/v1/invitations/${invitations[0].id}/accept`, { headers: invitee.headers })).status()).toBe(404);
    const { members } = await ok(await request.get(`/api/v1/projects/${projectId}/members`, { headers: owner.headers }));
    expect(members.find((m: { email: string }) => m.email === invitee.email)).toMatchObject({ role: "viewer" });
    expect(
      (
        await request.post(`/api/v1/projects/${projectId}/members`, {
          headers: owner.headers,
          data: { email: invitee.email, role: "editor" },
        })
      ).status(),
    ).toBe(409);
  });

  test("declining leaves no membership; owners list and cancel pending invitations", async ({ request }) => {
    const owner = await newUser(request);
    const [one, two] = [await newUser(request), await newUser(request)];
    const editor = await newUser(request);
    const projectId = await newProject(request, owner);
    const ids: Record<string, string> = {};
    for (const u of [one, two, editor]) {
      const { invitation } = await ok(
        await request.post(`/api/v1/projects/${projectId}/members`, { headers: owner.headers, data: { email: u.email, role: "editor" } }),
        201,
      );
      ids[u.email] = invitation.id;
    }
    await ok(await request.post(`/api/v1/invitations/${ids[editor.email]}/accept`, { headers: editor.headers }));
    // Members below owner do not see or manage invitations.
    expect((await request.get(`/api/v1/projects/${projectId}/invitations`, { headers: editor.headers })).status()).toBe(403);
    expect(
      (await request.delete(`/api/v1/projects/${projectId}/invitations/${ids[one.email]}`, { headers: editor.headers })).status(),
    ).toBe(403);

    await ok(await request.post(`/api/v1/invitations/${ids[one.email]}/decline`, { headers: one.headers }), 204);
    expect((await request.get(`/api/v1/projects/${projectId}`, { headers: one.headers })).status()).toBe(404);
    const pending = (await ok(await request.get(`/api/v1/projects/${projectId}/invitations`, { headers: owner.headers }))).invitations;
    expect(pending.map((i: { email: string }) => i.email)).toEqual([two.email]);

    await ok(await request.delete(`/api/v1/projects/${projectId}/invitations/${ids[two.email]}`, { headers: owner.headers }), 204);
    expect((await ok(await request.get("/api/v1/invitations", { headers: two.headers }))).invitations).toEqual([]);
    expect((await request.post(`/api/v1/invitations/${ids[two.email]}/accept`, { headers: two.headers })).status()).toBe(404);
    expect((await ok(await request.get(`/api/v1/projects/${projectId}/invitations`, { headers: owner.headers }))).invitations).toEqual([]);
  });

  test("an invitation to an address without an account waits for the account", async ({ request }) => {
    const owner = await newUser(request);
    const projectId = await newProject(request, owner);
    const email = `${unique("later")}@example.test`;
    await ok(await request.post(`/api/v1/projects/${projectId}/members`, { headers: owner.headers, data: { email, role: "editor" } }), 201);
    await ok(await request.post("/api/v1/signup", { data: { email, password: "a-good-long-password", name: "Later" } }), 201);
    const { token } = await ok(
      await request.post("/api/v1/tokens", { data: { email, password: "a-good-long-password", name: "t", scopes: ["read", "write"] } }),
      201,
    );
    const headers = { authorization: `Bearer ${token}` };
    const { invitations } = await ok(await request.get("/api/v1/invitations", { headers }));
    expect(invitations.map((i: { project: { id: string } }) => i.project.id)).toEqual([projectId]);
    await ok(await request.post(`/api/v1/invitations/${invitations[0].id}/accept`, { headers }));
    expect(
      (await ok(await request.post(`/api/v1/projects/${projectId}/tasks`, { headers, data: { title: "Mine" } }), 201)).task.title,
    ).toBe("Mine");
  });
});
