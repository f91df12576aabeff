// Zod schemas for `value.messages[]` (reference/whatsapp-cloud-api.md §2.2–§2.5, §9).
// Loose objects and nullish optionals for the same reasons as in webhook-schema.ts.
import { z } from "zod";
import { timestampSchema } from "./webhook-schema.js";

const optionalString = z.string().nullish();

export const messageContextSchema = z.looseObject({
  /** wamid of the message replied to, quoted, or carrying the tapped button. */
  id: optionalString,
  /** Sender of that message (the business display number for button replies). */
  from: optionalString,
  /** Forwarded 5 times or fewer. */
  forwarded: z.boolean().nullish(),
  /** Forwarded more than 5 times. */
  frequently_forwarded: z.boolean().nullish(),
  referred_product: z
    .looseObject({ catalog_id: optionalString, product_retailer_id: optionalString })
    .nullish(),
});

export const messageReferralSchema = z.looseObject({
  source_url: optionalString,
  source_id: optionalString,
  source_type: optionalString,
  body: optionalString,
  headline: optionalString,
  media_type: optionalString,
  image_url: optionalString,
  video_url: optionalString,
  thumbnail_url: optionalString,
  /** Omitted for WhatsApp Status ad placements. */
  ctwa_clid: optionalString,
  welcome_message: z.looseObject({ text: optionalString }).nullish(),
});

/** Fields every message type shares. `type` is any string so unknown types can be kept as they are. */
export const messageBaseSchema = z.looseObject({
  id: z.string().min(1),
  /** Phone number; absent for username (BSUID-only) senders. */
  from: optionalString,
  /** BSUID of the sender (2026+). */
  from_user_id: optionalString,
  timestamp: timestampSchema,
  type: z.string().min(1),
  context: messageContextSchema.nullish(),
  // Ad attribution is informational: a referral we cannot read must not cost us the customer's message.
  referral: messageReferralSchema.nullish().catch(null),
  /** Present when the message was sent in a Groups API group; `from` is then the participant. */
  group_id: optionalString,
  /** Present on `unsupported` messages. */
  errors: z.array(z.unknown()).nullish(),
});

/** image, audio, video, document and sticker share one media object; each type uses a subset. */
export const mediaObjectSchema = z.looseObject({
  id: z.string().min(1),
  mime_type: optionalString,
  /** Base64 in current examples, hex in older ones. */
  sha256: optionalString,
  caption: optionalString,
  filename: optionalString,
  /** Since November 2025; expires after 5 minutes and needs the bearer token. */
  url: optionalString,
  /** audio only: true for a voice recording. */
  voice: z.boolean().nullish(),
  /** sticker only. */
  animated: z.boolean().nullish(),
});

/**
 * One card of a shared-contacts message. Only the name is read (for the message's text); phones, emails and
 * the rest stay in the stored copy unvalidated, so a card with a million phones costs nothing to read.
 */
export const vcardSchema = z.looseObject({
  name: z
    .looseObject({
      formatted_name: optionalString,
      first_name: optionalString,
      last_name: optionalString,
    })
    .nullish(),
});

const replySchema = z.looseObject({ id: z.string(), title: z.string(), description: optionalString });

export const textMessageSchema = messageBaseSchema.extend({
  type: z.literal("text"),
  text: z.looseObject({ body: z.string() }),
});
export const imageMessageSchema = messageBaseSchema.extend({
  type: z.literal("image"),
  image: mediaObjectSchema,
});
export const audioMessageSchema = messageBaseSchema.extend({
  type: z.literal("audio"),
  audio: mediaObjectSchema,
});
export const videoMessageSchema = messageBaseSchema.extend({
  type: z.literal("video"),
  video: mediaObjectSchema,
});
export const documentMessageSchema = messageBaseSchema.extend({
  type: z.literal("document"),
  document: mediaObjectSchema,
});
export const stickerMessageSchema = messageBaseSchema.extend({
  type: z.literal("sticker"),
  sticker: mediaObjectSchema,
});
export const locationMessageSchema = messageBaseSchema.extend({
  type: z.literal("location"),
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: optionalString,
    address: optionalString,
    url: optionalString,
  }),
});
/**
 * The cards are `unknown[]`, each validated on its own in normalize-message.ts (up to a limit): in one zod
 * array, a million malformed cards made a million issues (slow and memory-hungry) and lost the message.
 */
export const contactsMessageSchema = messageBaseSchema.extend({
  type: z.literal("contacts"),
  contacts: z.array(z.unknown()),
});
export const interactiveMessageSchema = messageBaseSchema.extend({
  type: z.literal("interactive"),
  interactive: z.looseObject({
    /** "button_reply" or "list_reply"; other kinds (e.g. flow replies) pass with text null. */
    type: z.string(),
    button_reply: replySchema.nullish(),
    list_reply: replySchema.nullish(),
  }),
});
/** A quick-reply button tapped in a template. */
export const buttonMessageSchema = messageBaseSchema.extend({
  type: z.literal("button"),
  button: z.looseObject({ payload: optionalString, text: optionalString }),
});
export const reactionMessageSchema = messageBaseSchema.extend({
  type: z.literal("reaction"),
  reaction: z.looseObject({
    /** wamid of the business message reacted to. */
    message_id: optionalString,
    /** Omitted when the user removes the reaction. */
    emoji: optionalString,
  }),
});
export const orderMessageSchema = messageBaseSchema.extend({
  type: z.literal("order"),
  order: z.looseObject({
    catalog_id: optionalString,
    text: optionalString,
    product_items: z.array(z.unknown()).nullish(),
  }),
});
export const systemMessageSchema = messageBaseSchema.extend({
  type: z.literal("system"),
  system: z.looseObject({
    body: optionalString,
    /** "user_changed_number" (older docs: "customer_changed_number"). */
    type: optionalString,
    /** The sender's new wa_id. */
    wa_id: optionalString,
    /** Older docs' name for the new wa_id. */
    new_wa_id: optionalString,
    /** The sender's new BSUID: BSUIDs are regenerated when the number changes. */
    user_id: optionalString,
  }),
});
/** Edits, polls, gifs… arrive as "unsupported" with `unsupported.type` and errors 131051/131060. */
export const unsupportedMessageSchema = messageBaseSchema.extend({
  type: z.literal("unsupported"),
  unsupported: z.looseObject({ type: optionalString }).nullish(),
});

export const knownMessageSchema = z.discriminatedUnion("type", [
  textMessageSchema,
  imageMessageSchema,
  audioMessageSchema,
  videoMessageSchema,
  documentMessageSchema,
  stickerMessageSchema,
  locationMessageSchema,
  contactsMessageSchema,
  interactiveMessageSchema,
  buttonMessageSchema,
  reactionMessageSchema,
  orderMessageSchema,
  systemMessageSchema,
  unsupportedMessageSchema,
]);

export const KNOWN_MESSAGE_TYPES: ReadonlySet<string> = new Set(
  knownMessageSchema.options.map((option) => option.shape.type.value),
);

export type MessageBase = z.infer<typeof messageBaseSchema>;
export type KnownMessage = z.infer<typeof knownMessageSchema>;
export type MediaObject = z.infer<typeof mediaObjectSchema>;
