// One element of `value.messages[]` → InboundMessage, or IgnoredChange when it is malformed.
import { MAX_SHARED_CONTACT_CARDS, type ReadBudget } from "./body-limits.js";
import { describeIssues, ignored, present, toUnixMs } from "./normalize-common.js";
import type { IgnoredChange, InboundMessage, MediaRef } from "./updates.js";
import {
  KNOWN_MESSAGE_TYPES,
  type KnownMessage,
  knownMessageSchema,
  type MediaObject,
  type MessageBase,
  messageBaseSchema,
  vcardSchema,
} from "./webhook-message-schema.js";
import { type WebhookContact, webhookContactSchema } from "./webhook-schema.js";

/** `value.contacts[]` indexed both ways, because a sender may have a phone number, a BSUID, or both. */
export type ContactDirectory = {
  byWaId: Map<string, WebhookContact>;
  byUserId: Map<string, WebhookContact>;
  only: WebhookContact | null;
};

export function buildContactDirectory(rawContacts: unknown, budget: ReadBudget): ContactDirectory {
  const directory: ContactDirectory = { byWaId: new Map(), byUserId: new Map(), only: null };
  if (!Array.isArray(rawContacts)) return directory;
  const valid: WebhookContact[] = [];
  for (const raw of budget.take("contacts", rawContacts)) {
    // A malformed contact only costs the sender's display name; the message itself is still delivered.
    const parsed = webhookContactSchema.safeParse(raw);
    if (!parsed.success) continue;
    valid.push(parsed.data);
    const waId = present(parsed.data.wa_id);
    const userId = present(parsed.data.user_id);
    if (waId !== null) directory.byWaId.set(waId, parsed.data);
    if (userId !== null) directory.byUserId.set(userId, parsed.data);
  }
  // Meta warns that wa_id "may not always match" `from`; with a single contact there is no one else it
  // could describe, so it is used even without a matching id.
  directory.only = valid.length === 1 ? (valid[0] ?? null) : null;
  return directory;
}

export function normalizeMessage(
  raw: unknown,
  phoneNumberId: string,
  contacts: ContactDirectory,
): InboundMessage | IgnoredChange {
  const known = knownMessageSchema.safeParse(raw);
  if (known.success) return toInboundMessage(known.data, raw, phoneNumberId, contacts);

  // Not a well-formed known type: either a type we do not know (kept as it is) or a malformed message.
  const base = messageBaseSchema.safeParse(raw);
  if (base.success && !KNOWN_MESSAGE_TYPES.has(base.data.type)) {
    return toInboundMessage(base.data, raw, phoneNumberId, contacts);
  }
  const error = base.success ? known.error : base.error;
  return ignored(phoneNumberId, `malformed message: ${describeIssues(error)}`, raw);
}

function toInboundMessage(
  message: KnownMessage | MessageBase,
  raw: unknown,
  phoneNumberId: string,
  contacts: ContactDirectory,
): InboundMessage | IgnoredChange {
  const from = present(message.from);
  const fromUserId = present(message.from_user_id);
  const contact =
    (from === null ? undefined : contacts.byWaId.get(from)) ??
    (fromUserId === null ? undefined : contacts.byUserId.get(fromUserId)) ??
    contacts.only;
  const waId = from ?? present(contact?.wa_id);
  const bsuid = fromUserId ?? present(contact?.user_id);
  if (waId === null && bsuid === null) {
    return ignored(phoneNumberId, "message has no sender: neither from nor from_user_id", raw);
  }

  const timestamp = toUnixMs(message.timestamp);
  const details = isKnown(message) ? describeKnown(message) : UNKNOWN_TYPE_DETAILS;
  const reactionEmoji = message.type === "reaction" ? (details.text ?? "") : null;
  return {
    kind: "message",
    phoneNumberId,
    id: message.id,
    // Meta reuses one id for adding and removing a reaction, so a reaction's key includes its emoji and
    // time: otherwise the removal would be dropped as a duplicate of the reaction.
    dedupKey: reactionEmoji === null ? message.id : `${message.id}:reaction:${reactionEmoji}:${timestamp}`,
    from: {
      waId,
      bsuid,
      name: present(contact?.profile?.name),
      username: present(contact?.profile?.username),
    },
    timestamp,
    type: message.type,
    subtype: details.subtype,
    text: details.text,
    media: details.media,
    quotedId: present(message.context?.id) ?? details.quotedId,
    forwarded: message.context?.forwarded === true || message.context?.frequently_forwarded === true,
    groupId: present(message.group_id),
    changedTo: details.changedTo,
    raw,
  };
}

