import { describe, expect, it } from "vitest";
import { createProject, listProjects } from "@/lib/tasks/projects";
import { importTaskMaster } from "@/lib/tasks/import-taskmaster";
import { makeProject, makeUser } from "@/lib/test/factories";
import { actorFromToken, createToken, listTokens } from "./tokens";
import { authorizeProject } from "./authorize";

describe("project-bound API tokens", () => {
  it("reach only their project, cannot make projects, and say which project they are bound to", async () => {
    const { actor, projectId } = await makeProject();
    const other = await makeProject(actor);
    const { token, apiToken } = await createToken(actor, { name: "agent", scopes: ["read", "write"], projectId });
    expect(apiToken.project).toMatchObject({ id: projectId });
    const bound = await actorFromToken(token);
    expect(bound.tokenProjectId).toBe(projectId);
    await expect(authorizeProject(bound, projectId, "editor")).resolves.toBe("owner");
    await expect(authorizeProject(bound, other.projectId, "viewer")).rejects.toThrow("Project not found");
    expect((await listProjects(bound)).map((p) => p.id)).toEqual([projectId]);
    await expect(createProject(bound, { name: "Sneaky" })).rejects.toThrow("bound to one project");
    await expect(importTaskMaster(bound, { master: { tasks: [{ id: 1, title: "x" }] } })).rejects.toThrow("bound to one project");
    // No token makes tokens, a bound one included (not even one bound to the same project).
    await expect(createToken(bound, { name: "wider", scopes: ["read"] })).rejects.toThrow("An API token cannot create tokens");
    await expect(createToken(bound, { name: "same", scopes: ["read"], projectId })).rejects.toThrow("An API token cannot create tokens");
    expect((await listTokens(actor)).map((t) => [t.name, t.project?.id]).sort()).toEqual([["agent", projectId]]);
  });

  it("cannot be bound to a project the user is not a member of", async () => {
    const { projectId } = await makeProject();
    const stranger = await makeUser();
    await expect(createToken(stranger, { name: "x", scopes: ["read"], projectId })).rejects.toThrow("Project not found");
  });
});
