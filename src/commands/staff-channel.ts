// A message from a staff member: store it, open their own 24 h window, hand over held notifications,
// then run the command (or relay a quote-reply, or give a hint). The answer goes back where the message
// came from: their private chat or the staff group.
import { eq, inArray, max } from "drizzle-orm";
import { messageTime } from "../domain/message-time.js";
import { decide, ownerOf } from "../domain/policy.js";
import { formatWindow, WINDOW_MS, windowState } from "../domain/window.js";
import type { StaffRow } from "../inbox/identities.js";
import type { StaffChannel } from "../inbox/inbox.js";
import type { InboxOptions } from "../inbox/options.js";
import type { Logger } from "../log.js";
import { enqueueToGroup, enqueueToStaff, releaseHeld } from "../outbox/enqueue.js";
import type { InboxDb } from "../store/db.js";
import { conversations, messages, staff, strangerReplies } from "../store/schema.js";
import { textsIn } from "../texts/catalog.js";
import { en } from "../texts/en.js";
import type { Identity, InboundMessage } from "../whatsapp/updates.js";
import {
  type Channel,
  type CommandContext,
  type CommandHandler,
  type CommandResult,
  Refusal,
} from "./context.js";
import { parseFailureAnswer } from "./handlers/help.js";
import { HANDLERS } from "./handlers/registry.js";
import { relayQuotedReply } from "./handlers/replies.js";
import {
  facts,
  loadActor,
  quotedBotMessage,
  quotedConversations,
  readSettings,
  staffById,
  textsOf,
} from "./lookup.js";
import { parseCommand } from "./parse.js";

export const NOT_STAFF_REPLY = en.notStaff();
/**
 * A sender who is not staff is told "not on the staff list" at most once in this long (SPEC §1: one reply,
 * and nothing else happens). Once a day: someone who keeps writing in the group is not answered message by
 * message, and someone who comes back another day (perhaps expecting to have been added) is reminded.
 */
export const STRANGER_REPLY_INTERVAL_MS = 24 * 60 * 60_000;
export const PLAIN_TEXT_HINT = en.plainTextHint();

export function createStaffChannel(options: InboxOptions, log: Logger): StaffChannel {
  return {
    staffMessage(tx, msg, staffId, { now, receivedAt }) {
      const row = tx.select().from(staff).where(eq(staff.id, staffId)).get();
      if (!row) throw new Error(`staff ${staffId} vanished`);
      // One time for this message (domain/message-time.ts): stored with it, where the window it opens
      // starts, and when the command's changes count as activity.
      const sentAt = messageTime(msg.timestamp, receivedAt);
      const messageId = storeStaffMessage(tx, msg, row, { now, sentAt });
      const channel: Channel =
        msg.groupId !== null ? { kind: "group", groupId: msg.groupId } : { kind: "direct" };
      let person = row;
      if (channel.kind === "direct") person = openStaffWindow(tx, row, sentAt, now);

      const ctx: CommandContext = {
        tx,
        now,
        actor: loadActor(tx, person),
        message: { id: messageId, wamid: msg.id, quotedId: msg.quotedId, sentAt },
        channel,
        options,
        settings: readSettings(tx),
      };
      const result = runStaffText(ctx, msg, log);
      if (result.answer !== null) answer(ctx, result.answer, result.conversationId);
    },

    strangerInGroup(tx, msg, { now }) {
      if (msg.groupId === null) return;
      const senders = senderKeys(msg.from);
      const last = tx
        .select({ at: max(strangerReplies.repliedAt) })
        .from(strangerReplies)
        .where(inArray(strangerReplies.sender, senders))
        .get()?.at;
      if (last !== null && last !== undefined && now - last < STRANGER_REPLY_INTERVAL_MS) {
        log.info("not staff, in the staff group: already told", { messageId: msg.id });
        return;
      }
      const text = textsIn(readSettings(tx).language).notStaff();
      enqueueToGroup(tx, { now, groupId: msg.groupId, text, conversationId: null });
      for (const sender of senders) {
        tx.insert(strangerReplies)
          .values({ sender, repliedAt: now })
          .onConflictDoUpdate({ target: strangerReplies.sender, set: { repliedAt: now } })
          .run();
      }
    },
  };
}

/** Keys of stranger_replies for this sender: a message always has a wa_id, a BSUID, or both. */
function senderKeys(from: Identity): string[] {
  const keys: string[] = [];
  if (from.waId !== null) keys.push(`wa:${from.waId}`);
  if (from.bsuid !== null) keys.push(`bsuid:${from.bsuid}`);
  return keys;
}

