// SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104), synchronous and in plain JavaScript. /forget hashes a
// phone number inside the staff message's transaction, which is synchronous on both runtimes; Node's
// crypto is not in a Worker (no nodejs_compat) and WebCrypto's digest is async, so neither can be called
// there. Inputs are a phone number and a key: speed does not matter. sha256.test.ts checks it against
// node:crypto.
import { portableSha256 } from "../media/sha256.js";

/** One buffer's digest, through the same portable SHA-256 that checks streamed media (media/sha256.ts). */
export function sha256(data: Uint8Array): Uint8Array {
  const hash = portableSha256();
  hash.update(data);
  return hash.digest();
}

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = (block[i] as number) ^ 0x36;
    outer[i] = (block[i] as number) ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
