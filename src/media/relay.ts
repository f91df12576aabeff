// Sending one media row of the outbox (SPEC §11): GET /{media-id} for a short-lived URL, download it with
// the token, stream it into POST /{phone-number-id}/media, then send the message by the new id. It runs in
// the dispatcher, outside any transaction; each step that finishes is recorded on the row in a short
// transaction of its own, so a retry after the upload sends the uploaded copy instead of uploading again.
// Failures take §8's retry classes through the ordinary outcome (recordOutcome); media that cannot be
// passed on becomes a text that says so, never a silent drop (SPEC §17.3).
import { and, eq } from "drizzle-orm";
import type { Clock } from "../clock.js";
import { MAX_ATTEMPTS } from "../outbox/backoff.js";
import type { SendBatch } from "../outbox/claim.js";
import type { OutboxRow } from "../outbox/failure.js";
import { textMessage } from "../outbox/payload.js";
import type { InboxDb } from "../store/db.js";
import { messages, outbox } from "../store/schema.js";
import { inboxTexts } from "../texts/stored-language.js";
import type { GraphClient, GraphFailure, SendResult } from "../whatsapp/graph-client.js";
import type { MediaStreams } from "../whatsapp/graph-media.js";
import { bareMime, type MediaJob, parseJob, uploadName, withMediaId } from "./job.js";
import { formatBytes, sizeLimit } from "./limits.js";
import { decodeSha256, type Sha256Factory, sameDigest } from "./sha256.js";

export type MediaRelayDeps = {
  db: InboxDb;
  graph: Pick<GraphClient, "getMediaUrl" | "sendMessage">;
  streams: MediaStreams;
  clock: Clock;
  sha256: Sha256Factory;
  /** How long one download-and-upload may take; the row's lease is stretched to cover it. */
  transferTimeoutMs?: number;
};

/** "Network errors and 5xx follow §8's retry classes for up to an hour" (SPEC §17.3). */
export const MEDIA_RETRY_MS = 60 * 60_000;
/** A 404 on the short-lived URL fetches a new URL, up to this many times (SPEC §17.3). */
export const URL_REFETCHES = 3;
const DEFAULT_TRANSFER_MS = 10 * 60_000;

export function isMediaBatch(batch: SendBatch): boolean {
  return batch.rows.length === 1 && batch.rows[0]?.media != null;
}

type Transfer =
  | { ok: true; mediaId: string; size: number }
  | { ok: false; why: "gone" }
  /** `partial`: the download was stopped at `size` bytes, so the whole file is bigger still. */
  | { ok: false; why: "too_big"; size: number; limit: number; partial?: boolean }
  | { ok: false; why: "failure"; failure: GraphFailure };

class TooBig extends Error {}

/** Whether Meta said the media id itself is unknown or expired (400/404), not that it failed for now. */
function mediaIdGone(failure: GraphFailure): boolean {
  return failure.source === "api" && (failure.httpStatus === 400 || failure.httpStatus === 404);
}

export async function transferMedia(deps: MediaRelayDeps, job: MediaJob): Promise<Transfer> {
  const limit = sizeLimit(job.kind, job.animated);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.transferTimeoutMs ?? DEFAULT_TRANSFER_MS);
  try {
    for (let refetch = 0; ; refetch++) {
      const meta = await deps.graph.getMediaUrl(job.id);
      if (!meta.ok)
        return mediaIdGone(meta) ? { ok: false, why: "gone" } : { ok: false, why: "failure", failure: meta };
      if (meta.fileSize !== null && meta.fileSize > limit)
        return { ok: false, why: "too_big", size: meta.fileSize, limit };
      const download = await deps.streams.openDownload(meta.url, controller.signal);
      if (!download.ok) {
        // The URL lives 5 minutes: a 404 on it means ask for a new one, not that the media is gone.
        if (download.source === "api" && download.httpStatus === 404) {
          if (refetch < URL_REFETCHES) continue;
          return { ok: false, why: "gone" };
        }
        return { ok: false, why: "failure", failure: download };
      }
      if (download.length !== null && download.length > limit) {
        // Not awaited: a server that keeps the body open must not hold the relay.
        download.cancel();
        return { ok: false, why: "too_big", size: download.length, limit };
      }
      const mime = bareMime(job.mime ?? meta.mimeType ?? download.mimeType ?? "application/octet-stream");
      const hash = deps.sha256();
      let size = 0;
      const uploaded = await deps.streams.upload(
        { body: download.body, mimeType: mime, filename: uploadName(job, mime), length: download.length },
        (chunk) => {
          size += chunk.length;
          // No Content-Length, or a wrong one: the count stops the upload before Meta gets it whole.
          if (size > limit) {
            // Erroring the body alone leaves some fetches waiting for the rest of it: abort the request.
            controller.abort();
            throw new TooBig();
          }
          hash.update(chunk);
        },
        controller.signal,
      );
      if (size > limit) return { ok: false, why: "too_big", size, limit, partial: true };
      if (!uploaded.ok) return { ok: false, why: "failure", failure: uploaded };
      const expected = decodeSha256(job.sha256 ?? meta.sha256 ?? "");
      if (expected !== null && !sameDigest(expected, hash.digest())) {
        const reason = inboxTexts(deps.db).mediaChecksum();
        return { ok: false, why: "failure", failure: retryable(reason) };
      }
      return { ok: true, mediaId: uploaded.mediaId, size };
    }
  } finally {
    clearTimeout(timer);
  }
}

