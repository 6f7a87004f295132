// /api/metrics is off unless CAIRN_METRICS_TOKEN is set, and then opens for that bearer token only.
import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { metricsAccess } from "./metrics-access";

const req = (authorization?: string) => new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} });

function refusal(r: Request): string | null {
  try {
    metricsAccess(r);
    return null;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return e.code;
  }
}

afterEach(() => {
  delete process.env.CAIRN_METRICS_TOKEN;
});

describe("metrics access", () => {
  it("is off (not found) while CAIRN_METRICS_TOKEN is unset or blank, whatever is sent", () => {
    delete process.env.CAIRN_METRICS_TOKEN;
    expect(refusal(req())).toBe("not_found");
    expect(refusal(req("Bearer anything"))).toBe("not_found");
    process.env.CAIRN_METRICS_TOKEN = "   ";
    expect(refusal(req("Bearer    "))).toBe("not_found");
  });

  it("with the token set, opens only for Authorization: Bearer <that token>", () => {
    process.env.CAIRN_METRICS_TOKEN = "scrape-me";
    expect(refusal(req())).toBe("unauthenticated");
    expect(refusal(req("Bearer scrape-mex"))).toBe("unauthenticated");
    expect(refusal(req("Bearer scrape-m"))).toBe("unauthenticated");
    expect(refusal(req("Basic scrape-me"))).toBe("unauthenticated");
    expect(refusal(req("Bearer scrape-me"))).toBeNull();
    expect(refusal(req("bearer scrape-me"))).toBeNull();
  });
});
