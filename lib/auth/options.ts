import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "@/lib/http/client-address";
import { signInInput } from "@/lib/validation/auth";
import { createSession, revokeSession } from "./sessions";
import { authenticateCredentials } from "./users";

type Headers = Record<string, string | string[] | undefined>;

// Without NEXTAUTH_URL, next-auth takes its base URL (sign-in, sign-out and their redirects) from
// the request's Host, so Cairn works at whatever address the browser used (localhost, a LAN
// address, a hostname). next-auth 4 reads that permission from AUTH_TRUST_HOST.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Throttled and disabled accounts throw: next-auth passes the message on to the sign-in page.
      async authorize(credentials, req) {
        const parsed = signInInput.safeParse(credentials);
        if (!parsed.success) return null;
        const headers = (req?.headers ?? {}) as Headers;
        const user = await authenticateCredentials(parsed.data.email, parsed.data.password, clientAddress(headers));
        if (!user) return null;
        const ua = headers["user-agent"];
        const sessionId = await createSession(user.id, Array.isArray(ua) ? ua[0] : ua);
        return { id: user.id, email: user.email, name: user.name, sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sid = (user as { sessionId?: string }).sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      if (typeof token.sid === "string") (session as { sessionId?: string }).sessionId = token.sid;
      return session;
    },
  },
  events: {
    // Signing out ends the session on the server too: a copy of the cookie is worthless afterwards.
    async signOut({ token }) {
      if (typeof token?.sid === "string") await revokeSession(token.sid);
    },
  },
};