function retryable(reason: string): GraphFailure {
  return {
    ok: false,
    outcome: "retry",
    windowClosed: false,
    code: null,
    httpStatus: null,
    reason,
    source: "network",
  };
}

function refused(reason: string): GraphFailure {
  return {
    ok: false,
    outcome: "fail",
    windowClosed: false,
    code: null,
    httpStatus: null,
    reason,
    source: "api",
  };
}

/** The one row of a media batch: fetch, upload (unless done before), send. */
export async function sendMediaRow(deps: MediaRelayDeps, batch: SendBatch): Promise<SendResult> {
  const row = batch.rows[0] as OutboxRow;
  const job = parseJob(row.media);
  if (job === null) return refused("unreadable media job");
  const to = { recipient: batch.recipient, kind: batch.kind };
  let mediaId = row.mediaUploadId;
  if (mediaId === null) {
    stretchLease(deps, row);
    const moved = await transferMedia(deps, job);
    if (moved.ok) {
      mediaId = moved.mediaId;
      recordUpload(deps, row, moved.mediaId, moved.size);
    } else if (moved.why === "failure" && (moved.failure.outcome !== "retry" || !outOfTime(deps, row))) {
      step(deps, row, `failed: ${moved.failure.reason}`);
      return moved.failure;
    } else {
      return cannotPassOn(deps, batch, job, moved);
    }
  }
  return deps.graph.sendMessage(to, withMediaId(batch.message, job.kind, mediaId), batch.opaque);
}

function outOfTime(deps: MediaRelayDeps, row: OutboxRow): boolean {
  return row.attempts + 1 >= MAX_ATTEMPTS || deps.clock.now() - row.createdAt >= MEDIA_RETRY_MS;
}

/**
 * The media cannot be passed on. A staff member (or the staff group) gets a text instead, on this same
 * row, so the text itself has the row's retries and is never lost; a customer gets nothing, and the
 * staff member who sent it is told why (the failure notice, failure.ts).
 */
async function cannotPassOn(
  deps: MediaRelayDeps,
  batch: SendBatch,
  job: MediaJob,
  moved: Exclude<Transfer, { ok: true }>,
): Promise<SendResult> {
  const row = batch.rows[0] as OutboxRow;
  const t = inboxTexts(deps.db);
  const what = job.voice ? t.mediaKind.voice : t.mediaKind[job.kind];
  const tooBig =
    moved.why === "too_big"
      ? {
          size: moved.partial ? t.mediaSizeOver({ size: formatBytes(moved.size) }) : formatBytes(moved.size),
          limit: formatBytes(moved.limit),
        }
      : null;
  if (row.recipientKind === "customer") {
    step(deps, row, tooBig === null ? "gone" : `too big: ${tooBig.size}`);
    return refused(tooBig === null ? t.mediaReplyGone() : t.mediaReplyTooBig({ what, ...tooBig }));
  }
  const text =
    tooBig === null
      ? t.mediaGone({ n: job.n, what, from: job.from })
      : t.mediaTooBig({ n: job.n, what, from: job.from, ...tooBig });
  const message = textMessage(text);
  deps.db.transaction((tx) =>
    tx
      .update(outbox)
      .set({ payload: JSON.stringify(message), media: null, mediaStep: `sent as text: ${moved.why}` })
      .where(eq(outbox.id, row.id))
      .run(),
  );
  return deps.graph.sendMessage({ recipient: batch.recipient, kind: batch.kind }, message, batch.opaque);
}

/** A 100 MB transfer outlasts the ordinary lease: the row stays ours while its bytes move. */
function stretchLease(deps: MediaRelayDeps, row: OutboxRow): void {
  const until = deps.clock.now() + (deps.transferTimeoutMs ?? DEFAULT_TRANSFER_MS) + 60_000;
  deps.db.transaction((tx) =>
    tx
      .update(outbox)
      .set({ leaseUntil: until })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, "sending")))
      .run(),
  );
}

function recordUpload(deps: MediaRelayDeps, row: OutboxRow, mediaId: string, size: number): void {
  deps.db.transaction((tx) => {
    tx.update(outbox)
      .set({ mediaUploadId: mediaId, mediaStep: `uploaded ${size} bytes` })
      .where(eq(outbox.id, row.id))
      .run();
    if (row.sourceMessageId !== null) {
      tx.update(messages).set({ mediaSize: size }).where(eq(messages.id, row.sourceMessageId)).run();
    }
    // A reply to a customer has its own outbound message row, which /show lists.
    tx.update(messages)
      .set({ mediaSize: size })
      .where(eq(messages.dedupKey, `out:${row.id}`))
      .run();
  });
}

function step(deps: MediaRelayDeps, row: OutboxRow, text: string): void {
  deps.db.transaction((tx) =>
    tx
      .update(outbox)
      .set({ mediaStep: text.slice(0, 300) })
      .where(eq(outbox.id, row.id))
      .run(),
  );
}
