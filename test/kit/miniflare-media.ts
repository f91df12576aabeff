// Meta's media endpoints for the Worker tests (miniflare.ts's fake Graph API): GET /{media-id}, the
// download from its URL, and POST /{phone-number-id}/media, with real bytes kept in this process.
import { type Request as MiniflareRequest, Response as MiniflareResponse } from "miniflare";

export const WORKER_CDN = "https://media.worker.test";

/** Files by media id: put here by a test, or uploaded by the Worker. */
export const workerMediaFiles = new Map<string, { bytes: Uint8Array; mime: string }>();
let uploads = 0;

/** Answers a media request, or null when the request is not one (the caller handles it). */
export async function fakeGraphMedia(
  request: MiniflareRequest,
  graph: string,
): Promise<MiniflareResponse | null> {
  const url = new URL(request.url);
  const bearer = request.headers.get("authorization") === "Bearer worker-token";
  if (url.origin === WORKER_CDN && request.method === "GET") {
    const file = workerMediaFiles.get(decodeURIComponent(url.pathname.slice(1)));
    if (!bearer || !file) return new MiniflareResponse(null, { status: bearer ? 404 : 401 });
    return new MiniflareResponse(file.bytes, { headers: { "content-type": file.mime } });
  }
  if (url.origin !== graph) return null;
  if (request.method === "POST" && /^\/v[\d.]+\/\d+\/media$/.test(url.pathname)) {
    const form = await request.formData();
    const file = form.get("file");
    if (!bearer || typeof file === "string" || file === null) {
      return MiniflareResponse.json({ error: { code: 100 } }, { status: 400 });
    }
    uploads += 1;
    const id = `WUP.${uploads}`;
    workerMediaFiles.set(id, {
      bytes: new Uint8Array(await file.arrayBuffer()),
      mime: String(form.get("type")),
    });
    return MiniflareResponse.json({ id });
  }
  const media = /^\/v[\d.]+\/([^/]+)$/.exec(url.pathname);
  if (request.method === "GET" && media?.[1] !== undefined) {
    const id = decodeURIComponent(media[1]);
    const file = workerMediaFiles.get(id);
    if (!bearer || !file) return MiniflareResponse.json({ error: { code: 100 } }, { status: 400 });
    return MiniflareResponse.json({
      url: `${WORKER_CDN}/${encodeURIComponent(id)}`,
      mime_type: file.mime,
      file_size: file.bytes.length,
      id,
    });
  }
  return null;
}
