import { expect, test, type Page } from "@playwright/test";
import { addTask, newProject, newUser } from "../support/api";
import { signInInBrowser } from "../support/pages";

/** Refs of the task table's rows, top to bottom. */
const rowRefs = (page: Page) =>
  page
    .getByTestId("task-table")
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")!.replace("task-row-", "")));

test("list columns sort from their headers: priority by rank, ref by number; the sort survives a reload", async ({ page, request }) => {
  const user = await newUser(request);
  const projectId = await newProject(request, user);
  const priorities = ["low", "critical", "medium", "high", "low", "medium", "critical", "high", "medium", "low", "high"];
  for (const [i, priority] of priorities.entries()) {
    await addTask(request, user, projectId, {
      title: `Task ${String.fromCharCode(65 + i)}`,
      priority,
      ...(i === 4 ? { assignee: "ada" } : {}),
    });
  }
  await signInInBrowser(page, user.email);
  await page.goto(`/projects/${projectId}/tasks`);
  await expect.poll(() => rowRefs(page)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);

  const header = (name: string) => page.getByRole("columnheader", { name });
  await header("Priority").getByRole("button").click();
  await expect(header("Priority")).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/sort=priority/);
  // Most important first; ties keep the plan's order.
  await expect.poll(() => rowRefs(page)).toEqual(["2", "7", "4", "8", "11", "3", "6", "9", "1", "5", "10"]);
  await header("Priority").getByRole("button").click();
  await expect(header("Priority")).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => rowRefs(page)).toEqual(["1", "5", "10", "3", "6", "9", "4", "8", "11", "2", "7"]);
  await page.reload();
  await expect(header("Priority")).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => rowRefs(page)).toEqual(["1", "5", "10", "3", "6", "9", "4", "8", "11", "2", "7"]);

  // From the keyboard: Tab reaches the header's button, Enter sorts. Refs sort as numbers (11 above 9).
  await header("Ref").getByRole("button").focus();
  await page.keyboard.press("Enter");
  await expect(header("Ref")).toHaveAttribute("aria-sort", "ascending");
  await expect(header("Priority")).not.toHaveAttribute("aria-sort");
  await page.keyboard.press("Enter");
  await expect(header("Ref")).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => rowRefs(page)).toEqual(["11", "10", "9", "8", "7", "6", "5", "4", "3", "2", "1"]);

  // Empty values go last whichever way: only #5 has an assignee.
  await header("Assignee").getByRole("button").click();
  await expect.poll(async () => (await rowRefs(page))[0]).toBe("5");
  await header("Assignee").getByRole("button").click();
  await expect(header("Assignee")).toHaveAttribute("aria-sort", "descending");
  await expect.poll(async () => (await rowRefs(page))[0]).toBe("5");
  // A third click goes back to the plan's order.
  await header("Assignee").getByRole("button").click();
  await expect(header("Assignee")).not.toHaveAttribute("aria-sort");
  await expect.poll(() => rowRefs(page)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);
  await expect(page).not.toHaveURL(/sort=/);
});
