import { test } from "../support/contract";
import { addMember, expect, newProject, newUser, ok } from "../support/api";

test.describe("planning chat API", () => {
  test("conversations: create, list, rename, read and delete; bad titles refused", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    const base = `/api/v1/projects/${projectId}/chat/threads`;
    const { thread } = await ok(await request.post(base, { headers: user.headers, data: {} }), 201);
    expect(thread.title).toBe("New conversation");
    const named = (await ok(await request.post(base, { headers: user.headers, data: { title: "Backups" } }), 201)).thread;
    expect((await ok(await request.get(base, { headers: user.headers }))).threads.map((t: { id: string }) => t.id).sort()).toEqual(
      [thread.id, named.id].sort(),
    );

    const empty = await request.patch(`${base}/${thread.id}`, { headers: user.headers, data: { title: "   " } });
    expect(empty.status()).toBe(422);
    expect((await empty.json()).error.message).toMatch(/Title is required/);
    await ok(await request.patch(`${base}/${thread.id}`, { headers: user.headers, data: { title: "GPU box" } }));
    const read = (await ok(await request.get(`${base}/${thread.id}`, { headers: user.headers }))).thread;
    expect(read).toMatchObject({ id: thread.id, title: "GPU box", messages: [] });

    await ok(await request.delete(`${base}/${named.id}`, { headers: user.headers }));
    expect((await request.get(`${base}/${named.id}`, { headers: user.headers })).status()).toBe(404);
  });

  test("a turn with bad input is refused before any model call and stores nothing", async ({ request }) => {
    const user = await newUser(request);
    const projectId = await newProject(request, user);
    const { thread } = await ok(await request.post(`/api/v1/projects/${projectId}/chat/threads`, { headers: user.headers, data: {} }), 201);
    const turn = (data: unknown) => request.post(`/api/v1/projects/${projectId}/chat`, { headers: user.headers, data: data as object });
    const cases: [unknown, number, RegExp][] = [
      [{ threadId: thread.id, message: { id: "m1", role: "user", parts: [{ type: "text", text: "  " }] } }, 422, /Write a message first/],
      [{ threadId: thread.id }, 422, /Write a message first/],
      [{ threadId: thread.id, message: { id: "m1", role: "assistant", parts: [{ type: "text", text: "hi" }] } }, 422, /message/],
      [
        { threadId: thread.id, message: { id: "m1", role: "user", parts: [{ type: "text", text: "x".repeat(20_001) }] } },
        422,
        /at most 20000/,
      ],
      [{ message: { id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] } }, 422, /threadId/],
      [{ threadId: "not-a-thread", message: { id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] } }, 404, /Conversation/],
    ];
    for (const [data, status, message] of cases) {
      const res = await turn(data);
      expect(res.status(), JSON.stringify(data).slice(0, 80)).toBe(status);
      expect((await res.json()).error.message).toMatch(message);
    }
    expect(
      (await ok(await request.get(`/api/v1/projects/${projectId}/chat/threads/${thread.id}`, { headers: user.headers }))).thread.messages,
    ).toEqual([]);
    const decide = await request.post(`/api/v1/projects/${projectId}/chat/threads/${thread.id}/proposals`, {
      headers: user.headers,
      data: { messageId: "nope", decision: "accept" },
    });
    expect(decide.status()).toBe(404);
    const badDecision = await request.post(`/api/v1/projects/${projectId}/chat/threads/${thread.id}/proposals`, {
      headers: user.headers,
      data: { messageId: "nope", decision: "maybe" },
    });
    expect(badDecision.status()).toBe(422);
  });

  test("conversations are private; viewers and strangers cannot chat", async ({ request }) => {
    const owner = await newUser(request);
    const editor = await newUser(request);
    const viewer = await newUser(request);
    const stranger = await newUser(request);
    const projectId = await newProject(request, owner);
    await addMember(request, owner, projectId, editor, "editor");
    await addMember(request, owner, projectId, viewer, "viewer");
    const base = `/api/v1/projects/${projectId}/chat/threads`;
    const { thread } = await ok(await request.post(base, { headers: owner.headers, data: {} }), 201);
    // Another editor of the project does not see the owner's conversation.
    expect((await ok(await request.get(base, { headers: editor.headers }))).threads).toEqual([]);
    expect((await request.get(`${base}/${thread.id}`, { headers: editor.headers })).status()).toBe(404);
    expect((await request.delete(`${base}/${thread.id}`, { headers: editor.headers })).status()).toBe(404);
    expect((await request.post(base, { headers: viewer.headers, data: {} })).status()).toBe(403);
    expect((await request.get(base, { headers: stranger.headers })).status()).toBe(404);
    const msg = { threadId: thread.id, message: { id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] } };
    expect((await request.post(`/api/v1/projects/${projectId}/chat`, { headers: stranger.headers, data: msg })).status()).toBe(404);
    expect((await request.post(`/api/v1/projects/${projectId}/chat`, { data: msg })).status()).toBe(401);
    expect((await ok(await request.get(`${base}/${thread.id}`, { headers: owner.headers }))).thread.messages).toEqual([]);
  });
});
