import { formatWindow, windowState } from "../domain/window.js";
import { TEXT_LIMIT } from "../outbox/payload.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import type { Catalog } from "../texts/catalog.js";
import { en } from "../texts/en.js";
import type { ConversationRow } from "./conversations.js";
import { type ContactRow, contactWithNumber } from "./identities.js";
import { alsoCameLine } from "./media-catch-up.js";
import { mediaForwardOf, relayToNewQueue, relayToOwner, relayToTeam } from "./media-forwards.js";
import type { CustomerMessageNotice, Notifier } from "./notifier.js";
import type { InboxOptions } from "./options.js";
import { inParts } from "./parts.js";
import { inboxTexts, tellNewQueue, tellStaffById, tellTeam } from "./staff-notices.js";

/** "Customer message in New → … at most once per 10 minutes per conversation" (SPEC §6). */
export const NEW_NOTICE_INTERVAL_MS = 10 * 60_000;

export function conversationTitle(conv: Pick<ConversationRow, "id">, contact: ContactRow): string {
  return `#${conv.id} · ${contactWithNumber(contact)}`;
}

export function windowLine(
  conv: Pick<ConversationRow, "windowExpiresAt">,
  now: number,
  t: Catalog = en,
): string {
  return formatWindow(windowState(conv.windowExpiresAt, now), t);
}

function messageBody(notice: CustomerMessageNotice): string {
  const { message } = notice;
  if (message.type === "text" && message.text) return message.text;
  const kind = message.type === "unsupported" && message.subtype ? message.subtype : message.type;
  return message.text ? `[${kind}] ${message.text}` : `[${kind}]`;
}

/** The inbox running itself (autorun/steward.ts): may hand the conversation out before anyone is told. */
export type BeforeNotices = {
  customerMessage: (
    tx: InboxDb,
    notice: { conversation: ConversationRow; contact: ContactRow; now: number },
  ) => ConversationRow;
};

export function createCustomerNotifier(
  options: InboxOptions,
  autorun: BeforeNotices | null = null,
): Notifier {
  return {
    customerMessage(tx, notice) {
      const { contact, now } = notice;
      // §17.9: a conversation auto-assignment hands out at once is told to its new owner, not to New.
      const conv = autorun ? autorun.customerMessage(tx, notice) : notice.conversation;
      const t = inboxTexts(tx);
      const base = { now, conversationId: conv.id, options };
      const takeShow = { kind: "take_show", n: conv.id } as const;
      const window = windowLine(conv, now, t);
      const body = messageBody(notice);
      const title = conversationTitle(conv, contact);
      const media = mediaForwardOf(notice);
      // SPEC §16: a message too long for one WhatsApp message goes in numbered parts, nothing cut.
      const parts = (head: string, tail: string) =>
        inParts({
          head,
          numbered: (i, of) => `${head}${t.part({ i, of })}`,
          body,
          tail,
          limit: TEXT_LIMIT,
        });

      if (conv.assigneeId === null && conv.teamId === null) {
        // New: announced when it appears, then at most every 10 minutes while nobody takes it.
        const due = notice.outcome !== "existing" || dueForNewNotice(conv, now);
        if (!due) return;
        // SPEC §17.2: the media that came while notices were held back, counted in this one.
        const also =
          conv.lastNewNoticeAt === null
            ? null
            : alsoCameLine(tx, t, conv.id, conv.lastNewNoticeAt, notice.messageId);
        markNewNotice(tx, conv.id, now);
        const lead = notice.outcome === "reopened" ? `${title}${t.reopenedMark()}` : title;
        const take = `${window}\n${also === null ? "" : `${also}\n`}${t.noticeTakeIt({ n: conv.id })}`;
        // Reply buttons on the last part, the one that ends with what to do (SPEC §12).
        const texts = parts(lead, take);
        texts.forEach((text, i) => {
          tellNewQueue(tx, text, i === texts.length - 1 ? { ...base, buttons: takeShow } : base);
        });
        if (media !== null) relayToNewQueue(tx, media, { ...base, sourceMessageId: notice.messageId });
        return;
      }

      // Media goes as the same kind of media, captioned `#N · name` (SPEC §11), instead of a text; a
      // reopened conversation's text (which says so) goes first.
      if (media !== null && notice.outcome !== "reopened") {
        const o = { ...base, sourceMessageId: notice.messageId };
        if (conv.assigneeId !== null) relayToOwner(tx, media, conv.assigneeId, o);
        else if (conv.teamId !== null) relayToTeam(tx, media, conv.teamId, o);
        return;
      }

      const forward = { ...base, purpose: "forward" as const, sourceMessageId: notice.messageId };
      const reopened = notice.outcome === "reopened" ? t.reopenedCustomerWrote() : "";
      const texts = parts(`${title}${reopened}`, window);
      if (conv.assigneeId !== null) {
        let owner: string | null = null;
        for (const text of texts) owner = tellStaffById(tx, conv.assigneeId, text, forward);
        if (media !== null)
          relayToOwner(tx, media, conv.assigneeId, { ...base, sourceMessageId: notice.messageId });
        if (notice.outcome === "reopened" && conv.teamId !== null) {
          const back = t.reopenedBackWithOwner({ n: conv.id, owner: owner ?? t.itsOwner() });
          tellTeam(tx, conv.teamId, back, { ...base, except: [conv.assigneeId] });
        }
        return;
      }
      if (conv.teamId !== null) {
        const teamId = conv.teamId;
        texts.forEach((text, i) => {
          tellTeam(tx, teamId, text, i === texts.length - 1 ? { ...forward, buttons: takeShow } : forward);
        });
        if (media !== null) relayToTeam(tx, media, teamId, { ...base, sourceMessageId: notice.messageId });
      }
    },

    deliveryFailed(tx, notice) {
      if (notice.requestedByStaffId === null) return;
      const t = inboxTexts(tx);
      const n = notice.conversationId;
      const text =
        notice.windowClosed && n !== null
          ? t.notDeliveredWindow({ n })
          : t.notDelivered({ n, reason: notice.reason });
      tellStaffById(tx, notice.requestedByStaffId, text, {
        now: notice.now,
        conversationId: notice.conversationId,
        options,
      });
    },
  };
}

function dueForNewNotice(conv: ConversationRow, now: number): boolean {
  return conv.lastNewNoticeAt === null || now - conv.lastNewNoticeAt >= NEW_NOTICE_INTERVAL_MS;
}

function markNewNotice(tx: InboxDb, conversationId: number, now: number): void {
  hot(tx).markNewNotice.run({ id: conversationId, now });
}
