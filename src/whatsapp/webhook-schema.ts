// Zod schemas for Meta's webhook envelope, statuses and errors (reference/whatsapp-cloud-api.md §2, §9).
// Message objects live in webhook-message-schema.ts.
//
// Every object is a looseObject: Meta adds fields without notice (url on media in 2025, user_id in 2026), and
// an unknown field must never turn a good update into an ignored one. Optional fields are `nullish` because
// some SDKs and proxies re-serialise absent fields as null.
//
// Lists (entry, changes, messages, statuses, errors, contacts) are typed `unknown[]` on purpose: normalize.ts
// validates each element on its own so that one malformed element cannot hide its neighbours.
import { z } from "zod";

export const WHATSAPP_BUSINESS_ACCOUNT = "whatsapp_business_account";

/** Meta sends unix seconds as a string; anything else is caught here and turned into 0 by normalize.ts. */
export const timestampSchema = z.union([z.string(), z.number()]).nullish().catch(null);

const optionalString = z.string().nullish();

export const webhookBodySchema = z.looseObject({
  /** "whatsapp_business_account" for every WhatsApp webhook. */
  object: optionalString,
  entry: z.array(z.unknown()),
});

export const webhookEntrySchema = z.looseObject({
  /** The WABA id, not the phone number id: routing uses value.metadata.phone_number_id. */
  id: optionalString,
  /** When the notification was sent (not when the event happened); unused. */
  time: z.number().nullish(),
  changes: z.array(z.unknown()),
});

export const webhookChangeSchema = z.looseObject({
  field: z.string(),
  value: z.unknown().optional(),
});

export const webhookMetadataSchema = z.looseObject({
  display_phone_number: optionalString,
  phone_number_id: z.string().min(1),
});

/** The value of a change with field "messages". */
export const messagesValueSchema = z.looseObject({
  messaging_product: optionalString,
  metadata: webhookMetadataSchema,
  contacts: z.unknown().optional(),
  messages: z.unknown().optional(),
  statuses: z.unknown().optional(),
  errors: z.unknown().optional(),
});

export const webhookContactSchema = z.looseObject({
  profile: z
    .looseObject({
      name: optionalString,
      /** WhatsApp username (2026+). */
      username: optionalString,
    })
    .nullish(),
  /** Usually the phone number, but Meta warns it "may not always match" `from`. */
  wa_id: optionalString,
  /** Business-scoped user id, BSUID (2026+), e.g. "US.13491208655302741918". */
  user_id: optionalString,
  identity_key_hash: optionalString,
});

/** Error codes are numbers in every documented example; a numeric string is accepted too. */
const errorCodeSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d{1,12}$/)
    .transform(Number),
]);

/** Shape of `value.errors[]`, `statuses[].errors[]` and `messages[].errors[]`. */
export const metaErrorSchema = z.looseObject({
  code: errorCodeSchema,
  /** Meta says title and message always hold the same value. */
  title: optionalString,
  message: optionalString,
  error_data: z.looseObject({ details: optionalString }).nullish(),
  href: optionalString,
});

export const DELIVERY_STATUSES = ["sent", "delivered", "read", "played", "failed"] as const;
export const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);

/**
 * `value.statuses[]`. `status` is any string here so that a status value Meta adds later is reported as an
 * ignored change with its name, instead of as a schema failure.
 */
export const webhookStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: timestampSchema,
  /** User phone number, or the group id for group sends. */
  recipient_id: optionalString,
  recipient_type: optionalString,
  /** Group sends only: the participant this status is about. */
  recipient_participant_id: optionalString,
  /** BSUID (2026+); omitted when the message was sent to a phone number. */
  recipient_user_id: optionalString,
  recipient_identity_key_hash: optionalString,
  biz_opaque_callback_data: optionalString,
  conversation: z.unknown().optional(),
  pricing: z.unknown().optional(),
  errors: z.array(z.unknown()).nullish(),
});

export type MessagesValue = z.infer<typeof messagesValueSchema>;
export type WebhookContact = z.infer<typeof webhookContactSchema>;
