// /forget +phone, then /forget +phone confirm (SPEC §15, §17.19). The first answer says what would be
// erased; the request is kept in forget_requests (by the number's hash, so an unconfirmed request stores
// no number) for 10 minutes, for the admin who made it only. The confirmation closes an open
// conversation, writes the history and erases (inbox/forget.ts), all in this command's savepoint: a
// refusal or a failure anywhere leaves everything as it was.
import { and, eq } from "drizzle-orm";
import { closeConversation } from "../../domain/lifecycle.js";
import { formatAge } from "../../domain/window.js";
import {
  eraseCustomer,
  type ForgetScope,
  forgetScope,
  forgottenBefore,
  hashWaId,
} from "../../inbox/forget.js";
import { contactWithNumber } from "../../inbox/identities.js";
import { tellStaffById } from "../../inbox/staff-notices.js";
import { conversations, forgetRequests, staff } from "../../store/schema.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import { allow, facts, recordHistory, staffById, textsOf } from "../lookup.js";
import { recordTransition, writeState } from "./conversation-common.js";

export const FORGET_CONFIRM_MINUTES = 10;
const CONFIRM_MS = FORGET_CONFIRM_MINUTES * 60_000;

export const FORGET_HANDLERS: Pick<HandlerMap, "forget"> = {
  forget: (ctx, command) =>
    command.confirm ? confirmForget(ctx, command.phone) : askForget(ctx, command.phone),
};

function askForget(ctx: CommandContext, phone: string): CommandResult {
  const { scope, waIdHash } = target(ctx, phone);
  const { tx, now, actor } = ctx;
  tx.insert(forgetRequests)
    .values({ waIdHash, staffId: actor.id, requestedAt: now, expiresAt: now + CONFIRM_MS })
    .onConflictDoUpdate({
      target: [forgetRequests.waIdHash, forgetRequests.staffId],
      set: { requestedAt: now, expiresAt: now + CONFIRM_MS },
    })
    .run();
  const answer = textsOf(ctx).forgetAsk({
    phone,
    customer: contactWithNumber(scope.contact),
    conversations: numbers(scope.conversationIds),
    messages: scope.messages,
    minutes: FORGET_CONFIRM_MINUTES,
  });
  return { answer, conversationId: null };
}

function confirmForget(ctx: CommandContext, phone: string): CommandResult {
  const { tx, now, actor } = ctx;
  const t = textsOf(ctx);
  const { scope, waIdHash } = target(ctx, phone);
  const requests = tx.select().from(forgetRequests).where(eq(forgetRequests.waIdHash, waIdHash)).all();
  const mine = requests.find((r) => r.staffId === actor.id);
  if (!mine) {
    const other = requests.find((r) => r.expiresAt > now);
    const asker = other === undefined ? undefined : staffById(tx, other.staffId);
    if (asker) throw new Refusal(t.forgetOtherAdmin({ handle: `@${asker.handle}`, phone }));
    throw new Refusal(t.forgetNothingToConfirm({ phone }));
  }
  if (mine.expiresAt <= now) throw new Refusal(t.forgetExpired({ phone, minutes: FORGET_CONFIRM_MINUTES }));

  const closed = closeOpen(ctx, scope);
  for (const id of scope.conversationIds) recordHistory(ctx, id, { action: "forgotten" });
  const erased = eraseCustomer(tx, scope, { now, lineMarker: t.forgetErasedLine() });
  // After the erasure, which blanks every message to staff about these conversations: this one stays.
  if (closed !== null && closed.ownerId !== null && closed.ownerId !== actor.id) {
    const text = t.forgetClosedNotice({ n: closed.id, by: `@${actor.handle}` });
    tellStaffById(tx, closed.ownerId, text, { now, conversationId: closed.id, options: ctx.options });
  }
  const answer = t.forgetDone({
    conversations: numbers(scope.conversationIds),
    messages: erased.messages,
    bodies: erased.rawBodiesDeleted + erased.rawBodiesRedacted,
    closed: closed === null ? null : `#${closed.id}`,
  });
  return { answer, conversationId: null };
}

/** Admins only; the customer who writes from `phone`, else a refusal that says why there is none. */
function target(ctx: CommandContext, phone: string): { scope: ForgetScope; waIdHash: string } {
  allow(ctx, { kind: "forget" });
  const t = textsOf(ctx);
  const waId = phone.slice(1);
  const colleague =
    ctx.tx.select({ handle: staff.handle }).from(staff).where(eq(staff.phone, phone)).get() ??
    ctx.tx.select({ handle: staff.handle }).from(staff).where(eq(staff.waId, waId)).get();
  if (colleague) throw new Refusal(t.forgetIsStaff({ phone, handle: `@${colleague.handle}` }));
  const waIdHash = hashWaId(ctx.tx, waId);
  const scope = forgetScope(ctx.tx, waId);
  if (scope) return { scope, waIdHash };
  const before = forgottenBefore(ctx.tx, waIdHash);
  if (before === null) throw new Refusal(t.forgetNobody({ phone }));
  const age = formatAge(ctx.now - before);
  throw new Refusal(t.forgetAlready({ phone, ago: age === "now" ? t.justNow() : t.ago({ age }) }));
}

/** The customer's open conversation, closed by the admin with the history's usual "closed" row. */
function closeOpen(ctx: CommandContext, scope: ForgetScope): { id: number; ownerId: number | null } | null {
  const open = ctx.tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactId, scope.contact.id), eq(conversations.status, "open")))
    .get();
  if (!open) return null;
  const transition = closeConversation(facts(open));
  if (!transition.ok) return null;
  writeState(ctx, open, transition.state);
  recordTransition(ctx, open.id, transition.history, textsOf(ctx).forgetHistoryNote());
  return { id: open.id, ownerId: open.assigneeId };
}

/** "#1, #4", or null for none. */
function numbers(ids: readonly number[]): string | null {
  return ids.length === 0 ? null : ids.map((id) => `#${id}`).join(", ");
}
