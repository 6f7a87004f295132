import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authenticateCredentials, createUser, getInstanceSettings, signUp, updateInstanceSettings } from "./users";
import { verifyPassword } from "./password";

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
    const notAdmin = await createUser({ userId: made.id, isAdmin: false }, { email: email("x"), password: "12345678", name: "X" }).catch((e: AppError) => e.code);
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
    await createUser({ userId: "system", isAdmin: true }, { email: e, password: "12345678", name: "D" });
    const dup = await createUser({ userId: "system", isAdmin: true }, { email: e.toUpperCase(), password: "12345678", name: "D" }).catch((x: AppError) => x.code);
    expect(dup).toBe("conflict");
  });
});
