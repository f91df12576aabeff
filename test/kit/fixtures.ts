// Test helpers for webhook bodies: the stored fixtures as exact text, and builders for Meta-shaped bodies.
import { readdirSync, readFileSync } from "node:fs";

export const TEST_PHONE_NUMBER_ID = "106540352242922";
export const TEST_DISPLAY_NUMBER = "15550783881";
const TEST_WABA_ID = "102290129340398";

const FIXTURE_DIR = new URL("../../fixtures/webhooks/", import.meta.url);

/** The fixture's exact text (sign this, not a re-serialised object). `name` is e.g. "text" or "text.json". */
export function loadWebhookFixture(name: string): string {
  const file = name.endsWith(".json") ? name : `${name}.json`;
  return readFileSync(new URL(file, FIXTURE_DIR), "utf8");
}

/** Every fixture name, without ".json", sorted. */
export function webhookFixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

function messagesBody<Value extends object>(phoneNumberId: string, value: Value) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: TEST_WABA_ID,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: TEST_DISPLAY_NUMBER, phone_number_id: phoneNumberId },
              ...value,
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}

export type TextWebhookOptions = {
  /** Sender's phone number / wa_id, e.g. "16505551234". */
  from: string;
  /** The message's wamid. */
  id: string;
  text: string;
  /** Unix SECONDS, as Meta sends them (normalizeWebhook turns them into milliseconds). */
  timestamp: number;
  /** Profile name; without it the contact has no profile. */
  name?: string;
  /** wamid this message quote-replies to (`context.id`). */
  quotedId?: string;
  groupId?: string;
  phoneNumberId?: string;
};

/** A Meta webhook body holding one inbound text message. */
export function makeTextWebhook(options: TextWebhookOptions) {
  const { from, id, text, timestamp, name, quotedId, groupId } = options;
  const message = {
    from,
    id,
    timestamp: String(timestamp),
    type: "text",
    text: { body: text },
    ...(quotedId === undefined ? {} : { context: { from: TEST_DISPLAY_NUMBER, id: quotedId } }),
    ...(groupId === undefined ? {} : { group_id: groupId }),
  };
  const contact = { ...(name === undefined ? {} : { profile: { name } }), wa_id: from };
  return messagesBody(options.phoneNumberId ?? TEST_PHONE_NUMBER_ID, {
    contacts: [contact],
    messages: [message],
  });
}

export type StatusWebhookOptions = {
  /** wamid of our outbound message. */
  id: string;
  /** Usually sent | delivered | read | played | failed; any string, to test unknown statuses. */
  status: string;
  /** Unix SECONDS, as Meta sends them. */
  timestamp: number;
  recipientId: string;
  errors?: { code: number; title: string; details?: string }[];
  bizOpaqueCallbackData?: string;
  phoneNumberId?: string;
};

/**
 * A Meta webhook body holding one message of any type: `fields` is the type's part, e.g.
 * `{ type: "reaction", reaction: { message_id, emoji } }` or an `interactive` button_reply.
 */
export function makeMessageWebhook(options: {
  from: string;
  id: string;
  timestamp: number;
  fields: Record<string, unknown>;
  quotedId?: string;
  groupId?: string;
}) {
  const { from, id, timestamp, fields, quotedId, groupId } = options;
  const message = {
    from,
    id,
    timestamp: String(timestamp),
    ...fields,
    ...(quotedId === undefined ? {} : { context: { from: TEST_DISPLAY_NUMBER, id: quotedId } }),
    ...(groupId === undefined ? {} : { group_id: groupId }),
  };
  return messagesBody(TEST_PHONE_NUMBER_ID, { contacts: [{ wa_id: from }], messages: [message] });
}

/** A Meta webhook body holding one status of an outbound message. */
export function makeStatusWebhook(options: StatusWebhookOptions) {
  const { id, status, timestamp, recipientId, errors, bizOpaqueCallbackData } = options;
  const statusObject = {
    id,
    status,
    timestamp: String(timestamp),
    recipient_id: recipientId,
    ...(bizOpaqueCallbackData === undefined ? {} : { biz_opaque_callback_data: bizOpaqueCallbackData }),
    ...(errors === undefined
      ? {}
      : {
          // Meta repeats the title as `message`.
          errors: errors.map(({ code, title, details }) => ({
            code,
            title,
            message: title,
            ...(details === undefined ? {} : { error_data: { details } }),
          })),
        }),
  };
  return messagesBody(options.phoneNumberId ?? TEST_PHONE_NUMBER_ID, { statuses: [statusObject] });
}
