// WhatsApp interactive messages (SPEC §12): reply buttons and list messages, built within Meta's limits,
// and read back as text. Pure string work, like payload.ts.
//
// The outbox stores an interactive message with its text fallback beside it (`fallback`, never sent:
// parsePayload strips it). The fallback is what the person reads whenever the message cannot go as it is:
// coalesced with other notices (coalesce.ts), held for a closed window, or summarised.
import type { GraphMessage } from "../whatsapp/graph-client.js";

/** Meta's limits for reply buttons and list messages. */
export const BODY_LIMIT = 1024;
export const MAX_BUTTONS = 3;
export const BUTTON_TITLE_LIMIT = 20;
export const BUTTON_ID_LIMIT = 256;
export const MAX_ROWS = 10;
export const ROW_TITLE_LIMIT = 24;
export const ROW_DESCRIPTION_LIMIT = 72;
export const ROW_ID_LIMIT = 200;
export const LIST_BUTTON_LIMIT = 20;

export type ReplyButton = { id: string; title: string };
export type ListRow = { id: string; title: string; description?: string };

/** Characters as Meta counts them is not documented; UTF-16 units are never fewer than code points. */
const fits = (text: string, max: number) => text.length > 0 && text.length <= max;

/**
 * Reply buttons under `body`, with `fallback` stored beside them. Null when they cannot be sent as they
 * are (a body over 1,024 characters, a title over 20): the caller then sends the fallback text, whole.
 */
export function buttonsMessage(
  body: string,
  buttons: readonly ReplyButton[],
  fallback: string,
): GraphMessage | null {
  if (!fits(body, BODY_LIMIT) || buttons.length === 0 || buttons.length > MAX_BUTTONS) return null;
  if (buttons.some((b) => !fits(b.title, BUTTON_TITLE_LIMIT) || !fits(b.id, BUTTON_ID_LIMIT))) return null;
  if (new Set(buttons.map((b) => b.id)).size !== buttons.length) return null;
  return {
    type: "interactive",
    interactive: {
      type: "button",
      body: { text: body },
      action: { buttons: buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: b.title } })) },
    },
    fallback,
  };
}

/** A list message of at most 10 rows in one section; null when anything is over Meta's limits. */
export function listMessage(
  input: { body: string; button: string; section: string; rows: readonly ListRow[] },
  fallback: string,
): GraphMessage | null {
  const { body, button, section, rows } = input;
  if (!fits(body, BODY_LIMIT) || !fits(button, LIST_BUTTON_LIMIT) || !fits(section, ROW_TITLE_LIMIT)) {
    return null;
  }
  if (rows.length === 0 || rows.length > MAX_ROWS) return null;
  const rowOk = (r: ListRow) =>
    fits(r.title, ROW_TITLE_LIMIT) &&
    fits(r.id, ROW_ID_LIMIT) &&
    (r.description === undefined || fits(r.description, ROW_DESCRIPTION_LIMIT));
  if (!rows.every(rowOk) || new Set(rows.map((r) => r.id)).size !== rows.length) return null;
  return {
    type: "interactive",
    interactive: {
      type: "list",
      body: { text: body },
      action: {
        button,
        sections: [
          {
            title: section,
            rows: rows.map((r) => ({
              id: r.id,
              title: r.title,
              ...(r.description === undefined ? {} : { description: r.description }),
            })),
          },
        ],
      },
    },
    fallback,
  };
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * At most `max` UTF-16 units, cut between graphemes (an emoji with its skin tone, a letter with its
 * accents, a flag stay whole) with an ellipsis when cut.
 */
export function fitTitle(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body of an interactive message, or null. */
export function interactiveBody(message: Record<string, unknown>): string | null {
  const interactive = message.interactive;
  if (!isRecord(interactive) || !isRecord(interactive.body)) return null;
  const text = interactive.body.text;
  return typeof text === "string" ? text : null;
}

/** The stored text fallback of an interactive payload (its body when none was stored). */
export function interactiveFallback(message: Record<string, unknown>): string | null {
  return typeof message.fallback === "string" ? message.fallback : interactiveBody(message);
}

/** The message as sent to Meta: without the stored fallback and the `alone` mark. */
export function withoutFallback(message: GraphMessage): GraphMessage {
  if (!("fallback" in message) && !("alone" in message)) return message;
  const { fallback: _fallback, alone: _alone, ...rest } = message;
  return rest as GraphMessage;
}

/**
 * A stored payload marked to go on its own, never joined with other notices (notice-buttons.ts). A text
 * that merely contains these characters is stored with its quotes escaped, so it never matches.
 */
export function goesAlone(payload: string): boolean {
  return payload.includes('"alone":true');
}
