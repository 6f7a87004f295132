// The contract check must be able to fail: answers that depart from the document in each way it
// looks at are reported, and conforming ones are not.
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/http/openapi";
import { Contract, type Document } from "./contract-check";

const contract = new Contract(openApiDocument() as unknown as Document);
const base = "http://localhost:3000/api/v1";

function answer(path: string, status: number, body: unknown, contentType = "application/json") {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  return {
    url: () => base + path,
    status: () => status,
    headers: () => (text ? { "content-type": contentType } : ({} as Record<string, string>)),
    body: async () => Buffer.from(text),
  };
}

const task = {
  id: "t1",
  projectId: "p1",
  ref: "1",
  parent: null,
  title: "Install Ollama",
  description: "",
  details: "",
  testStrategy: "",
  acceptanceCriteria: "",
  status: "pending",
  priority: "medium",
  rank: "a0",
  complexity: null,
  recommendedSubtasks: null,
  expansionPrompt: null,
  complexityReasoning: null,
  assignee: null,
  dueDate: null,
  labels: [],
  source: "manual",
  externalRef: null,
  links: [],
  dependencies: [],
  prerequisites: [],
  blocked: false,
  blockedBy: [],
  subtasks: [],
  dependents: [],
  version: 1,
  createdAt: "2026-12-01T08:00:00.000Z",
  updatedAt: "2026-12-01T08:00:00.000Z",
  completedAt: null,
};
const error = (code: string) => ({ error: { code, message: "No", details: null } });

describe("the contract check", () => {
  it("matches concrete paths before templates", () => {
    expect(contract.match("/projects/p1/ai/parse-prd")).toBe("/projects/{projectId}/ai/parse-prd");
    expect(contract.match("/projects/p1/tasks/12.3")).toBe("/projects/{projectId}/tasks/{ref}");
    expect(contract.match("/projects/p1/nowhere")).toBeNull();
  });

  it("passes answers that follow the document", async () => {
    expect(await contract.problems("GET", answer("/projects/p1/tasks/1", 200, { task }))).toEqual([]);
    expect(await contract.problems("GET", answer("/projects/p1/tasks/1", 404, error("not_found")))).toEqual([]);
    expect(await contract.problems("DELETE", answer("/tokens/x", 204, undefined))).toEqual([]);
    expect(await contract.problems("GET", answer("/projects/p1/live", 200, "event: revision\ndata: 1\n\n", "text/event-stream"))).toEqual(
      [],
    );
    expect(await contract.problems("GET", answer("/nowhere", 404, "<html>", "text/html"))).toEqual([]);
    expect(await contract.problems("HEAD", answer("/projects/p1/tasks/1", 200, undefined))).toEqual([]);
  });

  it("reports a body that does not match the schema", async () => {
    const [p] = await contract.problems("GET", answer("/projects/p1/tasks/1", 200, { task: { ...task, version: "1" } }));
    expect(p).toMatch(/getTask\) answered 200 with a body that does not match/);
    expect(p).toContain("/task/version must be integer");
    const [extra] = await contract.problems("GET", answer("/projects/p1/tasks/1", 200, { task: { ...task, secret: 1 } }));
    expect(extra).toContain("must NOT have additional properties");
    const [code] = await contract.problems("GET", answer("/projects/p1/tasks/1", 404, error("gone")));
    expect(code).toContain("/error/code must be equal to one of the allowed values");
  });

  it("reports a status, content type, path or method the document does not have", async () => {
    expect((await contract.problems("POST", answer("/projects/p1/tasks/1/accept", 200, {})))[0]).toContain("not in the document");
    expect((await contract.problems("GET", answer("/projects/p1/tasks/1", 201, { task })))[0]).toContain(
      "which the document does not list",
    );
    expect((await contract.problems("GET", answer("/projects/p1/tasks/1", 500, error("internal"))))[0]).toContain(
      "which the document does not list",
    );
    expect((await contract.problems("PUT", answer("/projects/p1/tasks/1", 200, { task })))[0]).toContain(
      "PUT /projects/{projectId}/tasks/{ref} is not in the document",
    );
    expect((await contract.problems("GET", answer("/projects/p1/tasks/1", 200, "{}", "text/plain")))[0]).toContain("as text/plain");
    expect((await contract.problems("DELETE", answer("/tokens/x", 204, "x", "text/plain")))[0]).toContain(
      "with a body, where the document says none",
    );
  });

  it("ignores answers outside /api/v1", async () => {
    expect(
      await contract.problems("GET", { ...answer("", 500, "x", "text/plain"), url: () => "http://localhost:3000/api/health" }),
    ).toEqual([]);
  });
});

describe("compiling the contract", () => {
  it("compiles every JSON answer's schema up front", () => {
    expect(() => new Contract(openApiDocument() as unknown as Document).compileAll()).not.toThrow();
  });
});
