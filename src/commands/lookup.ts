// The lookups every handler needs, each turning "not found" into a Refusal with a helpful answer.
import { and, eq, isNotNull } from "drizzle-orm";
import { type Action, type ConversationFacts, decide, type PolicyNames } from "../domain/policy.js";
import type { ConversationRow } from "../inbox/conversations.js";
import { conversationTitle, windowLine } from "../inbox/customer-notices.js";
import type { ContactRow, StaffRow } from "../inbox/identities.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import {
  contacts,
  conversationEvents,
  conversations,
  outbox,
  staff,
  teamMembers,
  teams,
} from "../store/schema.js";
import { type Catalog, textsIn } from "../texts/catalog.js";
import { en } from "../texts/en.js";
import type { Who } from "./command.js";
import { type Actor, type CommandContext, Refusal } from "./context.js";
import { type InboxSettings, settingsFrom } from "./setting-definitions.js";

export type ConversationView = { conv: ConversationRow; contact: ContactRow };

export const WHICH_CONVERSATION = en.whichConversation();

/** The catalog in the inbox's language (`/set language`, SPEC §16). */
export function textsOf(ctx: Pick<CommandContext, "settings">): Catalog {
  return textsIn(ctx.settings.language);
}

/** The conversation a command is about: its #N, else the bot message it quotes (SPEC §4). */
export function resolveConversation(ctx: CommandContext, conv: number | null): ConversationView {
  const id = conv ?? quotedConversationId(ctx.tx, ctx.message.quotedId);
  if (id === null) throw new Refusal(textsOf(ctx).whichConversation());
  const row = ctx.tx.select().from(conversations).where(eq(conversations.id, id)).get();
  if (!row) throw new Refusal(textsOf(ctx).noConversation({ n: id }));
  const contact = ctx.tx.select().from(contacts).where(eq(contacts.id, row.contactId)).get();
  if (!contact) throw new Error(`conversation #${id} has no contact`);
  return { conv: row, contact };
}

export type QuotedBotMessage = { conversationId: number; purpose: string; sourceMessageId: number | null };

/**
 * Which of the bot's messages a staff member quoted. Rows sent together as one message share a wamid;
 * when they name different conversations the quote is ambiguous and we ask.
 */
export function quotedBotMessage(tx: InboxDb, quotedId: string | null): QuotedBotMessage | null {
  if (!quotedId) return null;
  const rows = tx
    .select({
      conversationId: outbox.conversationId,
      purpose: outbox.purpose,
      sourceMessageId: outbox.sourceMessageId,
    })
    .from(outbox)
    .where(and(eq(outbox.wamid, quotedId), isNotNull(outbox.conversationId)))
    .all();
  const first = rows[0];
  if (!first || first.conversationId === null) return null;
  if (rows.some((r) => r.conversationId !== first.conversationId)) return null;
  // One conversation: if the message carried a forward of its customer's words (a person who fell
  // behind gets notices and forwards together), quoting it answers that customer, whatever the order.
  // A relayed photo or document (purpose "media") is the customer's own message too (SPEC §11).
  const chosen = rows.find((r) => r.purpose === "forward" || r.purpose === "media") ?? first;
  return {
    conversationId: first.conversationId,
    purpose: chosen.purpose === "media" ? "forward" : chosen.purpose,
    sourceMessageId: chosen.sourceMessageId,
  };
}

/** The conversations a quoted bot message is about (several when notices were sent together). */
export function quotedConversations(tx: InboxDb, quotedId: string | null): number[] {
  if (!quotedId) return [];
  const rows = tx
    .selectDistinct({ conversationId: outbox.conversationId })
    .from(outbox)
    .where(and(eq(outbox.wamid, quotedId), isNotNull(outbox.conversationId)))
    .all();
  return rows.flatMap((r) => (r.conversationId === null ? [] : [r.conversationId])).sort((a, b) => a - b);
}

function quotedConversationId(tx: InboxDb, quotedId: string | null): number | null {
  return quotedBotMessage(tx, quotedId)?.conversationId ?? null;
}

