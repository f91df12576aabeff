// What a media relay carries on its outbox row (outbox.media): the media to fetch from Meta and enough to
// tell someone, in their language, when it cannot be passed on. The bytes are never stored (SPEC §11).
import type { GraphMessage } from "../whatsapp/graph-client.js";
import { isMediaKind, type MediaKind } from "./limits.js";

export type MediaJob = {
  kind: MediaKind;
  /** Meta's id of the media as it came in (a customer's or a staff member's message). */
  id: string;
  mime: string | null;
  /** From the webhook: base64 or hex. */
  sha256: string | null;
  filename: string | null;
  animated: boolean;
  voice: boolean;
  /** The conversation and who sent the media, for "#N · photo from Sheena, no longer available". */
  n: number;
  from: string;
};

export function parseJob(text: string | null): MediaJob | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== "object" || v === null) return null;
    const job = v as Partial<MediaJob>;
    if (typeof job.kind !== "string" || !isMediaKind(job.kind) || typeof job.id !== "string") return null;
    if (typeof job.n !== "number" || typeof job.from !== "string") return null;
    return {
      kind: job.kind,
      id: job.id,
      mime: typeof job.mime === "string" ? job.mime : null,
      sha256: typeof job.sha256 === "string" ? job.sha256 : null,
      filename: typeof job.filename === "string" ? job.filename : null,
      animated: job.animated === true,
      voice: job.voice === true,
      n: job.n,
      from: job.from,
    };
  } catch {
    return null;
  }
}

/**
 * The message sent once the media is uploaded, minus its id: a caption for the kinds that take one, and a
 * document's file name (kept as the customer named it).
 */
export function mediaMessage(kind: MediaKind, caption: string | null, filename: string | null): GraphMessage {
  const body: Record<string, string> = {};
  if (caption !== null && caption !== "" && (kind === "image" || kind === "video" || kind === "document")) {
    // Meta's caption limit is 1024 characters.
    body.caption = caption.length > 1024 ? `${caption.slice(0, 1023)}…` : caption;
  }
  if (kind === "document" && filename !== null) body.filename = filename;
  return { type: kind, [kind]: body };
}

/** The stored message with the uploaded copy's id filled in. */
export function withMediaId(message: GraphMessage, kind: MediaKind, mediaId: string): GraphMessage {
  const part = message[kind];
  const body = typeof part === "object" && part !== null ? part : {};
  return { ...message, type: kind, [kind]: { ...body, id: mediaId } };
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "audio/amr": "amr",
  "application/pdf": "pdf",
};

/** The file name given to the upload: the sender's own, else the kind and an extension from the type. */
export function uploadName(job: MediaJob, mime: string): string {
  if (job.filename !== null && job.filename.trim() !== "") return job.filename;
  return `${job.kind}.${EXTENSIONS[mime] ?? "bin"}`;
}

/** "audio/ogg; codecs=opus" → "audio/ogg": the form the upload's `type` field takes. */
export function bareMime(mime: string): string {
  return mime.split(";")[0]?.trim().toLowerCase() || "application/octet-stream";
}
