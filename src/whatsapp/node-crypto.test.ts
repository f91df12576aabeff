import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webCrypto } from "../http/webhook-routes.js";
import { nodeWebhookCrypto } from "./node-crypto.js";
import { signBody } from "./signature.js";

describe("Node's webhook crypto agrees with the WebCrypto one", () => {
  it("on signatures, good and bad", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ maxLength: 2000 }),
        fc.oneof(fc.constant("good"), fc.constant("flipped"), fc.string({ maxLength: 80 })),
        async (secret, body, headerKind) => {
          const good = await signBody(secret, body);
          const header =
            headerKind === "good"
              ? good
              : headerKind === "flipped"
                ? `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`
                : headerKind;
          const expected = await webCrypto.verifySignature(secret, body, header);
          expect(nodeWebhookCrypto.verifySignature(secret, body, header)).toBe(expected);
          if (headerKind === "good") expect(expected).toBe(true);
          if (headerKind === "flipped") expect(expected).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on body hashes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 500 }), async (text) => {
        expect(nodeWebhookCrypto.sha256Hex(text)).toBe(await webCrypto.sha256Hex(text));
      }),
    );
  });

  it("refuses a missing header, an empty secret and uppercase SHA256= prefixes", async () => {
    const body = new TextEncoder().encode("{}");
    expect(nodeWebhookCrypto.verifySignature("s", body, undefined)).toBe(false);
    expect(nodeWebhookCrypto.verifySignature("", body, await signBody("s", body))).toBe(false);
    expect(
      nodeWebhookCrypto.verifySignature("s", body, (await signBody("s", body)).replace("sha256", "SHA256")),
    ).toBe(false);
  });
});
