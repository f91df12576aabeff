// Moving a media file from Meta back to Meta as a stream (SPEC §11): the download's body is read chunk by
// chunk and written into the upload's multipart body as it arrives, so a 100 MB document never sits whole
// in memory. Like graph-client.ts this code never throws for HTTP or network failures and never logs:
// every call answers with a classified result, and retrying is the outbox's job.
import type { GraphFailure, GraphFetch, GraphResponse, UploadResult } from "./graph-client.js";
import {
  failureFrom,
  isRecord,
  networkMessage,
  parseJson,
  type Raw,
  unusableSuccess,
} from "./graph-responses.js";

export type MediaStreamOptions = {
  baseUrl: string;
  version: string;
  phoneNumberId: string;
  accessToken: string;
  fetch: GraphFetch;
};

/**
 * A download's bytes as the runtime reads them: a web stream through fetch, a Node stream through undici's
 * request API (undici-media.ts). The relay only hands it from one side to the other.
 */
export type MediaBody = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export type OpenedDownload = {
  ok: true;
  body: MediaBody;
  /** Stops reading it: the file is too big to pass on. */
  cancel: () => void;
  /** Content-Length when the server sent one. */
  length: number | null;
  mimeType: string | null;
};

/** Called for every chunk on its way to the upload; throwing stops the upload (the file is too big). */
export type ChunkCheck = (chunk: Uint8Array) => void;

export type MediaStreams = {
  openDownload: (url: string, signal: AbortSignal) => Promise<OpenedDownload | GraphFailure>;
  /** `length`: the file's size when known (the download's Content-Length), for the upload's own. */
  upload: (
    file: { body: MediaBody; mimeType: string; filename: string; length: number | null },
    check: ChunkCheck,
    signal: AbortSignal,
  ) => Promise<UploadResult>;
};

export async function rawOf(response: GraphResponse): Promise<Raw> {
  return {
    kind: "response",
    status: response.status,
    contentType: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
    date: response.headers.get("date"),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

export function networkFailure(error: unknown, signal: AbortSignal): GraphFailure {
  return failureFrom({ kind: "network", timedOut: signal.aborted, message: networkMessage(error) });
}

const encoder = new TextEncoder();
const clean = (s: string) => s.replace(/["\r\n\\]/g, "_");

/** The parts of a multipart/form-data body around the file's bytes. */
export function multipartFrame(mimeType: string, filename: string) {
  const boundary = `----inbox${crypto.randomUUID().replaceAll("-", "")}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = encoder.encode(
    field("messaging_product", "whatsapp") +
      field("type", clean(mimeType)) +
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${clean(filename)}"\r\n` +
      `content-type: ${clean(mimeType)}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head,
    tail,
    length: (fileBytes: number) => head.length + fileBytes + tail.length,
  };
}

function readerOf(body: MediaBody): {
  read: () => Promise<{ done: boolean; value?: Uint8Array | undefined }>;
  cancel: () => Promise<void>;
} {
  if (body instanceof ReadableStream) {
    const reader = body.getReader();
    return { read: () => reader.read(), cancel: () => reader.cancel() };
  }
  const iterator = body[Symbol.asyncIterator]();
  return {
    read: async () => {
      const next = await iterator.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: next.value };
    },
    cancel: async () => {
      await iterator.return?.();
    },
  };
}

/**
 * The multipart/form-data body of `POST /{phone-number-id}/media`, as a pull stream: the file's chunks
 * are read from `file` only as fast as the upload takes them (backpressure), each passed to `check`.
 */
export function multipartStream(
  file: { body: MediaBody; mimeType: string; filename: string },
  check: ChunkCheck,
): { contentType: string; body: ReadableStream<Uint8Array>; length: (fileBytes: number) => number } {
  const { contentType, head, tail, length } = multipartFrame(file.mimeType, file.filename);
  const reader = readerOf(file.body);
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(head);
        return;
      }
      try {
        const { done, value } = await reader.read();
        if (done || value === undefined) {
          controller.enqueue(tail);
          controller.close();
          return;
        }
        check(value);
        controller.enqueue(value);
      } catch (error) {
        await reader.cancel().catch(() => undefined);
        controller.error(error);
      }
    },
    cancel() {
      return reader.cancel();
    },
  });
  return { contentType, body, length };
}

export function createMediaStreams(options: MediaStreamOptions): MediaStreams {
  const { fetch, accessToken, phoneNumberId } = options;
  const root = `${options.baseUrl.replace(/\/+$/, "")}/${options.version}`;
  const auth = { authorization: `Bearer ${accessToken}` };
  return {
    async openDownload(url, signal) {
      let response: GraphResponse;
      try {
        // The media URL needs the Bearer token too; without it Meta refuses (reference §8).
        response = await fetch(url, { method: "GET", headers: auth, signal });
      } catch (error) {
        return networkFailure(error, signal);
      }
      if (response.status < 200 || response.status >= 300) {
        try {
          return failureFrom(await rawOf(response));
        } catch (error) {
          return networkFailure(error, signal);
        }
      }
      const length = Number(response.headers.get("content-length") ?? Number.NaN);
      let body = response.body ?? null;
      if (body === null) {
        // A fetch without streams (a test double): read it whole, the only way it offers.
        const bytes = new Uint8Array(await response.arrayBuffer());
        body = new ReadableStream({
          start(c) {
            c.enqueue(bytes);
            c.close();
          },
        });
      }
      const opened = body;
      return {
        ok: true,
        body: opened,
        cancel: () => {
          opened.cancel().catch(() => undefined);
        },
        length: Number.isFinite(length) ? length : null,
        mimeType: response.headers.get("content-type"),
      };
    },

    async upload(file, check, signal) {
      const { contentType, body } = multipartStream(file, check);
      const headers = { ...auth, "content-type": contentType };
      let raw: Raw;
      try {
        const url = `${root}/${phoneNumberId}/media`;
        const response = await fetch(url, { method: "POST", headers, body, duplex: "half", signal });
        raw = await rawOf(response);
      } catch (error) {
        return networkFailure(error, signal);
      }
      if (raw.kind !== "response" || raw.status < 200 || raw.status >= 300) return failureFrom(raw);
      const json = parseJson(raw.body);
      if (!isRecord(json) || typeof json.id !== "string") return unusableSuccess(raw, "a media id", true);
      return { ok: true, mediaId: json.id };
    },
  };
}
