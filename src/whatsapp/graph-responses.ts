// What Graph's answers mean, read into results: a failure's class and reason, Retry-After, and the
// 2xx whose body is unusable. Kept apart from the client (graph-client.ts), which only makes the calls.

import type { GraphFailure } from "./graph-client.js";
import { classifyGraphError } from "./graph-errors.js";

const MAX_REASON = 300;

/**
 * A call that threw instead of answering. The client never throws; an injected stand-in might, and its
 * caller treats that as a failed network call (retried).
 */
export function threwFailure(what: string, error: unknown): GraphFailure {
  return {
    ok: false,
    outcome: "retry",
    windowClosed: false,
    code: null,
    httpStatus: null,
    reason: `${what} threw: ${error instanceof Error ? error.message : String(error)}`,
    source: "network",
  };
}

export type Raw =
  | {
      kind: "response";
      status: number;
      contentType: string | null;
      retryAfter: string | null;
      /** The response's Date header: a Retry-After HTTP-date is measured from it, not from our clock. */
      date: string | null;
      body: Uint8Array;
    }
  | { kind: "network"; timedOut: boolean; message: string };

/**
 * The longest Retry-After obeyed. A header asking for more (a misconfigured proxy, a day-long date) would
 * park an answer for that long; after an hour the row is tried again, and its attempts still run out.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Retry-After (RFC 9110 §10.2.3) as ms from `nowMs`: delay-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"), capped at MAX_RETRY_AFTER_MS. Null when absent, unreadable, zero or
 * already past: then the outbox's own backoff applies (as undici's RetryHandler does for a non-positive one).
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  const text = value?.trim() ?? "";
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  // Every HTTP-date form starts with the day's name; Date.parse alone would take "1.5" or "-5" as dates.
  else if (/^[A-Za-z]{3}/.test(text)) ms = Date.parse(text) - nowMs;
  else return null;
  if (Number.isNaN(ms) || ms <= 0) return null;
  return Math.min(Math.ceil(ms), MAX_RETRY_AFTER_MS);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export function networkMessage(error: unknown): string {
  if (!(error instanceof Error)) return "request failed";
  const cause = isRecord(error.cause) && typeof error.cause.code === "string" ? ` (${error.cause.code})` : "";
  return `${error.message}${cause}`;
}

export function failureFrom(raw: Raw): GraphFailure {
  if (raw.kind === "network") {
    const c = classifyGraphError({
      httpStatus: null,
      code: null,
      networkError: true,
      timedOut: raw.timedOut,
    });
    const reason = raw.timedOut ? c.reason : `${c.reason}: ${raw.message}`;
    return {
      ok: false,
      ...c,
      reason: reason.slice(0, MAX_REASON),
      code: null,
      httpStatus: null,
      source: "network",
    };
  }
  const json = parseJson(raw.body);
  const error = isRecord(json) && isRecord(json.error) ? json.error : null;
  const code = error !== null && typeof error.code === "number" ? error.code : null;
  const c = classifyGraphError({ httpStatus: raw.status, code });
  // Meta: build handling on `code` and `error_data.details`; the message is "(#code) title".
  const details = error !== null && isRecord(error.error_data) ? error.error_data.details : undefined;
  const said =
    typeof details === "string" ? details : typeof error?.message === "string" ? error.message : null;
  const reason = said === null ? c.reason : `${c.reason} (${said})`;
  const failure: GraphFailure = {
    ok: false,
    ...c,
    reason: reason.slice(0, MAX_REASON),
    code,
    httpStatus: raw.status,
    source: "api",
  };
  if (c.outcome === "retry") {
    const sent = raw.date === null ? Number.NaN : Date.parse(raw.date);
    const retryAfterMs = parseRetryAfter(raw.retryAfter, Number.isNaN(sent) ? Date.now() : sent);
    if (retryAfterMs !== null) failure.retryAfterMs = retryAfterMs;
  }
  return failure;
}

/** "text/html; charset=utf-8" → "text/html": enough to tell an HTML error page from JSON in a reason. */
function mediaType(contentType: string | null): string {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type) ? type : "no content type";
}

/**
 * A 2xx whose body names nothing we can use (an HTML page from a proxy, JSON without `messages[0].id`).
 * After a POST (`maybeDone`) it is ambiguous, like a timeout: Meta may or may not have taken the request,
 * and there is no idempotency key to ask. Failing it for good lost every answer sent during such a fault
 * (issue 18), and its failure notice too; resending risks a rare duplicate. At-least-once is the rule for
 * ambiguous outcomes (reliability §B2), so it is retried with backoff and counted attempts, and when those
 * run out the requester is told, as for a 5xx. After a GET nothing changed: try again.
 */
export function unusableSuccess(
  raw: Raw & { kind: "response" },
  what: string,
  maybeDone: boolean,
): GraphFailure {
  const doubt = maybeDone ? "; it may or may not have gone out" : "";
  return {
    ok: false,
    outcome: "retry",
    windowClosed: false,
    code: null,
    httpStatus: raw.status,
    reason: `HTTP ${raw.status} (${mediaType(raw.contentType)}) without ${what}${doubt}`,
    source: "api",
  };
}
