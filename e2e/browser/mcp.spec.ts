// An agent works the plan over MCP while a person watches the board; the Settings page shows how
// to connect one.
import { test } from "@playwright/test";
import { addTask, expect, newProject, newUser } from "../support/api";
import { mcpClient, mcpUrl, resultText } from "../support/mcp";
import { columnRefs, openBoard, signInInBrowser } from "../support/pages";

test("a status set over MCP moves the card on an open board within 2 seconds", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  await addTask(request, user, projectId, { title: "Provision the VM" });
  await addTask(request, user, projectId, { title: "Install Ollama" });
  await signInInBrowser(page, user.email);
  await openBoard(page, projectId);
  await expect.poll(() => columnRefs(page, "pending")).toEqual(["1", "2"]);

  const agent = await mcpClient(user.token);
  const r = await agent.callTool({ name: "set_task_status", arguments: { project: projectId, id: "1", status: "in-progress" } });
  expect(r.isError, resultText(r)).toBeFalsy();
  await expect.poll(() => columnRefs(page, "in-progress"), { timeout: 2_000, intervals: [100] }).toEqual(["1"]);
  expect(await columnRefs(page, "pending")).toEqual(["2"]);
});

test("Settings → API tokens: a project-bound token, then the configs to connect an agent", async ({ page, request }) => {
  const user = await newUser(request);
  await newProject(request, user, "Home lab");
  await signInInBrowser(page, user.email);
  await page.goto("/settings");
  await page.getByLabel("Name").fill("Claude Code");
  await page.getByLabel("Project").selectOption({ label: "Home lab" });
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  await expect(page.getByTestId("token-list")).toContainText("Home lab only");

  const url = mcpUrl();
  await expect(page.getByTestId("mcp-url")).toHaveText(url);
  const vscode = JSON.parse((await page.getByTestId("config-vscode").textContent())!);
  expect(vscode.servers.cairn).toEqual({ type: "http", url, headers: { Authorization: "Bearer ${input:cairn-token}" } });
  expect(vscode.inputs[0]).toMatchObject({ type: "promptString", id: "cairn-token", password: true });
  await expect(page.getByTestId("config-claude")).toHaveText(
    `claude mcp add --transport http cairn ${url} --header "Authorization: Bearer ${token}"`,
  );
  const cursor = JSON.parse((await page.getByTestId("config-cursor").textContent())!);
  expect(cursor.mcpServers.cairn.url).toBe(url);
  await page.getByLabel("Tools").selectOption("standard");
  await expect(page.getByTestId("mcp-url")).toHaveText(`${url}?tools=standard`);

  // The token the page made works as configured: bound to its project, no project argument needed.
  const agent = await mcpClient(token);
  const tasks = await agent.callTool({ name: "get_tasks", arguments: {} });
  expect(tasks.isError, resultText(tasks)).toBeFalsy();
});