export function facts(conv: ConversationRow): ConversationFacts {
  return {
    status: conv.status,
    assigneeId: conv.assigneeId,
    teamId: conv.teamId,
    previousAssigneeId: conv.previousAssigneeId,
  };
}

/** Asks the role policy; a "no" becomes the refusal the person reads, naming the rule. */
export function allow(ctx: CommandContext, action: Action, conversation?: number): void {
  const decision = decide(ctx.actor.facts, action, ctx.settings, policyNames(ctx, conversation));
  if (!decision.ok) throw new Refusal(decision.message);
}

/** What the policy needs to word a refusal for this reader: names, the #N, the language. */
export function policyNames(ctx: CommandContext, conversation?: number): PolicyNames {
  return {
    teamName: (id) => teamName(ctx.tx, id),
    staffHandle: (id) => staffById(ctx.tx, id)?.handle ?? null,
    texts: textsOf(ctx),
    ...(conversation === undefined ? {} : { conversation }),
  };
}

export function staffByWho(ctx: CommandContext, who: Who): StaffRow {
  if (who.kind === "me") return ctx.actor;
  const row =
    who.kind === "handle"
      ? ctx.tx.select().from(staff).where(eq(staff.handle, who.handle)).get()
      : ctx.tx.select().from(staff).where(eq(staff.phone, who.phone)).get();
  const label = who.kind === "handle" ? `@${who.handle}` : who.phone;
  if (!row) throw new Refusal(textsOf(ctx).noStaff({ who: label }));
  if (!row.active) throw new Refusal(textsOf(ctx).staffRemoved({ who: label }));
  return row;
}

export function staffById(tx: InboxDb, id: number): StaffRow | undefined {
  return tx.select().from(staff).where(eq(staff.id, id)).get();
}

export function teamByName(ctx: CommandContext, name: string): { id: number; name: string } {
  const row = ctx.tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.name, name)).get();
  if (!row) throw new Refusal(textsOf(ctx).noTeam({ name }));
  return row;
}

export function teamName(tx: InboxDb, id: number): string | null {
  return tx.select({ name: teams.name }).from(teams).where(eq(teams.id, id)).get()?.name ?? null;
}

export function teamIdsOf(tx: InboxDb, staffId: number): number[] {
  return tx
    .select({ id: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.staffId, staffId))
    .all()
    .map((r) => r.id);
}

export function loadActor(tx: InboxDb, row: StaffRow): Actor {
  const teamIds = teamIdsOf(tx, row.id);
  return { ...row, teamIds, facts: { id: row.id, role: row.role, handle: row.handle, teamIds } };
}

/** Every setting in force (SETTING_DEFINITIONS): its stored value, else its default. */
export function readSettings(tx: InboxDb): InboxSettings {
  const stored = new Map(
    hot(tx)
      .allSettings.all()
      .map((row) => [row.key, row.value]),
  );
  return settingsFrom((key) => stored.get(key));
}

/** One history row: who, what, from → to, when, and the command's message id (SPEC §2). */
export function recordHistory(
  ctx: CommandContext,
  conversationId: number,
  entry: { action: string; from?: string | null; to?: string | null; note?: string | null },
): void {
  ctx.tx
    .insert(conversationEvents)
    .values({
      conversationId,
      actorStaffId: ctx.actor.id,
      action: entry.action,
      fromValue: entry.from ?? null,
      toValue: entry.to ?? null,
      note: entry.note ?? null,
      commandWamid: ctx.message.wamid,
      at: ctx.now,
    })
    .run();
}

export function titleOf(view: ConversationView): string {
  return conversationTitle(view.conv, view.contact);
}

export function windowOf(view: ConversationView, now: number, t: Catalog = en): string {
  return windowLine(view.conv, now, t);
}

/** "Told @maria, @bob." or "Nobody else was told.". */
export function toldLine(told: readonly (string | null)[], t: Catalog = en): string {
  const names = [...new Set(told.filter((name): name is string => name !== null))];
  return names.length > 0 ? t.told({ names: names.join(", ") }) : t.toldNobody();
}
