// Shared set-up for the conversation and reply command tests: the e2e harness (real signed webhooks, msw
// as Meta) with a small cast, plus readers for the state the tests assert on exactly.
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { textOfPayload } from "../../src/outbox/payload.js";
import { conversationEvents, conversations, outbox, settings, staff } from "../../src/store/schema.js";
import { startE2E } from "./e2e.js";

/** Staff phones; the INBOX_ADMINS admin @ada is +15550000001. */
export const ADA = "+15550000001";
export const BOB = "+15550000002"; // manager, sales
export const MARIA = "+15550000003"; // agent, sales
export const CARL = "+15550000004"; // agent, sales
export const DINA = "+15550000005"; // agent, support
export const MONA = "+15550000006"; // manager, support
export const SHEENA = "+15557770001"; // customer
export const TOM = "+15557770002"; // customer

export async function startInbox(env: Record<string, string> = {}) {
  const e = await startE2E({ env });
  e.seedStaff("bob", BOB, "manager", ["sales"]);
  e.seedStaff("maria", MARIA, "agent", ["sales"]);
  e.seedStaff("carl", CARL, "agent", ["sales"]);
  e.seedStaff("dina", DINA, "agent", ["support"]);
  e.seedStaff("mona", MONA, "manager", ["support"]);
  // Everyone writes once, as the README tells new staff to: their own 24 h window opens, so notices are
  // sent rather than held.
  for (const phone of [ADA, BOB, MARIA, CARL, DINA, MONA]) await e.write(phone, "/whoami");

  const staffId = (handle: string): number => {
    const row = e.db.select({ id: staff.id }).from(staff).where(eq(staff.handle, handle)).get();
    if (!row) throw new Error(`no staff @${handle}`);
    return row.id;
  };

  /** The text of the bot's last answer to this person, as Meta received it. */
  const answerTo = (phone: string): string | null => e.lastTo(phone).text;

  /** Runs a command and returns the answer that came back. */
  const command = async (phone: string, text: string, extra: { quotedId?: string } = {}) => {
    await e.write(phone, text, extra);
    return answerTo(phone);
  };

  /** The highest outbox id so far: notices after it are the ones a step caused. */
  const mark = (): number =>
    e.db.select({ id: outbox.id }).from(outbox).orderBy(desc(outbox.id)).limit(1).get()?.id ?? 0;

  /** Notifications (not answers) queued for each staff handle since the mark, oldest first. */
  const noticesSince = (since: number): Record<string, string[]> => {
    const rows = e.db
      .select({ handle: staff.handle, payload: outbox.payload })
      .from(outbox)
      .innerJoin(staff, eq(staff.id, outbox.staffId))
      .where(and(gt(outbox.id, since), inArray(outbox.purpose, ["notify", "forward"])))
      .orderBy(asc(outbox.id))
      .all();
    const byHandle: Record<string, string[]> = {};
    for (const row of rows) {
      const list = byHandle[row.handle] ?? [];
      list.push(textOfPayload(row.payload) ?? "(not text)");
      byHandle[row.handle] = list;
    }
    return byHandle;
  };

  const conversation = (id: number) => {
    const row = e.db.select().from(conversations).where(eq(conversations.id, id)).get();
    if (!row) throw new Error(`no conversation #${id}`);
    return row;
  };

  /** History rows as "action from → to (note) by @handle", the way a person reads them. */
  const history = (id: number): string[] =>
    e.db
      .select({
        action: conversationEvents.action,
        from: conversationEvents.fromValue,
        to: conversationEvents.toValue,
        note: conversationEvents.note,
        actor: staff.handle,
      })
      .from(conversationEvents)
      .leftJoin(staff, eq(staff.id, conversationEvents.actorStaffId))
      .where(eq(conversationEvents.conversationId, id))
      .orderBy(asc(conversationEvents.id))
      .all()
      .map((r) => {
        const move = r.from === null && r.to === null ? "" : ` ${r.from ?? "∅"} → ${r.to ?? "∅"}`;
        const note = r.note === null ? "" : ` (${r.note})`;
        return `${r.action}${move}${note} by ${r.actor === null ? "system" : `@${r.actor}`}`;
      });

  /** Everything a refused command must leave untouched. */
  const snapshot = () =>
    JSON.stringify({
      conversations: e.db.select().from(conversations).orderBy(asc(conversations.id)).all(),
      events: e.db.select().from(conversationEvents).orderBy(asc(conversationEvents.id)).all(),
      customerSends: e.db.select().from(outbox).where(eq(outbox.recipientKind, "customer")).all(),
    });

  const setAgentReassign = (value: "none" | "own" | "any") =>
    e.db
      .insert(settings)
      .values({ key: "agent_reassign", value })
      .onConflictDoUpdate({ target: settings.key, set: { value } })
      .run();

  return {
    ...e,
    staffId,
    answerTo,
    command,
    mark,
    noticesSince,
    conversation,
    history,
    snapshot,
    setAgentReassign,
  };
}

export type InboxUnderTest = Awaited<ReturnType<typeof startInbox>>;

/** The window right after Sheena's first message (the clock has not moved). */
export const OPEN = "window open · 24h 0m left";
export const FIRST = "Hi, my order is late";
/** The lines under a notice about #1 right after Sheena's first message. */
export const DETAILS = ["Sheena · +15557770001", `Last message: ${FIRST}`, OPEN];

/** A fresh inbox where Sheena has written once: #1 in New. */
export async function withNewConversation(env: Record<string, string> = {}): Promise<InboxUnderTest> {
  const t = await startInbox(env);
  await t.write(SHEENA, FIRST, { name: "Sheena" });
  return t;
}