function runStaffText(ctx: CommandContext, msg: InboundMessage, log: Logger): CommandResult {
  const text = msg.type === "text" ? (msg.text ?? "") : "";
  const parsed = parseCommand(text);
  if (parsed.ok) {
    const command = parsed.command;
    // HandlerMap pairs each name with its own command type; TypeScript cannot see that through a lookup.
    const handler = HANDLERS[command.name] as CommandHandler;
    return inSavepoint(ctx, log, command.name, () => handler(ctx, command));
  }
  const t = textsOf(ctx);
  if (parsed.kind === "unknown" || parsed.kind === "usage") {
    const reader = { role: ctx.actor.role, agentReassign: ctx.settings.agentReassign };
    return { answer: parseFailureAnswer(t, reader, parsed), conversationId: null };
  }
  // Plain text reaches a customer only when it quotes a forwarded customer message (SPEC §4).
  const quoted = quotedBotMessage(ctx.tx, msg.quotedId);
  if (quoted?.purpose === "forward" && text.trim() !== "") {
    return inSavepoint(ctx, log, "reply", () => relayQuotedReply(ctx, quoted.conversationId, text));
  }
  if (msg.type !== "text" && quoted?.purpose === "forward") {
    return { answer: t.onlyTextRelayed({ n: quoted.conversationId }), conversationId: null };
  }
  if (quoted !== null && text.trim() !== "") {
    return { answer: quotedNoticeHint(ctx, quoted.conversationId), conversationId: quoted.conversationId };
  }
  if (quoted === null && text.trim() !== "") {
    // A message that carried several conversations (a person who fell behind gets them together).
    const several = quotedConversations(ctx.tx, msg.quotedId);
    if (several.length > 1) {
      const list = several.map((n) => `#${n}`).join(", ");
      return { answer: t.quotedSeveral({ list }), conversationId: null };
    }
  }
  return { answer: t.plainTextHint(), conversationId: null };
}

/**
 * Plain text quoting a bot message about #N that is not a forwarded customer message (an "assigned to
 * you" or new-conversation notice, an answer): it never reaches the customer (SPEC §4), and the answer
 * names the exact command that would, for this reader (SPEC §16): /reply #N when they own it, "take it,
 * then /reply" when the policy lets them take it, otherwise who has it.
 */
function quotedNoticeHint(ctx: CommandContext, conversationId: number): string {
  const t = textsOf(ctx);
  const n = conversationId;
  const conv = ctx.tx.select().from(conversations).where(eq(conversations.id, n)).get();
  if (!conv) return t.plainTextHint();
  const owner = ownerOf(facts(conv));
  if (conv.status === "open" && owner === ctx.actor.id) {
    const window = windowState(conv.windowExpiresAt, ctx.now);
    return window.open
      ? t.quotedNoticeReply({ n })
      : `#${n} ${formatWindow(window, t)}. ${t.templateAdvice({ n })}`;
  }
  const self = { kind: "staff" as const, staffId: ctx.actor.id, teamIds: ctx.actor.teamIds };
  if (decide(ctx.actor.facts, { kind: "assign", conv: facts(conv), to: self }, ctx.settings).ok) {
    return t.quotedNoticeTakeFirst({ n, take: `/assign me #${n}` });
  }
  const handle = owner === null ? null : (staffById(ctx.tx, owner)?.handle ?? null);
  return handle === null ? t.quotedNoticeUnowned({ n }) : t.quotedNoticeOwned({ n, owner: `@${handle}` });
}

/**
 * Runs a handler in a savepoint: a Refusal (or a bug) rolls back everything it wrote, so a refused command
 * changes nothing. A bug is logged and answered without a stack trace.
 */
function inSavepoint(
  ctx: CommandContext,
  log: Logger,
  name: string,
  run: () => CommandResult,
): CommandResult {
  try {
    // Same connection: the handler's writes through ctx.tx land inside this savepoint.
    return ctx.tx.transaction(() => run());
  } catch (error) {
    if (error instanceof Refusal) return { answer: error.answer, conversationId: error.conversationId };
    log.error("command failed", {
      command: name,
      error: error instanceof Error ? error.message : String(error),
    });
    return { answer: textsOf(ctx).commandFailed({ command: name }), conversationId: null };
  }
}

function answer(ctx: CommandContext, text: string, conversationId: number | null): void {
  if (ctx.channel.kind === "group") {
    enqueueToGroup(ctx.tx, { now: ctx.now, groupId: ctx.channel.groupId, text, conversationId });
    return;
  }
  enqueueToStaff(ctx.tx, {
    now: ctx.now,
    staff: ctx.actor,
    text,
    conversationId,
    purpose: "answer",
    notifyTemplate: null,
  });
}

function storeStaffMessage(
  tx: InboxDb,
  msg: InboundMessage,
  row: StaffRow,
  at: { now: number; sentAt: number },
): number {
  return tx
    .insert(messages)
    .values({
      direction: "in",
      dedupKey: msg.dedupKey,
      wamid: msg.id,
      staffId: row.id,
      type: msg.type,
      subtype: msg.subtype,
      text: msg.text,
      quotedWamid: msg.quotedId,
      timestamp: at.sentAt,
      raw: JSON.stringify(msg.raw),
      createdAt: at.now,
    })
    .returning({ id: messages.id })
    .get().id;
}

/** Any message a staff member sends opens their own window for 24 h (SPEC §3); held notices follow. */
function openStaffWindow(tx: InboxDb, row: StaffRow, sentAt: number, now: number): StaffRow {
  const expires = Math.max(row.windowExpiresAt ?? 0, sentAt + WINDOW_MS);
  tx.update(staff).set({ windowExpiresAt: expires }).where(eq(staff.id, row.id)).run();
  const updated = { ...row, windowExpiresAt: expires };
  const recipient = updated.waId ?? updated.phone ?? updated.bsuid;
  if (recipient) releaseHeld(tx, { now, staffId: row.id, recipient });
  return updated;
}
