// Reply buttons on notices (SPEC §12): a new-conversation or team-queue notice carries `Take #N` and
// `Show #N`, an assignment notice `Show #N` and `Close #N`. A button's id is the command it stands for
// (`cmd:/assign me #12`), written by the parser's own inverse (format.ts), so a tap runs exactly what
// typing it would (commands/taps.ts). The notice's text stays the fallback: the staff group, a template
// notice, `/set buttons off` and coalesced notices get it, with the command to type.
import { formatCommand } from "../commands/format.js";
import { BODY_LIMIT, buttonsMessage, type ReplyButton } from "../outbox/interactive.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { inboxTexts } from "../texts/stored-language.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";

/** Which buttons a notice about #N carries. */
export type NoticeButtons = { kind: "take_show" | "show_close"; n: number };

/** A tap's id: the command it runs, as typed. */
export const TAP_PREFIX = "cmd:";

/** The `buttons` setting (setting-definitions.ts), read here without the commands layer. */
export function buttonsOn(tx: InboxDb): boolean {
  return hot(tx).settingValue.get({ key: "buttons" })?.value !== "off";
}

export function noticeButtonList(tx: InboxDb, which: NoticeButtons): ReplyButton[] {
  const t = inboxTexts(tx);
  const { n } = which;
  const take = formatCommand({ name: "assign", target: { kind: "me" }, conv: n });
  const show = formatCommand({ name: "show", conv: n });
  const close = formatCommand({ name: "close", conv: n, note: null });
  const button = (command: string, title: string) => ({ id: `${TAP_PREFIX}${command}`, title });
  return which.kind === "take_show"
    ? [button(take, t.tapTake({ n })), button(show, t.tapShow({ n }))]
    : [button(show, t.tapShow({ n })), button(close, t.tapClose({ n }))];
}

/**
 * The notice as reply buttons, its text the body and the fallback; null when buttons are off or the text
 * is over the 1,024 characters a body holds (then the text goes whole, as before: never cut).
 */
export function noticeInteractive(
  tx: InboxDb,
  text: string,
  which: NoticeButtons,
  o: { alone?: boolean; fallback?: string } = {},
): GraphMessage | null {
  if (!buttonsOn(tx)) return null;
  const message = buttonsMessage(text, noticeButtonList(tx, which), o.fallback ?? text);
  // The rest of a long notice (splitForButtons) goes on its own: joined with its first part it would be
  // the whole text again, without its buttons (coalesce.ts).
  return message !== null && o.alone ? { ...message, alone: true } : message;
}

/**
 * A notice too long for one message with buttons, cut where a line (else a word) starts, so that the
 * rest fits a body: the first part goes as text, the rest with the buttons. Null when it fits whole.
 */
export function splitForButtons(text: string): { head: string; rest: string } | null {
  if (text.length <= BODY_LIMIT) return null;
  const from = text.length - BODY_LIMIT;
  let at = text.indexOf("\n", from);
  if (at < 0) at = text.indexOf(" ", from);
  let start = at < 0 ? from : at + 1;
  // Never inside a surrogate pair (an emoji).
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  // The line break or space cut at separates the two messages; nothing else is left out.
  const head = text.slice(0, at < 0 ? start : at);
  const rest = text.slice(start);
  return head === "" || rest.trim() === "" ? null : { head, rest };
}

/**
 * The notice as text wherever its buttons cannot go (the staff group, a template, buttons off, a folded
 * notice): with the commands the buttons stand for, unless it already names them (SPEC §17.5).
 */
export function withCommandsToType(tx: InboxDb, text: string, which: NoticeButtons): string {
  const t = inboxTexts(tx);
  const { n } = which;
  const take = formatCommand({ name: "assign", target: { kind: "me" }, conv: n });
  if (which.kind === "take_show") return text.includes(take) ? text : `${text}\n${t.noticeTakeIt({ n })}`;
  const close = formatCommand({ name: "close", conv: n, note: null });
  return text.includes(close) ? text : `${text}\n${t.noticeShowClose({ n })}`;
}
