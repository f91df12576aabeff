// Taps and reactions from staff (SPEC §12): what they mean as commands. A reply button or list row the
// bot sent carries the command as typed (`cmd:/assign me #12`, notice-buttons.ts, assign-pick.ts), so a
// tap is parsed by the same parser and run by the same handler under the same policy, and gets the same
// answer. Only the commands the bot puts on buttons and rows are honoured: a forged id can do no more
// than those typed commands (and less than the person could type).

import { TAP_PREFIX } from "../inbox/notice-buttons.js";
import type { InboxDb } from "../store/db.js";
import type { Catalog } from "../texts/catalog.js";
import type { InboundMessage } from "../whatsapp/updates.js";
import type { Command } from "./command.js";
import { MORE_PREFIX } from "./handlers/assign-pick.js";
import { quotedConversations } from "./lookup.js";
import { parseCommand } from "./parse.js";

/** What a staff message that is a tap or a reaction asks for. */
export type Shortcut =
  | { kind: "command"; command: Command }
  | { kind: "more"; conv: number; page: number }
  | { kind: "answer"; text: string }
  /** Changes nothing and gets no answer: another emoji, a removed reaction. */
  | { kind: "nothing" };

/** The commands a button or row may carry: the ones the bot puts there. */
const TAPPABLE: ReadonlySet<Command["name"]> = new Set(["assign", "show", "close"]);

/** A tap's id (`interactive.button_reply.id` or `list_reply.id`), or null when the message is no tap. */
export function tapId(msg: InboundMessage): string | null {
  if (msg.type !== "interactive") return null;
  const raw = msg.raw as { interactive?: { button_reply?: { id?: unknown }; list_reply?: { id?: unknown } } };
  const id = raw?.interactive?.button_reply?.id ?? raw?.interactive?.list_reply?.id;
  return typeof id === "string" ? id : null;
}

/** 👍 in any skin tone (with or without the emoji presentation selector) takes, ✅ closes. */
export function reactionMeaning(emoji: string | null): "take" | "close" | null {
  if (emoji === null) return null;
  const bare = emoji.replace(/\uFE0F/g, "");
  if (/^\u{1F44D}[\u{1F3FB}-\u{1F3FF}]?$/u.test(bare)) return "take";
  if (bare === "\u2705") return "close";
  return null;
}

/** Null when the message is neither a tap nor a reaction: it is handled as before. */
export function shortcutOf(tx: InboxDb, msg: InboundMessage, t: Catalog): Shortcut | null {
  if (msg.type === "reaction") return reactionShortcut(tx, msg, t);
  const id = tapId(msg);
  if (id === null) return null;
  if (id.startsWith(TAP_PREFIX)) {
    const parsed = parseCommand(id.slice(TAP_PREFIX.length));
    if (parsed.ok && TAPPABLE.has(parsed.command.name)) return { kind: "command", command: parsed.command };
  }
  const more = /^pick:(\d{1,12}):(\d{1,4})$/.exec(id);
  if (id.startsWith(MORE_PREFIX) && more !== null) {
    const conv = Number(more[1]);
    const page = Number(more[2]);
    if (conv > 0 && page > 0) return { kind: "more", conv, page };
  }
  return { kind: "answer", text: t.tapUnknown() };
}

function reactionShortcut(tx: InboxDb, msg: InboundMessage, t: Catalog): Shortcut {
  const meaning = reactionMeaning(msg.text);
  if (meaning === null) return { kind: "nothing" };
  const about = quotedConversations(tx, msg.quotedId);
  const [n] = about;
  if (n === undefined) return { kind: "answer", text: t.reactionNoConversation() };
  if (about.length > 1)
    return { kind: "answer", text: t.reactionSeveral({ list: about.map((c) => `#${c}`).join(", ") }) };
  const command: Command =
    meaning === "take"
      ? { name: "assign", target: { kind: "me" }, conv: n }
      : { name: "close", conv: n, note: null };
  return { kind: "command", command };
}
