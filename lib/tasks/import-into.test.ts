import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { exportTaskMaster } from "@/lib/tasks/export-taskmaster";
import { importTaskMaster, previewTaskMasterImport } from "@/lib/tasks/import-taskmaster";
import { getProject, listProjects } from "@/lib/tasks/projects";
import { addMember, makeProject, makeTasks, makeUser } from "@/lib/test/factories";

const file = () => JSON.parse(fs.readFileSync(path.join(__dirname, "taskmaster", "fixtures", "clean-tagged.json"), "utf8"));

describe("importing a tag into an existing empty project", () => {
  it("previews, then fills that project (no new project), keeps its name, and takes the tag for later updates and the export", async () => {
    const { actor, projectId } = await makeProject();
    const before = (await listProjects(actor)).length;
    const master = { master: file().master };
    const preview = await previewTaskMasterImport(actor, master, { into: projectId });
    expect(preview.projects).toHaveLength(1);
    expect(preview.projects[0]).toMatchObject({ id: projectId, tag: "master", action: "update", tasks: 10, subtasks: 17 });
    expect(preview.projects[0]!.changes!.created).toHaveLength(27);
    expect((await getProject(actor, projectId)).taskCount).toBe(0);

    const { projects } = await importTaskMaster(actor, master, { into: projectId });
    expect(projects).toEqual([expect.objectContaining({ id: projectId, tag: "master", action: "update", dependencies: 25 })]);
    expect((await listProjects(actor)).length).toBe(before);
    const project = await getProject(actor, projectId);
    expect(project.taskCount).toBe(10);
    expect(project.name).toMatch(/^Project /);

    // The project now answers to the tag: importing the same file again updates it instead of duplicating.
    const again = await previewTaskMasterImport(actor, master, { mode: "update" });
    expect(again.projects[0]).toMatchObject({ id: projectId, match: { id: projectId } });
    const { file: exported } = await exportTaskMaster(actor, projectId);
    expect(Object.keys(exported)).toEqual(["master"]);
    expect(exported.master!.tasks).toHaveLength(10);
  });

  it("with several tags names the one to import; refuses a project with tasks and one the actor cannot edit", async () => {
    const { actor, projectId } = await makeProject();
    await expect(importTaskMaster(actor, file(), { into: projectId })).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringContaining("“master”, “feature-billing”"),
    });
    await expect(importTaskMaster(actor, file(), { into: projectId, tag: "nope" })).rejects.toMatchObject({ code: "invalid" });
    const { projects } = await importTaskMaster(actor, file(), { into: projectId, tag: "feature-billing" });
    expect(projects.map((p) => p.tag)).toEqual(["feature-billing"]);
    expect((await getProject(actor, projectId)).taskCount).toBe(10);

    const { projectId: busy } = await makeProject(actor);
    await makeTasks(actor, busy, [{ title: "Written by hand" }]);
    await expect(previewTaskMasterImport(actor, { master: file().master }, { into: busy })).rejects.toMatchObject({ code: "conflict" });
    await expect(importTaskMaster(actor, { master: file().master }, { into: busy })).rejects.toMatchObject({ code: "conflict" });

    const viewer = await makeUser();
    const { projectId: theirs, actor: owner } = await makeProject();
    await addMember(owner, theirs, viewer, "viewer");
    await expect(importTaskMaster(viewer, { master: file().master }, { into: theirs })).rejects.toMatchObject({ code: "forbidden" });
    expect((await getProject(owner, theirs)).taskCount).toBe(0);
  });
});
