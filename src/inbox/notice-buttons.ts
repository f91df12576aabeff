// Reply buttons on notices (SPEC §12): a new-conversation or team-queue notice carries `Take #N` and
// `Show #N`, an assignment notice `Show #N` and `Close #N`. A button's id is the command it stands for
// (`cmd:/assign me #12`), written by the parser's own inverse (format.ts), so a tap runs exactly what
// typing it would (commands/taps.ts). The notice's text stays the fallback: the staff group, a template
// notice, `/set buttons off` and coalesced notices get it, with the command to type.
import { eq } from "drizzle-orm";
import { formatCommand } from "../commands/format.js";
import { buttonsMessage, type ReplyButton } from "../outbox/interactive.js";
import type { InboxDb } from "../store/db.js";
import { settings } from "../store/schema.js";
import { inboxTexts } from "../texts/stored-language.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";

/** Which buttons a notice about #N carries. */
export type NoticeButtons = { kind: "take_show" | "show_close"; n: number };

/** A tap's id: the command it runs, as typed. */
export const TAP_PREFIX = "cmd:";

/** The `buttons` setting (setting-definitions.ts), read here without the commands layer. */
export function buttonsOn(tx: InboxDb): boolean {
  const row = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, "buttons")).get();
  return row?.value !== "off";
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
export function noticeInteractive(tx: InboxDb, text: string, which: NoticeButtons): GraphMessage | null {
  if (!buttonsOn(tx)) return null;
  return buttonsMessage(text, noticeButtonList(tx, which), text);
}
