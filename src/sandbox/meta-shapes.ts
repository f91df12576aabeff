// What Meta puts on the wire, built the way Meta builds it: webhook bodies (text messages and delivery
// statuses), their X-Hub-Signature-256, message ids and Graph error bodies. meta-shapes.test.ts rebuilds
// the bot's own fixtures (fixtures/webhooks) with these functions, so the sandbox cannot drift from them.
import { createHmac, randomBytes } from "node:crypto";
import type { Business } from "./cast.js";

export type DeliveryStatusName = "sent" | "delivered" | "read" | "failed";

export type MetaWebhookError = { code: number; title: string; details: string };

export type InboundText = {
  from: string;
  /** Profile name; Meta omits `profile` for a sender without one. */
  name: string | null;
  id: string;
  /** Unix seconds, as a string on the wire. */
  timestamp: number;
  text: string;
  /** `context` of a swipe-reply: who wrote the quoted message and its wamid. */
  quoted: { from: string; id: string } | null;
};

export type OutboundStatus = {
  id: string;
  status: DeliveryStatusName;
  timestamp: number;
  recipientId: string;
  recipientUserId?: string;
  bizOpaqueCallbackData?: string;
  /** Meta prices sent and delivered statuses; a service reply inside the window is free. */
  pricing?: "service" | "utility";
  errors?: MetaWebhookError[];
};

export function envelope(business: Business, value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: business.wabaId,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: business.displayNumber,
                phone_number_id: business.phoneNumberId,
              },
              ...value,
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}

export function inboundTextBody(business: Business, message: InboundText) {
  const contact = {
    ...(message.name === null ? {} : { profile: { name: message.name } }),
    wa_id: message.from,
  };
  return envelope(business, {
    contacts: [contact],
    messages: [
      {
        from: message.from,
        id: message.id,
        timestamp: String(message.timestamp),
        type: "text",
        ...(message.quoted === null ? {} : { context: { from: message.quoted.from, id: message.quoted.id } }),
        text: { body: message.text },
      },
    ],
  });
}

export type InboundMedia = Omit<InboundText, "text"> & {
  kind: "image" | "video" | "audio" | "document";
  media: { id: string; mime_type: string; sha256: string; caption?: string; filename?: string };
};

/** A person's photo, video, voice note or document, as Meta's webhook carries it (media id, no bytes). */
export function inboundMediaBody(business: Business, message: InboundMedia) {
  const contact = {
    ...(message.name === null ? {} : { profile: { name: message.name } }),
    wa_id: message.from,
  };
  return envelope(business, {
    contacts: [contact],
    messages: [
      {
        from: message.from,
        id: message.id,
        timestamp: String(message.timestamp),
        type: message.kind,
        ...(message.quoted === null ? {} : { context: { from: message.quoted.from, id: message.quoted.id } }),
        [message.kind]: message.media,
      },
    ],
  });
}

const PRICING = {
  service: { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" },
  utility: { billable: true, pricing_model: "PMP", type: "regular", category: "utility" },
} as const;

export function statusBody(business: Business, status: OutboundStatus) {
  return envelope(business, {
    statuses: [
      {
        id: status.id,
        status: status.status,
        timestamp: String(status.timestamp),
        recipient_id: status.recipientId,
        ...(status.recipientUserId === undefined ? {} : { recipient_user_id: status.recipientUserId }),
        ...(status.bizOpaqueCallbackData === undefined
          ? {}
          : { biz_opaque_callback_data: status.bizOpaqueCallbackData }),
        ...(status.pricing === undefined ? {} : { pricing: PRICING[status.pricing] }),
        ...(status.errors === undefined
          ? {}
          : {
              errors: status.errors.map((e) => ({
                code: e.code,
                title: e.title,
                // Meta repeats the title as `message`.
                message: e.title,
                error_data: { details: e.details },
                href: "/documentation/business-messaging/whatsapp/support/error-codes",
              })),
            }),
      },
    ],
  });
}

export const WINDOW_CLOSED_ERROR: MetaWebhookError = {
  code: 131047,
  title: "Re-engagement message",
  details:
    "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
};

/**
 * The body bytes as Meta sends them: compact JSON with every non-ASCII character written as a \uXXXX
 * escape (an emoji becomes its two surrogate escapes). The signature covers exactly these bytes.
 */
export function metaJson(body: unknown): string {
  return JSON.stringify(body).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** X-Hub-Signature-256: HMAC-SHA256 of the raw body keyed with the app secret, lowercase hex. */
export function metaSignature(appSecret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

/** A wamid shaped like Meta's: "wamid." and base64 of an opaque id (the bot treats it as opaque too). */
export function newWamid(): string {
  return `wamid.HBgL${randomBytes(27).toString("base64")}`;
}

/** Graph's error body: `{ error: { message, type, code, error_data, fbtrace_id } }`. */
export function graphErrorBody(code: number, message: string, details?: string) {
  return {
    error: {
      message,
      type: "OAuthException",
      code,
      ...(details === undefined ? {} : { error_data: { messaging_product: "whatsapp", details } }),
      fbtrace_id: randomBytes(12).toString("base64url"),
    },
  };
}
