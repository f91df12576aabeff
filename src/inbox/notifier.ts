// Who is told what (SPEC §6) is decided by a Notifier, called inside the event's transaction so its
// outbox rows commit (or roll back) with the change that caused them.
import type { InboxDb } from "../store/db.js";
import type { InboundMessage } from "../whatsapp/updates.js";
import type { ConversationOpening, ConversationRow } from "./conversations.js";
import type { ContactRow } from "./identities.js";

export type CustomerMessageNotice = {
  outcome: ConversationOpening["outcome"];
  conversation: ConversationRow;
  contact: ContactRow;
  messageId: number;
  message: InboundMessage;
  snippet: string;
  now: number;
};

/** A relayed message to a customer failed after Meta accepted it (a `failed` status webhook). */
export type DeliveryFailureNotice = {
  outboxId: number;
  conversationId: number | null;
  requestedByStaffId: number | null;
  windowClosed: boolean;
  reason: string;
  now: number;
};

export type Notifier = {
  customerMessage: (tx: InboxDb, notice: CustomerMessageNotice) => void;
  deliveryFailed: (tx: InboxDb, notice: DeliveryFailureNotice) => void;
};

export const silentNotifier: Notifier = { customerMessage: () => {}, deliveryFailed: () => {} };
