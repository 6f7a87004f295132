import type { UserDto } from "@/lib/auth/types";
import { createUser, signUp } from "@/lib/auth/users";
import { isAppError } from "@/lib/errors";

export const BENCH_PASSWORD = "benchmark-password";

/** Every bench file shares one scratch database: only the first sign-up there is accepted. */
export async function benchUser(email = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`): Promise<UserDto> {
  const input = { email, password: BENCH_PASSWORD, name: "Bench" };
  try {
    return await signUp(input);
  } catch (e) {
    if (!isAppError(e) || e.code !== "forbidden") throw e;
    return createUser({ userId: "system", isAdmin: true }, input);
  }
}
