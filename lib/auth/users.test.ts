import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  authenticateCredentials,
  changePassword,
  createUser,
  getInstanceSettings,
  signUp,
  updateInstanceSettings,
  updateUser,
} from "./users";
import { hashPassword, verifyPassword } from "./password";
import { actorIsLive, createSession, liveSessionUser } from "./sessions";
import { countFailure, THROTTLE } from "./throttle";

const email = (p: string) => `${p}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;

describe("accounts", () => {
  afterEach(() => {
    delete process.env.CAIRN_OPEN_SIGNUP;
  });

  it("the first account is the admin; then sign-up is closed until opened", async () => {
    // This file owns the sign-up rules, so it starts from an instance with no accounts.
    await db.membership.deleteMany();
    await db.apiToken.deleteMany();
    await db.user.deleteMany();
    expect((await getInstanceSettings()).needsFirstUser).toBe(true);
    const admin = await signUp({ email: email("admin"), password: "first-password", name: "Admin" });
    expect(admin.isAdmin).toBe(true);
    const closed = await signUp({ email: email("late"), password: "second-password", name: "Late" }).catch((e: AppError) => e);
    expect(closed).toBeInstanceOf(AppError);
    expect((closed as AppError).code).toBe("forbidden");

    process.env.CAIRN_OPEN_SIGNUP = "1";
    expect((await signUp({ email: email("env"), password: "second-password", name: "Env" })).isAdmin).toBe(false);
    delete process.env.CAIRN_OPEN_SIGNUP;

    const actor = { userId: admin.id, isAdmin: true };
    await updateInstanceSettings(actor, { openSignup: true });
    expect((await signUp({ email: email("open"), password: "second-password", name: "Open" })).isAdmin).toBe(false);
    await updateInstanceSettings(actor, { openSignup: false });
    expect((await getInstanceSettings()).openSignup).toBe(false);

    const made = await createUser(actor, { email: email("made"), password: "made-by-admin", name: "Made" });
    expect(await authenticateCredentials(made.email, "made-by-admin")).toMatchObject({ id: made.id });
    expect(await authenticateCredentials(made.email, "wrong-password")).toBeNull();
    const notAdmin = await createUser(
      { userId: made.id, isAdmin: false },
      { email: email("x"), password: "x-password-long", name: "X" },
    ).catch((e: AppError) => e.code);
    expect(notAdmin).toBe("forbidden");
  });

  it("stores scrypt hashes, never the password", async () => {
    const u = await createUser({ userId: "system", isAdmin: true }, { email: email("hash"), password: "a-secret-phrase", name: "H" });
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.passwordHash).not.toContain("a-secret-phrase");
    expect(await verifyPassword("a-secret-phrase", row.passwordHash)).toBe(true);
    expect(await verifyPassword("a-secret-phrasE", row.passwordHash)).toBe(false);
  });

  it("rejects duplicate emails case-insensitively", async () => {
    const e = email("dup");
    await createUser({ userId: "system", isAdmin: true }, { email: e, password: "dup-password-1", name: "D" });
    const dup = await createUser(
      { userId: "system", isAdmin: true },
      { email: e.toUpperCase(), password: "dup-password-1", name: "D" },
    ).catch((x: AppError) => x.code);
    expect(dup).toBe("conflict");
  });
});

describe("password rules", () => {
  const admin = { userId: "system", isAdmin: true };
  const attempt = (password: string) =>
    createUser(admin, { email: email("pw"), password, name: "P" }).then(
      () => "created",
      (e: AppError) => `${e.code}: ${e.message}`,
    );

  it("needs 10 characters and refuses the most common passwords, whatever their case", async () => {
    expect(await attempt("short-pw1")).toBe("invalid: password: Password must be at least 10 characters");
    for (const common of ["password123", "1234567890", "QwertyUiop", "LETMEIN123"]) {
      expect(await attempt(common)).toMatch(/^invalid: password: This password is one of the most common ones/);
    }
    expect(await attempt("sunshine-on-the-hill")).toBe("created");
    const signUpErr = await signUp({ email: email("su"), password: "password12", name: "S" }).catch((e: AppError) => e.code);
    expect(signUpErr).toBe("invalid");
  });

  it("an account made under the old 8-character rule still signs in", async () => {
    const e = email("old");
    await db.user.create({ data: { email: e, name: "Old", passwordHash: await hashPassword("12345678") } });
    expect(await authenticateCredentials(e, "12345678", "203.0.113.1")).toMatchObject({ email: e });
  });
});

describe("throttling", () => {
  it(`refuses an account after ${THROTTLE.perAccount} failures, even with the right password; a success resets it`, async () => {
    const u = await createUser({ userId: "system", isAdmin: true }, { email: email("thr"), password: "right-password-1", name: "T" });
    const address = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < THROTTLE.perAccount - 1; i++)
      expect(await authenticateCredentials(u.email, "wrong-password-x", address)).toBeNull();
    // One below the limit: the right password still works and clears the count.
    expect(await authenticateCredentials(u.email, "right-password-1", address)).toMatchObject({ id: u.id });
    for (let i = 0; i < THROTTLE.perAccount; i++) expect(await authenticateCredentials(u.email, "wrong-password-x", address)).toBeNull();
    const refused = await authenticateCredentials(u.email, "right-password-1", "192.0.2.77").catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("rate_limited");
    expect((refused as AppError).status).toBe(429);
    const retry = ((refused as AppError).details as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThan(THROTTLE.windowSeconds - 60);
    expect(retry).toBeLessThanOrEqual(THROTTLE.windowSeconds);
  });

  it(`refuses an address after ${THROTTLE.perAddress} failures across accounts`, async () => {
    const address = `2001:db8::${Math.floor(Math.random() * 9999)}`;
    const victim = await createUser(
      { userId: "system", isAdmin: true },
      { email: email("victim"), password: "right-password-2", name: "V" },
    );
    // Two real wrong guesses, the rest counted directly (100 scrypt checks would only slow the test).
    for (let i = 0; i < 2; i++)
      expect(await authenticateCredentials(`nobody-${i}-${Date.now()}@example.test`, "guess-guess", address)).toBeNull();
    for (let i = 2; i < THROTTLE.perAddress; i++) await countFailure(`nobody-${i}@example.test`, address);
    const refused = await authenticateCredentials(victim.email, "right-password-2", address).catch((e: AppError) => e.code);
    expect(refused).toBe("rate_limited");
    // Another address is not affected.
    expect(await authenticateCredentials(victim.email, "right-password-2", "192.0.2.200")).toMatchObject({ id: victim.id });
  });
});

describe("sessions", () => {
  it("a password change ends every other session; a wrong current password is a field error", async () => {
    const u = await createUser({ userId: "system", isAdmin: true }, { email: email("chg"), password: "old-password-1", name: "C" });
    const [mine, other] = [await createSession(u.id, "test"), await createSession(u.id, "test")];
    const actor = { userId: u.id, isAdmin: false, sessionId: mine };
    const wrong = await changePassword(actor, { currentPassword: "not-it-at-all", newPassword: "new-password-1" }).catch(
      (e: AppError) => e,
    );
    expect((wrong as AppError).code).toBe("invalid");
    expect((wrong as AppError).details).toEqual({ issues: [{ path: "currentPassword", message: "The current password is wrong" }] });
    expect(await changePassword(actor, { currentPassword: "old-password-1", newPassword: "new-password-1" })).toEqual({
      revokedSessions: 1,
    });
    expect(await liveSessionUser(mine, u.id)).toMatchObject({ id: u.id });
    expect(await liveSessionUser(other, u.id)).toBeNull();
    expect(await authenticateCredentials(u.email, "new-password-1")).toMatchObject({ id: u.id });
    expect(await authenticateCredentials(u.email, "old-password-1")).toBeNull();
  });

  it("disabling a user ends their sessions and refuses their sign-in; enabling lets them sign in again", async () => {
    const admin = { userId: "system", isAdmin: true };
    const u = await createUser(admin, { email: email("dis"), password: "some-password-1", name: "D" });
    const sid = await createSession(u.id, null);
    expect((await updateUser(admin, u.id, { disabled: true })).disabledAt).not.toBeNull();
    expect(await liveSessionUser(sid, u.id)).toBeNull();
    expect(await actorIsLive({ userId: u.id, isAdmin: false, sessionId: sid })).toBe(false);
    expect(await authenticateCredentials(u.email, "some-password-1").catch((e: AppError) => e.code)).toBe("forbidden");
    expect((await updateUser(admin, u.id, { disabled: false })).disabledAt).toBeNull();
    expect(await authenticateCredentials(u.email, "some-password-1")).toMatchObject({ id: u.id });
    // The sessions ended by disabling stay ended.
    expect(await liveSessionUser(sid, u.id)).toBeNull();
    const self = await updateUser({ userId: u.id, isAdmin: true }, u.id, { disabled: true }).catch((e: AppError) => e.code);
    expect(self).toBe("invalid");
  });
});
