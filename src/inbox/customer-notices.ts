import { formatWindow, windowState } from "../domain/window.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import type { ConversationRow } from "./conversations.js";
import { type ContactRow, contactLabel } from "./identities.js";
import type { CustomerMessageNotice, Notifier } from "./notifier.js";
import type { InboxOptions } from "./options.js";
import { tellNewQueue, tellStaffById, tellTeam } from "./staff-notices.js";

/** "Customer message in New → … at most once per 10 minutes per conversation" (SPEC §6). */
export const NEW_NOTICE_INTERVAL_MS = 10 * 60_000;

export function conversationTitle(conv: Pick<ConversationRow, "id">, contact: ContactRow): string {
  const phone = contact.waId ? ` · +${contact.waId}` : "";
  return `#${conv.id} · ${contactLabel(contact)}${phone}`;
}

export function windowLine(conv: Pick<ConversationRow, "windowExpiresAt">, now: number): string {
  return formatWindow(windowState(conv.windowExpiresAt, now));
}

function messageBody(notice: CustomerMessageNotice): string {
  const { message } = notice;
  if (message.type === "text" && message.text) return message.text;
  const kind = message.type === "unsupported" && message.subtype ? message.subtype : message.type;
  return message.text ? `[${kind}] ${message.text}` : `[${kind}]`;
}

export function createCustomerNotifier(options: InboxOptions): Notifier {
  return {
    customerMessage(tx, notice) {
      const { conversation: conv, contact, now } = notice;
      const base = { now, conversationId: conv.id, options };
      const window = windowLine(conv, now);
      const body = messageBody(notice);

      if (notice.outcome === "created" || (conv.assigneeId === null && conv.teamId === null)) {
        // New: announced when it appears, then at most every 10 minutes while nobody takes it.
        const due = notice.outcome !== "existing" || dueForNewNotice(conv, now);
        if (!due) return;
        markNewNotice(tx, conv.id, now);
        const lead =
          notice.outcome === "reopened"
            ? `${conversationTitle(conv, contact)} (reopened)`
            : conversationTitle(conv, contact);
        tellNewQueue(tx, `${lead}\n${body}\n${window}\nReply /assign me #${conv.id}`, base);
        return;
      }

      const forward = { ...base, purpose: "forward" as const, sourceMessageId: notice.messageId };
      const reopened = notice.outcome === "reopened" ? " (reopened: the customer wrote again)" : "";
      const text = `${conversationTitle(conv, contact)}${reopened}\n${body}\n${window}`;
      if (conv.assigneeId !== null) {
        const owner = tellStaffById(tx, conv.assigneeId, text, forward);
        if (notice.outcome === "reopened" && conv.teamId !== null) {
          const back = `#${conv.id} reopened: the customer wrote again; back with ${owner ?? "its owner"}`;
          tellTeam(tx, conv.teamId, back, { ...base, except: [conv.assigneeId] });
        }
        return;
      }
      if (conv.teamId !== null) tellTeam(tx, conv.teamId, text, forward);
    },

    deliveryFailed(tx, notice) {
      if (notice.requestedByStaffId === null) return;
      const prefix = notice.conversationId !== null ? `#${notice.conversationId} ` : "";
      const text = notice.windowClosed
        ? `${prefix}not delivered: the customer's 24-hour window is closed (Meta 131047) · templates only. Use /template ${prefix.trim()} <name> to write again.`
        : `${prefix}not delivered: ${notice.reason}`;
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
