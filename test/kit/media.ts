// Meta's media endpoints in msw, with real bytes: GET /{media-id} (a short-lived URL), the download from
// that URL (Bearer token required), and POST /{phone-number-id}/media (multipart). Files uploaded by the
// bot are stored like any other, so a test reads back exactly what a recipient would receive. Faults are
// queued per endpoint: each queued function may answer one request instead of the fake.
import { createHash, randomBytes } from "node:crypto";
import { HttpResponse, http } from "msw";
import type { SetupServer } from "msw/node";
import { TEST_DISPLAY_NUMBER, TEST_PHONE_NUMBER_ID } from "./fixtures.js";

export const CDN = "https://media.e2e.test";

export type StoredFile = { bytes: Uint8Array; mime: string; filename: string | null };
type Fault = () => Response | null;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

/** Deterministic-length random bytes standing in for a photo, a PDF, a voice note. */
export function fakeFile(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}

export function fakeMetaMedia(server: SetupServer, graph: string, token = "token") {
  const files = new Map<string, StoredFile>();
  const calls = { urls: 0, downloads: 0, uploads: 0 };
  const faults: { url: Fault[]; download: Fault[]; upload: Fault[] } = { url: [], download: [], upload: [] };
  /** Sizes Meta claims in GET /{media-id} instead of the real one (to test the size limits). */
  const claimedSize = new Map<string, number>();
  /** Downloads without Content-Length (chunked), as a CDN may send them. */
  const options = { hideLength: false };
  let seq = 0;

  function put(bytes: Uint8Array, mime: string, filename: string | null = null, id?: string): string {
    seq += 1;
    const key = id ?? `MEDIA.${seq}`;
    files.set(key, { bytes, mime, filename });
    return key;
  }

  const fault = (queue: Fault[]) => (queue.length > 0 ? (queue.shift()?.() ?? null) : null);
  const authorized = (request: Request) => request.headers.get("authorization") === `Bearer ${token}`;

  server.use(
    http.post(`${graph}/:version/${TEST_PHONE_NUMBER_ID}/media`, async ({ request }) => {
      calls.uploads += 1;
      if (!authorized(request)) return HttpResponse.json({ error: { code: 190 } }, { status: 401 });
      const form = await request.formData();
      const failed = fault(faults.upload);
      if (failed) return failed;
      const file = form.get("file");
      if (form.get("messaging_product") !== "whatsapp" || !(file instanceof Blob)) {
        return HttpResponse.json({ error: { code: 100, message: "bad upload" } }, { status: 400 });
      }
      const name = file instanceof File ? file.name : null;
      const id = put(
        new Uint8Array(await file.arrayBuffer()),
        String(form.get("type")),
        name,
        `UP.${seq + 1}`,
      );
      return HttpResponse.json({ id });
    }),
    http.get(`${graph}/:version/:mediaId`, ({ request, params }) => {
      calls.urls += 1;
      if (!authorized(request)) return HttpResponse.json({ error: { code: 190 } }, { status: 401 });
      const failed = fault(faults.url);
      if (failed) return failed;
      const id = String(params.mediaId);
      const file = files.get(id);
      if (!file) {
        return HttpResponse.json(
          { error: { code: 100, message: "Unsupported get request", type: "GraphMethodException" } },
          { status: 400 },
        );
      }
      return HttpResponse.json({
        messaging_product: "whatsapp",
        url: `${CDN}/m/${encodeURIComponent(id)}?ts=${calls.urls}`,
        mime_type: file.mime,
        sha256: sha256Hex(file.bytes),
        file_size: claimedSize.get(id) ?? file.bytes.length,
        id,
      });
    }),
    http.get(`${CDN}/m/:mediaId`, ({ request, params }) => {
      calls.downloads += 1;
      if (!authorized(request)) return new HttpResponse(null, { status: 401 });
      const failed = fault(faults.download);
      if (failed) return failed;
      const file = files.get(String(params.mediaId));
      if (!file) return new HttpResponse(null, { status: 404 });
      const length: Record<string, string> = options.hideLength
        ? {}
        : { "content-length": String(file.bytes.length) };
      // In 64 KB chunks, as a network delivers them, so a limit can stop the stream part way.
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < file.bytes.length; at += 65_536)
        chunks.push(file.bytes.subarray(at, at + 65_536));
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          const next = chunks.shift();
          if (next === undefined) c.close();
          else c.enqueue(next);
        },
      });
      return new HttpResponse(body, { headers: { "content-type": file.mime, ...length } });
    }),
  );

  return { files, calls, faults, claimedSize, options, put };
}

/** A webhook body with one message of any type from a customer or staff member. */
export function makeMessageWebhook(options: {
  from: string;
  id: string;
  timestamp: number;
  name?: string;
  message: Record<string, unknown>;
  quotedId?: string;
}) {
  const message = {
    from: options.from,
    id: options.id,
    timestamp: String(options.timestamp),
    ...options.message,
    ...(options.quotedId === undefined
      ? {}
      : { context: { from: TEST_DISPLAY_NUMBER, id: options.quotedId } }),
  };
  const contact = {
    ...(options.name === undefined ? {} : { profile: { name: options.name } }),
    wa_id: options.from,
  };
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: TEST_DISPLAY_NUMBER, phone_number_id: TEST_PHONE_NUMBER_ID },
              contacts: [contact],
              messages: [message],
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}
