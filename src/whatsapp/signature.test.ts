import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadWebhookFixture } from "../../test/kit/fixtures.js";
import { signBody, verifySignature } from "./signature.js";

const SECRET = "8f1d2c3b4a5e6f708192a3b4c5d6e7f8";
const body = new TextEncoder().encode(loadWebhookFixture("reaction"));
// An independent implementation, so that signBody is not only checked against itself.
const expected = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

describe("signBody", () => {
  it("matches node:crypto's HMAC-SHA256 in Meta's header format", async () => {
    await expect(signBody(SECRET, body)).resolves.toBe(expected);
  });
});

describe("verifySignature", () => {
  it("accepts the right signature", async () => {
    await expect(verifySignature(SECRET, body, expected)).resolves.toBe(true);
  });

  it("accepts uppercase hex", async () => {
    await expect(verifySignature(SECRET, body, `sha256=${expected.slice(7).toUpperCase()}`)).resolves.toBe(
      true,
    );
  });

  it("accepts a Buffer body (what Node hands over)", async () => {
    await expect(verifySignature(SECRET, Buffer.from(body), expected)).resolves.toBe(true);
  });

  it("rejects a signature made with another secret", async () => {
    await expect(verifySignature(SECRET, body, await signBody("another-secret", body))).resolves.toBe(false);
  });

  it("rejects a body changed by one byte", async () => {
    const changed = body.slice();
    changed[10] = (changed[10] ?? 0) ^ 1;
    await expect(verifySignature(SECRET, changed, expected)).resolves.toBe(false);
  });

  it("rejects a body that was re-serialised instead of the raw bytes", async () => {
    const reserialised = new TextEncoder().encode(JSON.stringify(JSON.parse(loadWebhookFixture("reaction"))));
    await expect(verifySignature(SECRET, reserialised, expected)).resolves.toBe(false);
  });

  it.each([
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["prefix only", "sha256="],
    ["no prefix", expected.slice(7)],
    ["sha1= prefix", `sha1=${expected.slice(7)}`],
    ["uppercase prefix", `SHA256=${expected.slice(7)}`],
    ["one hex digit short", expected.slice(0, -1)],
    ["one hex digit long", `${expected}0`],
    ["non-hex digit", `${expected.slice(0, -1)}g`],
    ["surrounding space", ` ${expected}`],
    ["two signatures", `${expected},${expected}`],
  ])("rejects a %s header", async (_, header) => {
    await expect(verifySignature(SECRET, body, header)).resolves.toBe(false);
  });

  it("returns false instead of throwing for an empty secret", async () => {
    await expect(verifySignature("", body, expected)).resolves.toBe(false);
  });

  it("verifies with several secrets in turn (key cache)", async () => {
    const secrets = Array.from({ length: 10 }, (_, i) => `secret-${i}`);
    for (const secret of [...secrets, ...secrets]) {
      await expect(verifySignature(secret, body, await signBody(secret, body))).resolves.toBe(true);
      await expect(verifySignature(secret, body, expected)).resolves.toBe(false);
    }
  });
});
