// Runs in the browser before the app. zod's fast path compiles parsers with `new Function`, which
// the Content-Security-Policy (no 'unsafe-eval') forbids: zod would probe for it, be refused and
// fall back. Tell it up front, so no page trips the policy.
import { z } from "zod";

z.config({ jitless: true });