/** The parts of an InboundMessage that depend on the message type. */
type TypeDetails = Pick<InboundMessage, "subtype" | "text" | "media" | "changedTo" | "quotedId">;

const UNKNOWN_TYPE_DETAILS: TypeDetails = {
  subtype: null,
  text: null,
  media: null,
  changedTo: null,
  quotedId: null,
};

function isKnown(message: KnownMessage | MessageBase): message is KnownMessage {
  return KNOWN_MESSAGE_TYPES.has(message.type);
}

function describeKnown(message: KnownMessage): TypeDetails {
  const plain = (text: string | null): TypeDetails => ({ ...UNKNOWN_TYPE_DETAILS, text });
  switch (message.type) {
    case "text":
      return plain(message.text.body);
    case "image":
      return withMedia(message.image, present(message.image.caption), false);
    case "video":
      return withMedia(message.video, present(message.video.caption), false);
    case "audio":
      return withMedia(message.audio, null, message.audio.voice === true);
    case "sticker":
      return withMedia(message.sticker, null, false);
    case "document": {
      const { caption, filename } = message.document;
      return withMedia(message.document, present(caption) ?? present(filename), false);
    }
    case "location": {
      const { name, address, latitude, longitude } = message.location;
      const label = [present(name), present(address)].filter((part) => part !== null).join(", ");
      const point = `(${latitude},${longitude})`;
      return plain(label === "" ? point : `${label} ${point}`);
    }
    case "contacts":
      return plain(sharedContactNames(message.contacts));
    case "interactive": {
      const { type, button_reply, list_reply } = message.interactive;
      return { ...plain(present((button_reply ?? list_reply)?.title)), subtype: present(type) };
    }
    case "button":
      return plain(present(message.button.text) ?? present(message.button.payload));
    case "reaction":
      // The reacted-to message is what the reaction answers, so it fills quotedId when there is no context.
      return {
        ...plain(present(message.reaction.emoji)),
        quotedId: present(message.reaction.message_id),
      };
    case "order": {
      const count = message.order.product_items?.length ?? 0;
      return plain(`order: ${count} ${count === 1 ? "item" : "items"}`);
    }
    case "system": {
      const { body, type, wa_id, new_wa_id, user_id } = message.system;
      const changedNumber = type === "user_changed_number" || type === "customer_changed_number";
      return {
        ...plain(present(body)),
        subtype: present(type),
        changedTo: changedNumber
          ? { waId: present(wa_id) ?? present(new_wa_id), bsuid: present(user_id) }
          : null,
      };
    }
    case "unsupported":
      return { ...plain(null), subtype: present(message.unsupported?.type) };
  }
}

function withMedia(media: MediaObject, text: string | null, voice: boolean): TypeDetails {
  const ref: MediaRef = {
    id: media.id,
    mimeType: present(media.mime_type),
    sha256: present(media.sha256),
    filename: present(media.filename),
    caption: present(media.caption),
    voice,
    animated: media.animated === true,
  };
  return { ...UNKNOWN_TYPE_DETAILS, text, media: ref };
}

/**
 * "Ana, Bob" from the cards of a shared-contacts message. Cards are read one by one, so a malformed card
 * costs only its own name, and only the first MAX_SHARED_CONTACT_CARDS are read.
 */
function sharedContactNames(cards: readonly unknown[]): string | null {
  const names: string[] = [];
  for (const card of cards.slice(0, MAX_SHARED_CONTACT_CARDS)) {
    const parsed = vcardSchema.safeParse(card);
    if (!parsed.success) continue;
    const { name } = parsed.data;
    const shown = present(name?.formatted_name) ?? present(joinName(name?.first_name, name?.last_name));
    if (shown !== null) names.push(shown);
  }
  const more = cards.length - MAX_SHARED_CONTACT_CARDS;
  if (more > 0) names.push(`+${more} more`);
  return names.length === 0 ? null : names.join(", ");
}

function joinName(first: string | null | undefined, last: string | null | undefined): string {
  return [present(first), present(last)].filter((part) => part !== null).join(" ");
}
