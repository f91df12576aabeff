// The Node runtime's media transfers (graph-media.ts's MediaStreams) over undici's request API rather
// than its fetch. Measured by `npm run bench:media`: fetch's web-stream body grew the process by about
// 60 MB more on a first 100 MB download than request's Node stream did; request also lets the upload
// declare its Content-Length when the download gave one. The Graph client's other calls stay on fetch.
import type { Readable } from "node:stream";
import { request } from "undici";
import type { GraphFailure } from "./graph-client.js";
import { type MediaStreamOptions, type MediaStreams, multipartFrame, networkFailure } from "./graph-media.js";
import { failureFrom, isRecord, parseJson, type Raw, unusableSuccess } from "./graph-responses.js";

type UndiciAnswer = Awaited<ReturnType<typeof request>>;

function header(answer: UndiciAnswer, name: string): string | null {
  const value = answer.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

async function rawOf(answer: UndiciAnswer): Promise<Raw> {
  return {
    kind: "response",
    status: answer.statusCode,
    contentType: header(answer, "content-type"),
    retryAfter: header(answer, "retry-after"),
    date: header(answer, "date"),
    body: new Uint8Array(await answer.body.arrayBuffer()),
  };
}

export function undiciMediaStreams(options: Omit<MediaStreamOptions, "fetch">): MediaStreams {
  const root = `${options.baseUrl.replace(/\/+$/, "")}/${options.version}`;
  const auth = { authorization: `Bearer ${options.accessToken}` };
  return {
    async openDownload(url, signal) {
      let answer: UndiciAnswer;
      try {
        answer = await request(url, { method: "GET", headers: auth, signal });
      } catch (error) {
        return networkFailure(error, signal);
      }
      if (answer.statusCode < 200 || answer.statusCode >= 300) {
        try {
          return failureFrom(await rawOf(answer));
        } catch (error) {
          return networkFailure(error, signal);
        }
      }
      const length = Number(header(answer, "content-length") ?? Number.NaN);
      const body = answer.body;
      return {
        ok: true,
        // A Node stream, read as an async iterable: no web-stream wrapper on either side.
        body,
        cancel: () => {
          body.destroy();
        },
        length: Number.isFinite(length) ? length : null,
        mimeType: header(answer, "content-type"),
      };
    },

    async upload(file, check, signal) {
      const frame = multipartFrame(file.mimeType, file.filename);
      const headers: Record<string, string> = { ...auth, "content-type": frame.contentType };
      if (file.length !== null) headers["content-length"] = String(frame.length(file.length));
      const source = file.body;
      // Pulled by undici as it writes to the socket: backpressure reaches the download.
      async function* multipart(): AsyncGenerator<Uint8Array> {
        yield frame.head;
        for await (const chunk of source) {
          check(chunk);
          yield chunk;
        }
        yield frame.tail;
      }
      let raw: Raw;
      try {
        const answer = await request(`${root}/${options.phoneNumberId}/media`, {
          method: "POST",
          headers,
          // undici takes any async iterable of chunks; its types name only Readable.
          body: multipart() as unknown as Readable,
          signal,
        });
        raw = await rawOf(answer);
      } catch (error) {
        return networkFailure(error, signal) satisfies GraphFailure;
      }
      if (raw.kind !== "response" || raw.status < 200 || raw.status >= 300) return failureFrom(raw);
      const json = parseJson(raw.body);
      if (!isRecord(json) || typeof json.id !== "string") return unusableSuccess(raw, "a media id", true);
      return { ok: true, mediaId: json.id };
    },
  };
}
