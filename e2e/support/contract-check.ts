// Checks an answer from /api/v1 against the OpenAPI document: the path and method must be
// documented, the status one the operation lists, the content type one it names, and a JSON body
// must match its schema. Used by the API specs' request fixture (contract.ts).
import type { APIResponse } from "@playwright/test";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

type Json = Record<string, unknown>;
interface MediaType {
  schema?: Json;
}
interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaType>;
}
interface OperationObject {
  operationId: string;
  responses: Record<string, ResponseObject>;
}
export interface Document {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Json>; responses: Record<string, ResponseObject> };
}

export const PREFIX = "/api/v1";
const DOC_ID = "cairn-openapi";

export class Contract {
  // The generated code is not optimised: compiling dozens of schemas per worker costs more than
  // the slightly slower checks of the small bodies the specs get.
  private readonly ajv = new Ajv({ strict: false, allErrors: true, inlineRefs: false, code: { optimize: false } });
  private readonly validators = new Map<string, ValidateFunction>();
  // Concrete paths (the AI jobs) before templated ones, then fewer parameters first.
  private readonly routes: { pattern: RegExp; path: string; params: number }[];

  constructor(private readonly doc: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: { schemas: doc.components.schemas } });
    this.routes = Object.keys(doc.paths)
      .map((path) => ({
        path,
        params: (path.match(/\{/g) ?? []).length,
        pattern: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** Compiles every JSON answer's schema now, so no spec pays for it mid-test. */
  compileAll(): void {
    for (const methods of Object.values(this.doc.paths)) {
      for (const op of Object.values(methods)) {
        for (const declared of Object.values(op.responses)) {
          const response = declared.$ref ? this.doc.components.responses[declared.$ref.split("/").pop()!]! : declared;
          const schema = response.content?.["application/json"]?.schema;
          if (schema) this.validator(schema);
        }
      }
    }
  }

  /** The documented path template a request path falls under, or null. */
  match(pathname: string): string | null {
    return this.routes.find((r) => r.pattern.test(pathname))?.path ?? null;
  }

  /** Every way `res` departs from the document (empty when it conforms). */
  async problems(method: string, res: Pick<APIResponse, "url" | "status" | "headers" | "body">): Promise<string[]> {
    const url = new URL(res.url());
    if (!url.pathname.startsWith(`${PREFIX}/`)) return [];
    const pathname = url.pathname.slice(PREFIX.length);
    const status = res.status();
    const template = this.match(pathname);
    // A path or method the document does not have may only be refused as such.
    if (!template) return status === 404 ? [] : [`${pathname} is not in the document, yet it answered ${status}`];
    // HEAD is answered by the GET handler, without a body.
    const op = this.doc.paths[template]![method === "HEAD" ? "get" : method.toLowerCase()];
    if (!op) return status === 405 || status === 404 ? [] : [`${method} ${template} is not in the document, yet it answered ${status}`];

    const at = `${method} ${template} (${op.operationId}) answered ${status}`;
    const declared = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
    if (!declared) return [`${at}, which the document does not list (it lists ${Object.keys(op.responses).join(", ")})`];
    const response = declared.$ref ? this.doc.components.responses[declared.$ref.split("/").pop()!]! : declared;
    if (method === "HEAD") return [];

    const body = await res.body();
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) return body.length === 0 ? [] : [`${at} with a body, where the document says none`];
    const contentType = (res.headers()["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    const media = content[contentType];
    if (!media) return [`${at} as ${contentType || "no content type"}, where the document says ${Object.keys(content).join(" or ")}`];
    // Streams and other non-JSON answers are checked as far as status and content type.
    if (contentType !== "application/json" || !media.schema) return [];

    let data: unknown;
    try {
      data = JSON.parse(body.toString("utf8"));
    } catch {
      return [`${at} with a body that is not JSON`];
    }
    const validate = this.validator(media.schema);
    if (validate(data)) return [];
    const errors = (validate.errors ?? [])
      .slice(0, 8)
      .map(
        (e) =>
          `  ${e.instancePath || "(body)"} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`,
      );
    return [`${at} with a body that does not match the document:\n${errors.join("\n")}\n  body: ${body.toString("utf8").slice(0, 600)}`];
  }

  private validator(schema: Json): ValidateFunction {
    const key = JSON.stringify(schema);
    let v = this.validators.get(key);
    if (!v) {
      // Refs point into components.schemas; resolve them inside the registered document.
      const local = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOC_ID}#/components/`)) as Json;
      v = this.ajv.compile(local);
      this.validators.set(key, v);
    }
    return v;
  }
}
