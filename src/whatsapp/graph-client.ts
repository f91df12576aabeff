// The Graph API client: the only code that speaks HTTP to Meta (DESIGN invariant 5). `fetch` is injected:
// tests pass globalThis.fetch (intercepted by msw), Node passes undici with a keep-alive Agent
// (undici-fetch.ts), a Worker passes its own fetch.
//
// Invariants:
// - Never throws for HTTP or network failures: every call returns a result that says either "the API said
//   no" (source "api", with Meta's code) or "the network failed" (source "network"), already classified
//   by graph-errors.ts. Retrying is the outbox's job, never this client's (reliability §B2: retries at one
//   layer only; undici would not retry a POST anyway).
// - The access token goes into the Authorization header and nowhere else: not into results, reasons or
//   logs (this file has no logger at all).
import { classifyGraphError, type GraphOutcome } from "./graph-errors.js";
import { type ApprovedTemplate, readTemplatePage } from "./templates.js";

export type GraphRequestInit = {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  signal: AbortSignal;
};

/** The part of a fetch Response the client reads; both the web and the undici Response satisfy it. */
export type GraphResponse = {
  status: number;
  headers: { get: (name: string) => string | null };
  text: () => Promise<string>;
  arrayBuffer: () => Promise<ArrayBuffer>;
};

export type GraphFetch = (url: string, init: GraphRequestInit) => Promise<GraphResponse>;

export type GraphFailure = {
  ok: false;
  outcome: GraphOutcome;
  windowClosed: boolean;
  code: number | null;
  httpStatus: number | null;
  reason: string;
  /** "api": Meta answered with an error; "network": no usable answer (connection, timeout). */
  source: "api" | "network";
  /** A retryable answer's Retry-After (429, 503), in ms from now: when to try again instead of backoff. */
  retryAfterMs?: number;
};

export type SendResult = { ok: true; wamid: string } | GraphFailure;
export type MarkReadResult = { ok: true } | GraphFailure;
export type MediaUrlResult =
  | { ok: true; url: string; mimeType: string | null; sha256: string | null; fileSize: number | null }
  | GraphFailure;
export type DownloadResult = { ok: true; bytes: Uint8Array; mimeType: string | null } | GraphFailure;
export type UploadResult = { ok: true; mediaId: string } | GraphFailure;
/** `complete: false`: more pages than TEMPLATE_PAGES_MAX; the templates read so far are kept. */
export type TemplateListResult =
  | { ok: true; templates: ApprovedTemplate[]; skipped: number; complete: boolean }
  | GraphFailure;

export type GraphRecipient = { recipient: string; kind: "individual" | "group" };

/** A Graph message body part without the recipient fields: `{ type: "text", text: { body } }` etc. */
export type GraphMessage = { type: string } & Record<string, unknown>;

export type GraphClientOptions = {
  baseUrl: string;
  version: string;
  phoneNumberId: string;
  accessToken: string;
  fetch: GraphFetch;
  timeoutMs?: number;
  /** Media bodies can be up to 100 MB, so downloads and uploads get a longer deadline. */
  mediaTimeoutMs?: number;
};

export type GraphClient = {
  sendMessage: (
    to: GraphRecipient,
    message: GraphMessage,
    bizOpaqueCallbackData?: string,
  ) => Promise<SendResult>;
  markRead: (wamid: string) => Promise<MarkReadResult>;
  getMediaUrl: (mediaId: string) => Promise<MediaUrlResult>;
  downloadMedia: (url: string) => Promise<DownloadResult>;
  uploadMedia: (bytes: Uint8Array, mimeType: string, filename: string) => Promise<UploadResult>;
  /** The approved templates of a WhatsApp Business Account, every page of them. */
  listTemplates: (businessAccountId: string) => Promise<TemplateListResult>;
};

/** Templates asked for per page of `message_templates`, and the most pages read in one listing. */
export const TEMPLATE_PAGE_SIZE = 100;
export const TEMPLATE_PAGES_MAX = 20;
// parameter_format is not asked for: a named template is recognised by its `{{name}}` placeholders, and a
// field an older GRAPH_API_VERSION lacks would fail the whole listing.
const TEMPLATE_FIELDS = "name,language,status,components";

/** A BSUID: ISO country code, a period, then alphanumerics (parents: `US.ENT.…`). Reference §9. */
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9.]+$/;
const MAX_REASON = 300;

