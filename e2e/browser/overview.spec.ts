import { signInInBrowser } from "../support/pages";
import { expect, test, type Page } from "@playwright/test";
import { addTask, newProject, newUser, ok, PASSWORD } from "../support/api";

test("the overview shows progress, the next task and what blocks what, and starts the next task", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user, "Rack build");
  await addTask(request, user, projectId, { title: "Buy hardware", status: "done" });
  await addTask(request, user, projectId, { title: "Rack the server", priority: "high", dependencies: ["1"] });
  await addTask(request, user, projectId, { title: "Install Proxmox", priority: "critical", dependencies: ["2"] });
  await addTask(request, user, projectId, { title: "Migrate the old NAS", status: "cancelled" });
  await addTask(request, user, projectId, { title: "Write the runbook", dependencies: ["4"] });
  await addTask(request, user, projectId, { title: "Configure backups", dependencies: ["3", "2"] });

  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/overview`);

  // Five tasks count (the cancelled one does not), one of them done.
  const completion = page.getByTestId("overview-completion");
  await expect(completion.getByTestId("overview-completion-tasks")).toContainText("1 of 5 done · 20%");
  await expect(completion.getByTestId("overview-completion-subtasks")).toContainText("none");
  await expect(page.getByTestId("overview-count-pending")).toHaveText("4");
  await expect(page.getByTestId("overview-count-done")).toHaveText("1");
  await expect(page.getByTestId("overview-count-cancelled")).toHaveText("1");
  await expect(page.getByTestId("overview-count-in-progress")).toHaveText("0");

  // Critical #3 waits on #2, so high-priority #2 beats medium #5.
  const next = page.getByTestId("overview-next");
  await expect(next.getByRole("link", { name: /Rack the server/ })).toHaveAttribute("href", `/projects/${projectId}/board?task=2`);
  await expect(page.getByTestId("overview-next-reason")).toHaveText(
    "#2 is ready: high priority; finishing it moves 2 remaining tasks forward; all 1 prerequisite is resolved. " +
      "Chosen over 1 other ready task because its priority is higher than #5's.",
  );

  const ready = page.getByTestId("overview-ready");
  await expect(ready.locator("li[data-testid^='overview-ready-']")).toHaveCount(2);
  await expect(ready.getByTestId("overview-ready-2")).toContainText("Rack the server");
  // #5's only prerequisite was cancelled: ready, but flagged.
  await expect(ready.getByTestId("overview-ready-5").getByTestId("cancelled-prerequisite-flag")).toContainText("#4");
  await expect(page.getByTestId("overview-cancelled")).toContainText("Migrate the old NAS");

  const blocked = page.getByTestId("overview-blocked");
  await expect(blocked.getByTestId("overview-blocked-3").getByTestId("overview-blocker")).toHaveText([/#2\s*Rack the server\s*Pending/]);
  await expect(blocked.getByTestId("overview-blocked-6").getByTestId("overview-blocker")).toHaveText([
    /#2\s*Rack the server\s*Pending/,
    /#3\s*Install Proxmox\s*Pending/,
  ]);

  await expect(page.getByTestId("overview-most-depended").getByTestId("overview-most-depended-item")).toHaveText([
    /#2\s*Rack the server.*2 waiting/,
    /#3\s*Install Proxmox.*1 waiting/,
  ]);

  await next.getByRole("button", { name: "Start" }).click();
  await expect(next).toContainText("In progress");
  await expect(next.getByRole("button", { name: "Start" })).toHaveCount(0);
  await expect(page.getByTestId("overview-count-in-progress")).toHaveText("1");
  await expect(page.getByTestId("overview-count-pending")).toHaveText("3");
  const { task } = await ok(await request.get(`/api/v1/projects/${projectId}/tasks/2`, { headers: user.headers }));
  expect(task.status).toBe("in-progress");
});

test("the overview of an empty project offers Plan from a PRD, Import and Add a task, and says whether a model is reachable", async ({
  page,
  request,
}) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/overview`);
  const empty = page.getByTestId("overview-empty");
  await expect(empty.getByRole("heading", { name: "This project has no tasks yet" })).toBeVisible();
  await expect(empty.getByRole("link", { name: "Plan from a PRD" })).toHaveAttribute("href", `/projects/${projectId}/plan`);
  await expect(empty.getByRole("button", { name: "Import a Task Master file" })).toBeVisible();
  await expect(empty.getByRole("link", { name: "Add a task" })).toHaveAttribute("href", `/projects/${projectId}/board?new=1`);
  await expect(empty.getByTestId("empty-project-model")).toHaveText(
    /^(Model ready: .+|No model is reachable.*generating needs a model\.)$/,
  );
});
