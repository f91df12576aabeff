// The normalized shapes that the Inbox consumes. whatsapp/normalize.ts turns Meta's webhook JSON into
// these; nothing outside whatsapp/ looks at Meta's raw field names.

/** Who sent a message. A 2026+ sender may have a BSUID and no phone number, or both. */
export type Identity = {
  waId: string | null;
  bsuid: string | null;
  name: string | null;
  username: string | null;
};

export type MediaRef = {
  id: string;
  mimeType: string | null;
  sha256: string | null;
  filename: string | null;
  /** The sender's own caption (a document's `text` falls back to its file name; this does not). */
  caption: string | null;
  voice: boolean;
  /** Stickers: an animated sticker may be 500 KB, a still one 100 KB. */
  animated: boolean;
};

export type InboundMessage = {
  kind: "message";
  phoneNumberId: string;
  /** wamid of the message. */
  id: string;
  /** Unique key for deduplication: the wamid, or for reactions wamid + emoji + timestamp. */
  dedupKey: string;
  from: Identity;
  /** Unix milliseconds, from the message's own `timestamp`. */
  timestamp: number;
  /** Meta's `type` (text, image, …, unsupported). Unknown types are kept as they are. */
  type: string;
  /** `unsupported.type` (e.g. "edit"), `interactive.type`, `system.type`; else null. */
  subtype: string | null;
  /** Human-readable text: body, caption, button title, location, contact names, reaction emoji… */
  text: string | null;
  media: MediaRef | null;
  /** `context.id`: the wamid this message quotes or answers. */
  quotedId: string | null;
  forwarded: boolean;
  groupId: string | null;
  /** For `system` user_changed_number: the sender's new ids. */
  changedTo: { waId: string | null; bsuid: string | null } | null;
  /** The message object exactly as Meta sent it. */
  raw: unknown;
};

export type DeliveryStatus = "sent" | "delivered" | "read" | "played" | "failed";

export type MetaError = { code: number; title: string; details: string | null };

export type StatusUpdate = {
  kind: "status";
  phoneNumberId: string;
  /** wamid of our outbound message. */
  id: string;
  status: DeliveryStatus;
  timestamp: number;
  recipientId: string | null;
  recipientParticipantId: string | null;
  bizOpaqueCallbackData: string | null;
  errors: MetaError[];
  raw: unknown;
};

/** `value.errors[]`: system-, app- or account-level errors. */
export type SystemError = {
  kind: "error";
  phoneNumberId: string;
  error: MetaError;
  raw: unknown;
};

/** A change we store but do not act on (other webhook fields, shapes we do not understand). */
export type IgnoredChange = {
  kind: "ignored";
  phoneNumberId: string | null;
  reason: string;
  raw: unknown;
};

export type WebhookUpdate = InboundMessage | StatusUpdate | SystemError | IgnoredChange;
