// The Node runtime's media transfers (graph-media.ts's MediaStreams) over undici's request API rather
// than its fetch. Measured by `npm run bench:media`: fetch's web-stream body grew the process by about
// 60 MB more on a first 100 MB download than request's Node stream did; request also lets the upload
// declare its Content-Length when the download gave one. The Graph client's other calls stay on fetch.
import { Readable } from "node:stream";
import { request } from "undici";
import type { GraphFailure } from "./graph-client.js";
import {
  type MediaStreamOptions,
  type MediaStreams,
  multipartStream,
  networkFailure,
} from "./graph-media.js";
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
      return {
        ok: true,
        body: Readable.toWeb(answer.body) as ReadableStream<Uint8Array>,
        length: Number.isFinite(length) ? length : null,
        mimeType: header(answer, "content-type"),
      };
    },

    async upload(file, check, signal) {
      const multipart = multipartStream(file, check);
      const headers: Record<string, string> = { ...auth, "content-type": multipart.contentType };
      if (file.length !== null) headers["content-length"] = String(multipart.length(file.length));
      let raw: Raw;
      try {
        const answer = await request(`${root}/${options.phoneNumberId}/media`, {
          method: "POST",
          headers,
          body: Readable.fromWeb(multipart.body as import("node:stream/web").ReadableStream<Uint8Array>),
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
