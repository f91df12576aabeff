// SPEC §17.2: while a conversation waits in New, its notices go out at most once per 10 minutes, media
// included. The next notice says what else came ("also sent: +2 photos"), and whoever takes the
// conversation receives the media no notice carried, so nothing the customer sent is missed.
import { and, asc, desc, eq, gt, inArray, isNotNull, notInArray } from "drizzle-orm";
import { mediaMessage } from "../media/job.js";
import { isMediaKind, takesCaption } from "../media/limits.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { contacts, messages, outbox } from "../store/schema.js";
import type { Catalog } from "../texts/catalog.js";
import { forwardableMessage } from "../whatsapp/forward-payload.js";
import type { InboundMessage } from "../whatsapp/updates.js";
import { contactLabel, type StaffRow } from "./identities.js";
import { type MediaForward, relayToStaff } from "./media-forwards.js";
import type { InboxOptions } from "./options.js";

const RELAYED_KINDS = ["image", "video", "audio", "document", "sticker", "location", "contacts"];

type Row = typeof messages.$inferSelect;

/** The customer's media in a conversation stored after `since` (ms), oldest first. */
function mediaSince(tx: InboxDb, conversationId: number, since: number): Row[] {
  return tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.direction, "in"),
        gt(messages.createdAt, since),
        inArray(messages.type, RELAYED_KINDS),
      ),
    )
    .orderBy(asc(messages.id))
    .all();
}

/** "also sent: +2 photos, +1 voice note", or null when nothing else came. */
export function alsoCameLine(
  tx: InboxDb,
  t: Catalog,
  conversationId: number,
  since: number,
  exceptMessageId: number,
): string | null {
  const counts = new Map<string, number>();
  for (const row of mediaSince(tx, conversationId, since)) {
    if (row.id === exceptMessageId) continue;
    const kind = row.type === "audio" && isVoice(row) ? "voice" : row.type;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const list = [...counts].map(([kind, count]) => t.mediaCount({ kind, count })).join(", ");
  return t.mediaAlsoCame({ list });
}

function rawOf(row: Row): unknown {
  try {
    return row.raw === null ? null : JSON.parse(row.raw);
  } catch {
    return null;
  }
}

function isVoice(row: Row): boolean {
  const raw = rawOf(row) as { audio?: { voice?: unknown } } | null;
  return raw?.audio?.voice === true;
}

/** A stored customer message as the forward media-forwards.ts sends, or null when it cannot go. */
function forwardOf(row: Row, n: number, name: string): MediaForward | null {
  const title = `#${n} · ${name}`;
  if (isMediaKind(row.type) && row.mediaId !== null) {
    const raw = rawOf(row) as Record<string, { caption?: unknown; animated?: unknown }> | null;
    const part = raw?.[row.type];
    const own = typeof part?.caption === "string" ? part.caption : row.mediaFilename;
    return {
      title,
      lead: takesCaption(row.type) ? null : title,
      message: mediaMessage(row.type, own === null ? title : `${title}\n${own}`, row.mediaFilename),
      job: {
        kind: row.type,
        id: row.mediaId,
        mime: row.mediaMime,
        sha256: row.mediaSha256,
        filename: row.mediaFilename,
        animated: part?.animated === true,
        voice: isVoice(row),
        n,
        from: name,
      },
    };
  }
  const message = forwardableMessage({ type: row.type, raw: rawOf(row) } as InboundMessage);
  return message === null ? null : { title, lead: title, message, job: null };
}

/** Media relayed once is never relayed again by a catch-up; a held-back notice's media never was. */
const CATCH_UP_MAX = 20;

/**
 * The new owner of a conversation that waited in New gets the customer's media that no notice carried
 * (held back by the 10-minute limit), newest CATCH_UP_MAX at most, oldest first.
 */
export function relayMissedMedia(
  tx: InboxDb,
  conv: { id: number; contactId: number; lastNewNoticeAt: number | null },
  person: StaffRow,
  o: { now: number; options: Pick<InboxOptions, "staffNotifyTemplate"> },
): number {
  if (conv.lastNewNoticeAt === null) return 0;
  // Most conversations hold no media: one indexed probe instead of the query below, on every /assign.
  if (hot(tx).inboundMediaIn.get({ conversationId: conv.id }) === undefined) return 0;
  const contact = tx.select().from(contacts).where(eq(contacts.id, conv.contactId)).get();
  if (!contact) return 0;
  const name = contactLabel(contact);
  const relayed = tx
    .select({ id: outbox.sourceMessageId })
    .from(outbox)
    // NOT IN over a list holding a NULL matches nothing: only rows that name their message.
    .where(
      and(eq(outbox.conversationId, conv.id), eq(outbox.purpose, "media"), isNotNull(outbox.sourceMessageId)),
    );
  const missed = tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conv.id),
        eq(messages.direction, "in"),
        inArray(messages.type, RELAYED_KINDS),
        notInArray(messages.id, relayed),
      ),
    )
    .orderBy(desc(messages.id))
    .limit(CATCH_UP_MAX)
    .all()
    .reverse();
  let sent = 0;
  for (const row of missed) {
    const fwd = forwardOf(row, conv.id, name);
    if (fwd === null) continue;
    relayToStaff(tx, fwd, [person], {
      now: o.now,
      conversationId: conv.id,
      options: o.options,
      sourceMessageId: row.id,
      withLead: true,
    });
    sent += 1;
  }
  return sent;
}