/**
 * The recipient fields of a send. Phone numbers get a leading "+": without it Meta prepends the business
 * number's own country code, which can deliver to the wrong person (reference §6).
 */
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

export function recipientFields(to: GraphRecipient): Record<string, string> {
  if (to.kind === "group") return { recipient_type: "group", to: to.recipient };
  if (BSUID.test(to.recipient)) return { recipient_type: "individual", recipient: to.recipient };
  const phone = /^\d+$/.test(to.recipient) ? `+${to.recipient}` : to.recipient;
  return { recipient_type: "individual", to: phone };
}

/**
 * A multipart/form-data body built by hand: each runtime's fetch only recognises its own FormData class
 * (undici checks `instanceof`), but every fetch accepts bytes.
 */
export function multipartBody(
  fields: Array<{ name: string; value: string }>,
  file: { name: string; filename: string; mimeType: string; bytes: Uint8Array },
): { contentType: string; body: Uint8Array<ArrayBuffer> } {
  const boundary = `----inbox${crypto.randomUUID().replaceAll("-", "")}`;
  const clean = (s: string) => s.replace(/["\r\n\\]/g, "_");
  const head = fields
    .map(
      (f) => `--${boundary}\r\ncontent-disposition: form-data; name="${clean(f.name)}"\r\n\r\n${f.value}\r\n`,
    )
    .join("");
  const fileHead =
    `--${boundary}\r\ncontent-disposition: form-data; name="${clean(file.name)}"; ` +
    `filename="${clean(file.filename)}"\r\ncontent-type: ${clean(file.mimeType)}\r\n\r\n`;
  const encoder = new TextEncoder();
  const parts = [encoder.encode(head + fileHead), file.bytes, encoder.encode(`\r\n--${boundary}--\r\n`)];
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

type Raw =
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

function networkMessage(error: unknown): string {
  if (!(error instanceof Error)) return "request failed";
  const cause = isRecord(error.cause) && typeof error.cause.code === "string" ? ` (${error.cause.code})` : "";
  return `${error.message}${cause}`;
}

function failureFrom(raw: Raw): GraphFailure {
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
 * A 2xx whose body names nothing we can use (an HTML page from a proxy, JSON without `messages[0].id`):
 * ambiguous, like a timeout. Meta may or may not have taken the request, and there is no idempotency key
 * to ask. Failing it for good lost every answer sent during such a fault (issue 18), and its failure
 * notice too; resending risks a rare duplicate. At-least-once is the rule for ambiguous outcomes
 * (reliability §B2), so it is retried with backoff and counted attempts, and when those run out the
 * requester is told, as for a 5xx.
 */
function ambiguousSuccess(raw: Raw & { kind: "response" }, what: string): GraphFailure {
  return {
    ok: false,
    outcome: "retry",
    windowClosed: false,
    code: null,
    httpStatus: raw.status,
    reason: `HTTP ${raw.status} (${mediaType(raw.contentType)}) without ${what}; it may or may not have gone out`,
    source: "api",
  };
}

/** A 2xx whose body is not what a GET returns (an HTML page from a proxy): nothing changed, so try again. */
function unreadable(raw: Raw & { kind: "response" }, what: string): GraphFailure {
  return {
    ok: false,
    outcome: "retry",
    windowClosed: false,
    code: null,
    httpStatus: raw.status,
    reason: `HTTP ${raw.status} (${mediaType(raw.contentType)}) without ${what}`,
    source: "api",
  };
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { baseUrl, version, phoneNumberId, accessToken, fetch } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const mediaTimeoutMs = options.mediaTimeoutMs ?? 60_000;
  const root = `${baseUrl.replace(/\/+$/, "")}/${version}`;
  const auth = { authorization: `Bearer ${accessToken}` };

  async function call(url: string, init: Omit<GraphRequestInit, "signal">, deadlineMs: number): Promise<Raw> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), deadlineMs);
    try {
      // The body is read under the same deadline: a stalled body is as dead as a stalled connection.
      const response = await fetch(url, { ...init, signal: controller.signal });
      const body = new Uint8Array(await response.arrayBuffer());
      return {
        kind: "response",
        status: response.status,
        contentType: response.headers.get("content-type"),
        retryAfter: response.headers.get("retry-after"),
        date: response.headers.get("date"),
        body,
      };
    } catch (error) {
      return { kind: "network", timedOut: controller.signal.aborted, message: networkMessage(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function postJson(path: string, payload: unknown): Promise<Raw> {
    const headers = { ...auth, "content-type": "application/json" };
    return call(`${root}/${path}`, { method: "POST", headers, body: JSON.stringify(payload) }, timeoutMs);
  }

  const ok2xx = (raw: Raw): raw is Raw & { kind: "response" } =>
    raw.kind === "response" && raw.status >= 200 && raw.status < 300;

  return {
    async sendMessage(to, message, bizOpaqueCallbackData) {
      const payload: Record<string, unknown> = {
        ...message,
        messaging_product: "whatsapp",
        ...recipientFields(to),
      };
      if (bizOpaqueCallbackData !== undefined) payload.biz_opaque_callback_data = bizOpaqueCallbackData;
      const raw = await postJson(`${phoneNumberId}/messages`, payload);
      if (!ok2xx(raw)) return failureFrom(raw);
      const json = parseJson(raw.body);
      const first = isRecord(json) && Array.isArray(json.messages) ? json.messages[0] : undefined;
      const wamid = isRecord(first) && typeof first.id === "string" ? first.id : null;
      return wamid === null ? ambiguousSuccess(raw, "a message id") : { ok: true, wamid };
    },

    async markRead(wamid) {
      const raw = await postJson(`${phoneNumberId}/messages`, {
        messaging_product: "whatsapp",
        status: "read",
        message_id: wamid,
      });
      return ok2xx(raw) ? { ok: true } : failureFrom(raw);
    },

    async getMediaUrl(mediaId) {
      const url = `${root}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(phoneNumberId)}`;
      const raw = await call(url, { method: "GET", headers: auth }, timeoutMs);
      if (!ok2xx(raw)) return failureFrom(raw);
      const json = parseJson(raw.body);
      if (!isRecord(json) || typeof json.url !== "string") return ambiguousSuccess(raw, "a media url");
      return {
        ok: true,
        url: json.url,
        mimeType: typeof json.mime_type === "string" ? json.mime_type : null,
        sha256: typeof json.sha256 === "string" ? json.sha256 : null,
        fileSize: typeof json.file_size === "number" ? json.file_size : null,
      };
    },

    async downloadMedia(url) {
      // The media URL needs the Bearer token too; without it Meta refuses (reference §8).
      const raw = await call(url, { method: "GET", headers: auth }, mediaTimeoutMs);
      if (!ok2xx(raw)) return failureFrom(raw);
      return { ok: true, bytes: raw.body, mimeType: raw.contentType };
    },

    async uploadMedia(bytes, mimeType, filename) {
      const { contentType, body } = multipartBody(
        [
          { name: "messaging_product", value: "whatsapp" },
          { name: "type", value: mimeType },
        ],
        { name: "file", filename, mimeType, bytes },
      );
      const url = `${root}/${phoneNumberId}/media`;
      const headers = { ...auth, "content-type": contentType };
      const raw = await call(url, { method: "POST", headers, body }, mediaTimeoutMs);
      if (!ok2xx(raw)) return failureFrom(raw);
      const json = parseJson(raw.body);
      if (!isRecord(json) || typeof json.id !== "string") return ambiguousSuccess(raw, "a media id");
      return { ok: true, mediaId: json.id };
    },

    async listTemplates(businessAccountId) {
      const templates: ApprovedTemplate[] = [];
      let skipped = 0;
      let after: string | null = null;
      for (let page = 0; page < TEMPLATE_PAGES_MAX; page++) {
        const query = new URLSearchParams({ fields: TEMPLATE_FIELDS, limit: String(TEMPLATE_PAGE_SIZE) });
        if (after !== null) query.set("after", after);
        const url = `${root}/${encodeURIComponent(businessAccountId)}/message_templates?${query}`;
        const raw = await call(url, { method: "GET", headers: auth }, timeoutMs);
        if (!ok2xx(raw)) return failureFrom(raw);
        const read = readTemplatePage(parseJson(raw.body));
        if (read === null) return unreadable(raw, "a template list");
        templates.push(...read.templates);
        skipped += read.skipped;
        if (read.after === null) return { ok: true, templates, skipped, complete: true };
        after = read.after;
      }
      return { ok: true, templates, skipped, complete: false };
    },
  };
}
