import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { makeProject, makeTasks, makeUser } from "@/lib/test/factories";
import { createTask } from "./create-task";
import { listMyTasks } from "./my-tasks";
import { searchTasks } from "./search-tasks";

const titles = (r: { tasks: { title: string }[] }) => r.tasks.map((t) => t.title);

describe("searchTasks", () => {
  it("ranks the exact ref first, then titles starting with the query, then titles holding it", async () => {
    const { actor, projectId } = await makeProject();
    await makeTasks(actor, projectId, [
      { title: "Configure the router" },
      { title: "Buy a router" },
      { title: "Router firmware" },
      { title: "Wire the rack" },
    ]);
    expect(titles(await searchTasks(actor, { q: "router" }))).toEqual(["Router firmware", "Buy a router", "Configure the router"]);
    expect((await searchTasks(actor, { q: "#4" })).tasks[0]).toMatchObject({ ref: "4", title: "Wire the rack" });
    expect(titles(await searchTasks(actor, { q: "ROUTER FIRM" }))).toEqual(["Router firmware"]);
  });

  it("finds an exact ref even when many newer titles mention the number", async () => {
    const { actor, projectId } = await makeProject();
    await createTask(actor, projectId, { title: "The old one" });
    for (let i = 0; i < 30; i++) await createTask(actor, projectId, { title: `Step 1 of batch ${i}` });
    const hits = await searchTasks(actor, { q: "1", limit: 5 });
    expect(hits.tasks).toHaveLength(5);
    expect(hits.tasks[0]).toMatchObject({ ref: "1", title: "The old one" });
  });

  it("never answers another person's tasks, and refuses a bad limit", async () => {
    const mine = await makeProject();
    const theirs = await makeProject();
    await createTask(theirs.actor, theirs.projectId, { title: "Their secret plan" });
    expect(await searchTasks(mine.actor, { q: "secret" })).toEqual({ tasks: [] });
    await expect(searchTasks(mine.actor, { q: "x", limit: "0" })).rejects.toBeInstanceOf(AppError);
  });
});

describe("listMyTasks", () => {
  it("matches the assignee to the user's email or name in any case, open work by default", async () => {
    const me = await makeUser();
    const { projectId } = await makeProject(me);
    await createTask(me, projectId, { title: "By email", assignee: me.email.toUpperCase() });
    await createTask(me, projectId, { title: "Not mine", assignee: `x${me.email}` });
    await createTask(me, projectId, { title: "Done already", assignee: me.email, status: "done" });
    expect(titles(await listMyTasks(me, {}))).toEqual(["By email"]);
    expect(titles(await listMyTasks(me, { include: "all" })).sort()).toEqual(["By email", "Done already"]);
  });
});
