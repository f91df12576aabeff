// Node's synchronous crypto for the webhook's hot path. The WebCrypto versions in whatsapp/ and http/
// are what Workers use; on Node each of their calls is a round trip through the libuv thread pool,
// which measured as idle time between requests under load. Same results, checked by a property test.
import { createHash, createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import type { WebhookCrypto } from "../http/webhook-routes.js";

const HEADER_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

// Preparing the key from a string was a large part of a small body's HMAC, so it is prepared once per secret.
let cachedKey: { secret: string; key: KeyObject } | null = null;
function keyFor(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, "utf8")) };
  return cachedKey.key;
}

export const nodeWebhookCrypto: WebhookCrypto = {
  verifySignature(secret, rawBody, header) {
    if (typeof header !== "string" || secret === "") return false;
    const hex = HEADER_PATTERN.exec(header)?.[1];
    if (hex === undefined) return false;
    const expected = createHmac("sha256", keyFor(secret)).update(rawBody).digest();
    // Both are 32 bytes (the pattern fixes the length), as timingSafeEqual requires.
    return timingSafeEqual(expected, Buffer.from(hex, "hex"));
  },
  sha256Hex: (text) => createHash("sha256").update(text).digest("hex"),
};
