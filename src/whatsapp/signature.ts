// X-Hub-Signature-256 check: HMAC-SHA256 of the exact raw body, keyed with the app secret.
//
// WebCrypto only (globalThis.crypto.subtle), so the same code runs on Node 20 and in Cloudflare Workers.
// crypto.subtle.verify compares in constant time; we never compare digests ourselves.

const HEADER_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;
const encoder = new TextEncoder();

// Named through crypto.subtle because the global CryptoKey type needs the DOM lib, which this project omits.
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

// importKey is asynchronous and costs more than the HMAC of a typical body, and every webhook needs the key.
// One app secret is normal, two during a rotation; the small bound only guards against unbounded growth.
const MAX_CACHED_KEYS = 4;
const keyCache = new Map<string, Promise<HmacKey>>();

function hmacKey(secret: string): Promise<HmacKey> {
  const cached = keyCache.get(secret);
  if (cached !== undefined) return cached;
  if (keyCache.size >= MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next();
    if (oldest.done !== true) keyCache.delete(oldest.value);
  }
  const key = crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  keyCache.set(secret, key);
  // A failed import (e.g. an empty secret) must not stay cached as a rejected promise.
  key.catch(() => keyCache.delete(secret));
  return key;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * True only if `header` is exactly `sha256=` followed by 64 hex digits (either case) and it is the
 * HMAC-SHA256 of `rawBody` under `secret`. Every other input, including a missing header or an empty
 * secret, gives false; it never throws.
 */
export async function verifySignature(
  secret: string,
  rawBody: Uint8Array,
  header: string | null | undefined,
): Promise<boolean> {
  if (typeof header !== "string") return false;
  const hex = HEADER_PATTERN.exec(header)?.[1];
  if (hex === undefined) return false;
  try {
    return await crypto.subtle.verify("HMAC", await hmacKey(secret), hexToBytes(hex), rawBody);
  } catch {
    return false;
  }
}

/** The X-Hub-Signature-256 value Meta would send for `rawBody` (lowercase hex). Rejects an empty secret. */
export async function signBody(secret: string, rawBody: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.sign("HMAC", await hmacKey(secret), rawBody);
  return `sha256=${bytesToHex(new Uint8Array(digest))}`;
}
