// Meta's webhook (SPEC §7). Routes only verify, store and answer; processing happens after the 200.
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { StoreResult } from "../inbox/inbox.js";
import type { Logger } from "../log.js";
import { verifySignature } from "../whatsapp/signature.js";

/** Meta's payloads are up to 3 MB; we accept up to 3 MiB (SPEC §7). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Signature check and body hash; WebCrypto by default, Node passes its synchronous crypto. */
export type WebhookCrypto = {
  verifySignature: (
    secret: string,
    rawBody: Uint8Array,
    header: string | null | undefined,
  ) => boolean | Promise<boolean>;
  sha256Hex: (text: string) => string | Promise<string>;
};

export const webCrypto: WebhookCrypto = { verifySignature, sha256Hex };

export type WebhookDeps = {
  crypto?: WebhookCrypto;
  appSecret: string;
  verifyToken: string;
  log: Logger;
  /**
   * Durably stores the body (invariant 1); throws or rejects if it could not. `parsed` is the body's
   * JSON, for a store that routes by content (the Worker splits a batch by business number).
   */
  store: (body: string, sha256: string, parsed: unknown) => StoreResult | Promise<StoreResult>;
  /** Called after the store committed, with the parsed body so it is not parsed twice. */
  stored: (result: StoreResult, parsed: unknown, ackStartedAt: number) => void;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function webhookRoutes(deps: WebhookDeps): Hono {
  const app = new Hono();
  const crypto = deps.crypto ?? webCrypto;

  app.get("/webhook", (c) => {
    const mode = c.req.query("hub.mode");
    const token = c.req.query("hub.verify_token") ?? "";
    const challenge = c.req.query("hub.challenge") ?? "";
    if (mode === "subscribe" && constantTimeEqual(token, deps.verifyToken)) return c.text(challenge, 200);
    deps.log.warn("webhook verification refused", { mode: mode ?? null });
    return c.text("Forbidden", 403);
  });

  app.post("/webhook", limitBody(MAX_BODY_BYTES), async (c) => {
    const startedAt = performance.now();
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!(await crypto.verifySignature(deps.appSecret, raw, c.req.header("x-hub-signature-256")))) {
      deps.log.warn("webhook signature rejected", { bytes: raw.byteLength });
      return c.text("Unauthorized", 401);
    }
    const parsed = parseJson(raw);
    if (!parsed.ok) return c.text("Bad Request: body is not JSON", 400);
    return storeAndAcknowledge(c, deps, await crypto.sha256Hex(parsed.text), parsed, startedAt);
  });

  return app;
}

async function storeAndAcknowledge(
  c: Context,
  deps: WebhookDeps,
  sha256: string,
  { text, value }: { text: string; value: unknown },
  startedAt: number,
) {
  let result: StoreResult;
  try {
    result = await deps.store(text, sha256, value);
  } catch (error) {
    // The only non-200 for a valid body: Meta redelivers it later (for up to 7 days).
    deps.log.error("webhook could not be stored", {
      error: error instanceof Error ? error.message : String(error),
    });
    return c.text("Service Unavailable", 503);
  }
  deps.stored(result, value, startedAt);
  return c.text("OK", 200);
}

const tooLarge = (c: Context) => c.text("Payload Too Large", 413);

/**
 * hono/body-limit first reads `c.req.raw.body`, which makes the Node adapter build a whole `Request`
 * (an undici Request, a stream, an AbortSignal) per webhook, a large share of the HTTP thread's time in
 * a CPU profile. With a Content-Length (Meta sends one) the header decides, and the adapter reads the
 * socket directly; a chunked body goes through hono/body-limit, which counts as it reads.
 */
function limitBody(maxSize: number): MiddlewareHandler {
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined) return counted(c, next);
    if (Number(length) > maxSize) return tooLarge(c);
    await next();
  };
}

function parseJson(raw: Uint8Array): { ok: true; text: string; value: unknown } | { ok: false } {
  try {
    const text = utf8.decode(raw);
    return { ok: true, text, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares without an early exit, so the verify token cannot be guessed byte by byte. */
function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
