// The hand-written SHA-256 and HMAC against Node's crypto, on the empty input, block edges and random bytes.
import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacSha256, sha256, toHex } from "./sha256.js";

describe("sha256", () => {
  it("matches node:crypto at every padding edge", () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
      expect(toHex(sha256(data))).toBe(createHash("sha256").update(data).digest("hex"));
    }
  });

  it("matches node:crypto on random bytes, and HMAC on random keys", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 100 }), (data, key) => {
        expect(toHex(sha256(data))).toBe(createHash("sha256").update(data).digest("hex"));
        expect(toHex(hmacSha256(key, data))).toBe(createHmac("sha256", key).update(data).digest("hex"));
      }),
    );
  });
});
