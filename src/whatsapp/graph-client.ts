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
import type { GraphOutcome } from "./graph-errors.js";
import {
  failureFrom,
  isRecord,
  networkMessage,
  parseJson,
  type Raw,
  unusableSuccess,
} from "./graph-responses.js";
import { type ApprovedTemplate, readTemplatePage } from "./templates.js";

export { MAX_RETRY_AFTER_MS, parseRetryAfter, threwFailure } from "./graph-responses.js";

export type GraphRequestInit = {
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** A stream only for a media upload (graph-media.ts), which then sets `duplex: "half"` as fetch requires. */
  body?: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  duplex?: "half";
  signal: AbortSignal;
};

/** The part of a fetch Response the client reads; both the web and the undici Response satisfy it. */
export type GraphResponse = {
  status: number;
  headers: { get: (name: string) => string | null };
  text: () => Promise<string>;
  arrayBuffer: () => Promise<ArrayBuffer>;
  /** Read as a stream by a media download (graph-media.ts); a fetch without it is read whole instead. */
  body?: ReadableStream<Uint8Array> | null;
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
  /** Marks an inbound message read; `typing` also shows the typing indicator (up to 25 s or a reply). */
  markRead: (wamid: string, typing?: boolean) => Promise<MarkReadResult>;
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

/**
 * The recipient fields of a send. Phone numbers get a leading "+": without it Meta prepends the business
 * number's own country code, which can deliver to the wrong person (reference §6).
 */
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
      return wamid === null ? unusableSuccess(raw, "a message id", true) : { ok: true, wamid };
    },

    async markRead(wamid, typing = false) {
      const raw = await postJson(`${phoneNumberId}/messages`, {
        messaging_product: "whatsapp",
        status: "read",
        message_id: wamid,
        ...(typing ? { typing_indicator: { type: "text" } } : {}),
      });
      return ok2xx(raw) ? { ok: true } : failureFrom(raw);
    },

    async getMediaUrl(mediaId) {
      const url = `${root}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(phoneNumberId)}`;
      const raw = await call(url, { method: "GET", headers: auth }, timeoutMs);
      if (!ok2xx(raw)) return failureFrom(raw);
      const json = parseJson(raw.body);
      if (!isRecord(json) || typeof json.url !== "string") return unusableSuccess(raw, "a media url", true);
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
      if (!isRecord(json) || typeof json.id !== "string") return unusableSuccess(raw, "a media id", true);
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
        if (read === null) return unusableSuccess(raw, "a template list", false);
        templates.push(...read.templates);
        skipped += read.skipped;
        if (read.after === null) return { ok: true, templates, skipped, complete: true };
        after = read.after;
      }
      return { ok: true, templates, skipped, complete: false };
    },
  };
}
