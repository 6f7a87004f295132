// The API specs' `test`: its `request` checks every answer from /api/v1 against the OpenAPI
// document the server serves (see contract-check.ts). A mismatch fails the test at the request
// that got it, so the document cannot drift from the code.
import { test as base, type APIRequestContext, type APIResponse } from "@playwright/test";
import { Contract, PREFIX, type Document } from "./contract-check";

const METHODS = { get: "GET", post: "POST", put: "PUT", patch: "PATCH", delete: "DELETE", head: "HEAD" } as const;

/** A request context whose every answer is checked against the contract before the spec sees it. */
export function checkedRequest(inner: APIRequestContext, contract: Contract): APIRequestContext {
  const check = async (method: string, res: APIResponse) => {
    if (!new URL(res.url()).pathname.startsWith(`${PREFIX}/`)) return res;
    // The body is read once: the spec's own body(), text() and json() get the same bytes.
    const body = await res.body();
    const read = {
      body: async () => body,
      text: async () => body.toString("utf8"),
      json: async () => JSON.parse(body.toString("utf8")) as unknown,
    };
    const problems = await contract.problems(method, {
      url: () => res.url(),
      status: () => res.status(),
      headers: () => res.headers(),
      body: read.body,
    });
    if (problems.length) throw new Error(`The answer departs from /api/v1/openapi.json:\n${problems.join("\n")}`);
    return new Proxy(res, {
      get(target, prop, receiver) {
        if (prop === "body" || prop === "text" || prop === "json") return read[prop];
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && prop in METHODS) {
        const method = METHODS[prop as keyof typeof METHODS];
        return async (url: string, options?: object) =>
          check(method, await (target[prop as keyof typeof METHODS] as (u: string, o?: object) => Promise<APIResponse>)(url, options));
      }
      if (prop === "fetch") {
        return async (urlOrRequest: Parameters<APIRequestContext["fetch"]>[0], options?: { method?: string }) => {
          const method = typeof urlOrRequest === "string" ? (options?.method ?? "GET") : (options?.method ?? urlOrRequest.method());
          return check(method.toUpperCase(), await target.fetch(urlOrRequest, options));
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export const test = base.extend<object, { contract: Contract }>({
  // Read once per worker, from the running server: the document the specs check against is the
  // one Cairn serves.
  contract: [
    async ({ playwright }, use, workerInfo) => {
      const ctx = await playwright.request.newContext({ baseURL: workerInfo.project.use.baseURL });
      const res = await ctx.get(`${PREFIX}/openapi.json`);
      if (res.status() !== 200) throw new Error(`GET ${PREFIX}/openapi.json answered ${res.status()}`);
      const contract = new Contract((await res.json()) as Document);
      const problems = await contract.problems("GET", res);
      await ctx.dispose();
      if (problems.length) throw new Error(problems.join("\n"));
      contract.compileAll();
      await use(contract);
    },
    // Compiling the schemas takes a few seconds on a busy machine; it is done once per worker.
    { scope: "worker", timeout: 120_000 },
  ],
  request: async ({ request, contract }, use) => {
    await use(checkedRequest(request, contract));
  },
});

export { expect } from "@playwright/test";
