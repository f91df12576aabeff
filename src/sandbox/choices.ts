// Reply buttons and list messages in the sandbox (SPEC §12): what a phone shows under a bot message, and
// the webhooks a phone sends when someone taps one or reacts to a message, shaped as Meta sends them.
import type { Business } from "./cast.js";
import { envelope } from "./meta-shapes.js";

/** The choices under an interactive message: its buttons, or its list's rows behind one button. */
export type Choices = {
  kind: "button" | "list";
  /** A list's button label ("Choose"); null for reply buttons. */
  label: string | null;
  options: Array<{ id: string; title: string; description: string | null }>;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const text = (value: unknown, key: string): string | null =>
  isRecord(value) && typeof value[key] === "string" ? value[key] : null;

/** The choices of a Graph message body the bot sent; null for anything that is not buttons or a list. */
export function readChoices(body: Record<string, unknown>): Choices | null {
  const interactive = body.interactive;
  if (body.type !== "interactive" || !isRecord(interactive) || !isRecord(interactive.action)) return null;
  const { action } = interactive;
  if (interactive.type === "button" && Array.isArray(action.buttons)) {
    const options = action.buttons.flatMap((b) => {
      const reply = isRecord(b) ? b.reply : null;
      const id = text(reply, "id");
      const title = text(reply, "title");
      return id === null || title === null ? [] : [{ id, title, description: null }];
    });
    return options.length === 0 ? null : { kind: "button", label: null, options };
  }
  if (interactive.type === "list" && Array.isArray(action.sections)) {
    const options = action.sections.flatMap((s) =>
      isRecord(s) && Array.isArray(s.rows)
        ? s.rows.flatMap((r) => {
            const id = text(r, "id");
            const title = text(r, "title");
            return id === null || title === null ? [] : [{ id, title, description: text(r, "description") }];
          })
        : [],
    );
    return options.length === 0 ? null : { kind: "list", label: text(action, "button"), options };
  }
  return null;
}

/** The webhook of a tap on one of `choices` under the business's message `quotedWamid`. */
export function tapBody(
  business: Business,
  m: {
    from: string;
    id: string;
    timestamp: number;
    quotedWamid: string;
    kind: Choices["kind"];
    option: { id: string; title: string; description: string | null };
  },
) {
  const reply =
    m.kind === "button"
      ? { type: "button_reply", button_reply: { id: m.option.id, title: m.option.title } }
      : {
          type: "list_reply",
          list_reply: {
            id: m.option.id,
            title: m.option.title,
            ...(m.option.description === null ? {} : { description: m.option.description }),
          },
        };
  return inbound(business, m.from, {
    id: m.id,
    timestamp: String(m.timestamp),
    type: "interactive",
    context: { from: business.displayNumber, id: m.quotedWamid },
    interactive: reply,
  });
}

/** The webhook of a reaction (an empty emoji removes it: Meta then leaves `emoji` out). */
export function reactionBody(
  business: Business,
  m: { from: string; id: string; timestamp: number; wamid: string; emoji: string },
) {
  return inbound(business, m.from, {
    id: m.id,
    timestamp: String(m.timestamp),
    type: "reaction",
    reaction: m.emoji === "" ? { message_id: m.wamid } : { message_id: m.wamid, emoji: m.emoji },
  });
}

function inbound(business: Business, from: string, message: Record<string, unknown>) {
  return envelope(business, { contacts: [{ wa_id: from }], messages: [{ from, ...message }] });
}
