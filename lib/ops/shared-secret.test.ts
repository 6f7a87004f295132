// The session-secret fingerprint against the real database: an instance that starts with another
// secret than the one on record is told, and the instances still on the old one see it.
import { describe, expect, it } from "vitest";
import { recordSecretFingerprint, secretDiffers, secretFingerprint } from "./shared-secret";

describe("shared session secret", () => {
  it("records a fingerprint that reveals nothing of the secret and tells instances with another secret apart", async () => {
    const first = `first-secret-${Date.now()}`;
    const second = `second-secret-${Date.now()}`;
    expect(secretFingerprint(first)).toMatch(/^[0-9a-f]{32}$/);
    expect(secretFingerprint(first)).not.toContain(first);
    await recordSecretFingerprint(first);
    // A second instance with the same secret: nothing to say, on either side.
    expect(await recordSecretFingerprint(first)).toBe(false);
    expect(await secretDiffers(first)).toBe(false);
    // One started with another secret: it is told at start, and the first one sees it on its next check.
    expect(await recordSecretFingerprint(second)).toBe(true);
    expect(await secretDiffers(first)).toBe(true);
    expect(await secretDiffers(second)).toBe(false);
  });
});
