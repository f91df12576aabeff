// A customer's photo, video, voice note, document, sticker, location or contacts, passed on to whoever
// §6 tells about the message, as the same kind of message (SPEC §11). Called inside the message's
// transaction: the rows commit with it, and the outbox fetches and uploads the bytes later.
import type { MediaJob } from "../media/job.js";
import { mediaMessage } from "../media/job.js";
import { isMediaKind, takesCaption } from "../media/limits.js";
import { enqueueMediaToGroup, enqueueMediaToStaff } from "../outbox/enqueue-media.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { forwardableMessage } from "../whatsapp/forward-payload.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";
import { contactLabel, type StaffRow } from "./identities.js";
import type { CustomerMessageNotice } from "./notifier.js";
import type { InboxOptions } from "./options.js";
import { teamMembersOf, tellStaff } from "./staff-notices.js";

export type MediaForward = {
  /** `#N · name`: the caption, or the one-line text before the kinds that take none (SPEC §17.1). */
  title: string;
  /** Sent before the media: audio, stickers, locations and contacts have no caption at Meta. */
  lead: string | null;
  message: GraphMessage;
  job: MediaJob | null;
};

/** Null for a message that is not media (text, reactions, …): those go as text, as before. */
export function mediaForwardOf(notice: CustomerMessageNotice): MediaForward | null {
  const { message: msg, conversation: conv, contact } = notice;
  const name = contactLabel(contact);
  const title = `#${conv.id} · ${name}`;
  if (msg.media !== null && isMediaKind(msg.type)) {
    const own = msg.media.caption ?? msg.media.filename;
    const caption = own === null ? title : `${title}\n${own}`;
    const job: MediaJob = {
      kind: msg.type,
      id: msg.media.id,
      mime: msg.media.mimeType,
      sha256: msg.media.sha256,
      filename: msg.media.filename,
      animated: msg.media.animated,
      voice: msg.media.voice,
      n: conv.id,
      from: name,
    };
    const lead = takesCaption(msg.type) ? null : title;
    return { title, lead, message: mediaMessage(msg.type, caption, msg.media.filename), job };
  }
  const other = forwardableMessage(msg);
  return other === null ? null : { title, lead: title, message: other, job: null };
}

type Base = { now: number; conversationId: number; options: Pick<InboxOptions, "staffNotifyTemplate"> };

/** To these staff members: the lead line (a forward, so quoting it answers the customer), then the media. */
export function relayToStaff(
  tx: InboxDb,
  fwd: MediaForward,
  people: readonly StaffRow[],
  o: Base & { sourceMessageId: number; withLead: boolean },
): void {
  for (const person of people) {
    if (o.withLead && fwd.lead !== null) {
      tellStaff(tx, person, fwd.lead, { ...o, purpose: "forward", sourceMessageId: o.sourceMessageId });
    }
    enqueueMediaToStaff(tx, {
      now: o.now,
      staff: person,
      message: fwd.message,
      job: fwd.job,
      conversationId: o.conversationId,
      sourceMessageId: o.sourceMessageId,
    });
  }
}

export function relayToOwner(
  tx: InboxDb,
  fwd: MediaForward,
  ownerId: number,
  o: Base & { sourceMessageId: number },
): void {
  const owner = hot(tx).staffById.get({ id: ownerId });
  if (owner?.active) relayToStaff(tx, fwd, [owner], { ...o, withLead: true });
}

export function relayToTeam(
  tx: InboxDb,
  fwd: MediaForward,
  teamId: number,
  o: Base & { sourceMessageId: number },
): void {
  relayToStaff(tx, fwd, teamMembersOf(tx, teamId, true), { ...o, withLead: true });
}

/**
 * After a New notice (which already names the customer): the staff group, else every available staff
 * member, as tellNewQueue tells them.
 */
export function relayToNewQueue(
  tx: InboxDb,
  fwd: MediaForward,
  o: Base & { sourceMessageId: number; options: Pick<InboxOptions, "staffNotifyTemplate" | "staffGroupId"> },
): void {
  const groupId = o.options.staffGroupId;
  if (groupId) {
    enqueueMediaToGroup(tx, {
      now: o.now,
      groupId,
      message: fwd.message,
      job: fwd.job,
      conversationId: o.conversationId,
      sourceMessageId: o.sourceMessageId,
    });
    return;
  }
  relayToStaff(tx, fwd, hot(tx).availableStaff.all(), { ...o, withLead: false });
}
