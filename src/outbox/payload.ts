// Building and reading the Graph message bodies stored in outbox.payload. Pure string work.
import type { GraphMessage } from "../whatsapp/graph-client.js";
import { interactiveBody, interactiveFallback, withoutFallback } from "./interactive.js";

/** Meta's limit for a text message body (reference §6.1). */
export const TEXT_LIMIT = 4096;
/**
 * A template body is at most 1024 characters including its fixed text; the staff notification template
 * has one short line around its single parameter, so the parameter keeps to 900.
 */
export const TEMPLATE_PARAM_LIMIT = 900;

/** Cuts to at most `max` UTF-16 units, with an ellipsis, never splitting a surrogate pair (emoji). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

export function textMessage(body: string): GraphMessage {
  return { type: "text", text: { body: truncate(body, TEXT_LIMIT), preview_url: false } };
}

/**
 * Meta rejects template parameters containing newlines, tabs or more than four consecutive spaces
 * (error 132018), so a multi-line notification is flattened onto one line.
 */
export function flattenForTemplate(text: string, cutNote = ""): string {
  const flat = flatten(text);
  if (flat.length <= TEMPLATE_PARAM_LIMIT || cutNote === "") return truncate(flat, TEMPLATE_PARAM_LIMIT);
  return `${truncate(flat, TEMPLATE_PARAM_LIMIT - cutNote.length - 1)} ${cutNote}`;
}

/** Whether a notification's whole text fits one template parameter. */
export function fitsTemplate(text: string): boolean {
  return flatten(text).length <= TEMPLATE_PARAM_LIMIT;
}

function flatten(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " · ")
    .replace(/\t/g, " ")
    .replace(/ {4,}/g, "   ")
    .trim();
}

/**
 * `STAFF_NOTIFY_TEMPLATE` is `name` or `name:language` (default language `en`); its body has exactly one
 * parameter, the notification text.
 */
export function notifyTemplateMessage(notifyTemplate: string, text: string, cutNote = ""): GraphMessage {
  const [name = notifyTemplate, language = "en"] = notifyTemplate.split(":", 2).map((s) => s.trim());
  return {
    type: "template",
    template: {
      name,
      language: { code: language === "" ? "en" : language },
      components: [{ type: "body", parameters: [{ type: "text", text: flattenForTemplate(text, cutNote) }] }],
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function stringField(value: unknown, key: string): string | null {
  const v = field(value, key);
  return typeof v === "string" ? v : null;
}

/** What a person would read: the text body, a media caption, or "template name: params". */
export function describeMessage(message: GraphMessage): {
  type: string;
  text: string | null;
  quotedWamid: string | null;
} {
  const quotedWamid = stringField(message.context, "message_id");
  if (message.type === "text") return { type: "text", text: stringField(message.text, "body"), quotedWamid };
  if (message.type === "template") {
    const name = stringField(message.template, "name") ?? "template";
    const components = field(message.template, "components");
    const params = (Array.isArray(components) ? components : [])
      .flatMap((c) => {
        const p = field(c, "parameters");
        return Array.isArray(p) ? p : [];
      })
      .map((p) => stringField(p, "text"))
      .filter((t): t is string => t !== null);
    return {
      type: "template",
      text: params.length > 0 ? `${name}: ${params.join(" | ")}` : name,
      quotedWamid,
    };
  }
  if (message.type === "interactive")
    return { type: "interactive", text: interactiveBody(message), quotedWamid };
  return { type: message.type, text: stringField(message[message.type], "caption"), quotedWamid };
}

export function parsePayload(payload: string): GraphMessage | null {
  try {
    const value: unknown = JSON.parse(payload);
    // An interactive message's stored text fallback is ours, never Meta's (interactive.ts).
    if (isRecord(value) && typeof value.type === "string")
      return withoutFallback({ ...value, type: value.type });
  } catch {
    // Fall through: a row with an unreadable payload is failed by the dispatcher, never sent.
  }
  return null;
}

/**
 * The text body of a stored text payload, or an interactive message's text fallback (what the person
 * reads when it is coalesced, held or summarised); null for templates, media and anything unreadable.
 */
export function textOfPayload(payload: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.type === "text") return stringField(value.text, "body");
  if (value.type === "interactive") return interactiveFallback(value);
  return null;
}
