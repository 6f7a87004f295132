import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { assertNotThrottled } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";
import { errorResponse } from "@/lib/http/respond";
import { isAppError } from "@/lib/errors";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

/**
 * A throttled sign-in is answered 429 with Retry-After before next-auth runs; the body carries
 * next-auth's `url` (with the message as `error`) so the sign-in form shows it, and Cairn's error.
 */
async function POST(req: Request, ctx: Ctx) {
  if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
    const email = await req
      .clone()
      .formData()
      .then((f) => String(f.get("email") ?? ""))
      .catch(() => "");
    try {
      await assertNotThrottled(email, clientAddress(req.headers));
    } catch (e) {
      const res = errorResponse(e);
      if (!isAppError(e) || e.code !== "rate_limited") return res;
      const body = (await res.json()) as Record<string, unknown>;
      const url = new URL("/signin", req.url);
      url.searchParams.set("error", e.message);
      return Response.json({ ...body, url: url.toString() }, { status: res.status, headers: res.headers });
    }
  }
  return handler(req, ctx);
}

export { handler as GET, POST };
