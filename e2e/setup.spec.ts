import { test } from "./support/contract";
import { ok, PASSWORD } from "./support/api";

// Runs first (a project dependency): the first account becomes the admin, who opens sign-up
// so every spec can create users of its own.
test("create the admin and open sign-up", async ({ request }) => {
  const res = await request.post("/api/v1/signup", { data: { email: "admin@cairn.test", password: PASSWORD, name: "Admin" } });
  const { user } = await ok(res, 201);
  if (!user.isAdmin) throw new Error("first account did not become admin");
  const { token } = await ok(
    await request.post("/api/v1/tokens", {
      data: { email: "admin@cairn.test", password: PASSWORD, name: "setup", scopes: ["read", "write", "admin"] },
    }),
    201,
  );
  await ok(await request.patch("/api/v1/settings", { headers: { authorization: `Bearer ${token}` }, data: { openSignup: true } }));
});
