// Properties of taps (SPEC §12) over random inbox states: every reply button and list row the bot can
// produce, and a 👍 or ✅ on a message about #N, does exactly what typing its command does (answer,
// state, history, notices, refusals included); a forged id never does more than the typed command; and
// (taps-limits.property.test.ts: Meta's limits whatever the names).
import { asc } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTestInbox } from "../../test/kit/inbox-harness.js";
import { noticeButtonList } from "../inbox/notice-buttons.js";
import type { InboxOptions } from "../inbox/options.js";
import { silentLogger } from "../log.js";
import { textOfPayload } from "../outbox/payload.js";
import type { InboxDb } from "../store/db.js";
import {
  contacts,
  conversationEvents,
  conversations,
  messages,
  outbox,
  settings,
  staff,
  teamMembers,
  teams,
} from "../store/schema.js";
import type { InboundMessage } from "../whatsapp/updates.js";
import { createStaffChannel } from "./staff-channel.js";

const NOW = Date.UTC(2026, 11, 4, 12);
const options: InboxOptions = {
  phoneNumberId: "106540352242922",
  reopenWindowHours: 24,
  staffGroupId: null,
  staffNotifyTemplate: null,
};
const channel = createStaffChannel(options, silentLogger);

type Person = { role: "admin" | "manager" | "agent"; teams: number[]; away: boolean };
type Conv = { status: "open" | "closed"; owner: number | null; team: number | null; previous: number | null };
type State = {
  people: Person[];
  convs: Conv[];
  agentReassign: "none" | "own" | "any";
  language: "en" | "es";
};

const TEAM_NAMES = ["sales", "support"];
const person: fc.Arbitrary<Person> = fc.record({
  role: fc.constantFrom("admin", "manager", "agent"),
  teams: fc.subarray([1, 2]),
  away: fc.boolean(),
});
const state: fc.Arbitrary<State> = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    people: fc.array(person, { minLength: n, maxLength: n }),
    convs: fc.array(
      fc.record({
        status: fc.constantFrom("open", "closed"),
        owner: fc.option(fc.integer({ min: 1, max: n + 1 })),
        team: fc.option(fc.integer({ min: 1, max: 2 })),
        previous: fc.option(fc.integer({ min: 1, max: n + 1 })),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    agentReassign: fc.constantFrom("none", "own", "any"),
    language: fc.constantFrom("en", "es"),
  }),
);

/** Staff id 1 is @ada, an admin who is never away; people follow as @p2, @p3…; contact i has #i. */
function seed(db: InboxDb, s: State): void {
  const window = NOW + 3_600_000;
  for (const name of TEAM_NAMES) db.insert(teams).values({ name, createdAt: NOW }).run();
  const everyone: Person[] = [{ role: "admin", teams: [], away: false }, ...s.people];
  everyone.forEach((p, i) => {
    const id = i + 1;
    const handle = id === 1 ? "ada" : `p${id}`;
    const phone = `+1555000${String(id).padStart(4, "0")}`;
    db.insert(staff)
      .values({
        handle,
        phone,
        waId: phone.slice(1),
        role: p.role,
        away: p.away,
        windowExpiresAt: window,
        createdAt: NOW,
      })
      .run();
    for (const teamId of p.teams) db.insert(teamMembers).values({ teamId, staffId: id }).run();
  });
  s.convs.forEach((c, i) => {
    const id = i + 1;
    db.insert(contacts)
      .values({ waId: `1555777${id}`, name: `Customer ${id}`, createdAt: NOW, updatedAt: NOW })
      .run();
    const open = c.status === "open";
    db.insert(conversations)
      .values({
        contactId: id,
        status: c.status,
        assigneeId: open ? c.owner : null,
        teamId: c.team,
        previousAssigneeId: open ? null : (c.owner ?? c.previous),
        windowExpiresAt: window,
        lastActivityAt: NOW,
        createdAt: NOW,
        closedAt: open ? null : NOW,
      })
      .run();
    db.insert(messages)
      .values({
        conversationId: id,
        direction: "in",
        dedupKey: `wamid.C${id}`,
        wamid: `wamid.C${id}`,
        contactId: id,
        type: "text",
        text: "hello",
        timestamp: NOW,
        createdAt: NOW,
      })
      .run();
  });
  for (const [key, value] of [
    ["agent_reassign", s.agentReassign],
    ["language", s.language],
  ]) {
    db.insert(settings)
      .values({ key: String(key), value: String(value) })
      .run();
  }
}

/** A bot message about #N that each person received, so a reaction to it finds the conversation. */
function noticeWamid(db: InboxDb, staffId: number, n: number): string {
  const wamid = `wamid.NOTICE.${staffId}.${n}`;
  db.insert(outbox)
    .values({
      recipient: "x",
      recipientKind: "staff",
      staffId,
      conversationId: n,
      purpose: "notify",
      payload: "{}",
      status: "sent",
      wamid,
      nextAttemptAt: NOW,
      createdAt: NOW,
    })
    .run();
  return wamid;
}

function staffMessage(from: number, type: string, fields: Partial<InboundMessage>): InboundMessage {
  return {
    kind: "message",
    phoneNumberId: options.phoneNumberId,
    id: "wamid.STAFF.1",
    dedupKey: "wamid.STAFF.1",
    from: { waId: `1555000${String(from).padStart(4, "0")}`, bsuid: null, name: null, username: null },
    timestamp: NOW,
    type,
    subtype: null,
    text: null,
    media: null,
    quotedId: null,
    forwarded: false,
    groupId: null,
    changedTo: null,
    raw: {},
    ...fields,
  };
}

const typed = (from: number, text: string) =>
  staffMessage(from, "text", { text, raw: { type: "text", text: { body: text } } });
const tapped = (from: number, id: string, list = false) =>
  staffMessage(from, "interactive", {
    subtype: list ? "list_reply" : "button_reply",
    text: "tap",
    raw: {
      type: "interactive",
      interactive: list
        ? { type: "list_reply", list_reply: { id, title: "t" } }
        : { type: "button_reply", button_reply: { id, title: "t" } },
    },
  });
const reacted = (from: number, wamid: string, emoji: string) =>
  staffMessage(from, "reaction", { text: emoji, quotedId: wamid, dedupKey: `r:${emoji}`, raw: {} });

class Rollback extends Error {}

/** What a message did, read inside its transaction, which is then rolled back. */
function outcome(db: InboxDb, staffId: number, msg: InboundMessage) {
  let seen: unknown = null;
  try {
    db.transaction((tx) => {
      const before = tx.select({ id: outbox.id }).from(outbox).orderBy(asc(outbox.id)).all().length;
      channel.staffMessage(tx, msg, staffId, { now: NOW, receivedAt: NOW });
      const rows = tx.select().from(outbox).orderBy(asc(outbox.id)).all().slice(before);
      seen = {
        sent: rows.map((r) => [r.recipient, r.purpose, r.status, textOfPayload(r.payload) ?? r.payload]),
        conversations: tx.select().from(conversations).orderBy(asc(conversations.id)).all(),
        events: tx.select().from(conversationEvents).orderBy(asc(conversationEvents.id)).all(),
      };
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return seen;
}

/** Every tap id the bot would give this person about #N: the notices' buttons and the /assign list. */
function tapIds(db: InboxDb, staffId: number, n: number): Array<{ id: string; list: boolean }> {
  const buttons = [
    ...noticeButtonList(db, { kind: "take_show", n }),
    ...noticeButtonList(db, { kind: "show_close", n }),
  ].map((b) => ({ id: b.id, list: false }));
  let rows: Array<{ id: string; list: boolean }> = [];
  try {
    db.transaction((tx) => {
      const before = tx.select({ id: outbox.id }).from(outbox).all().length;
      channel.staffMessage(tx, typed(staffId, `/assign #${n}`), staffId, { now: NOW, receivedAt: NOW });
      const answer = tx.select().from(outbox).orderBy(asc(outbox.id)).all().slice(before).at(-1);
      const payload = JSON.parse(answer?.payload ?? "{}");
      const sections = payload.interactive?.action?.sections ?? [];
      rows = sections.flatMap((s: { rows: Array<{ id: string }> }) =>
        s.rows.map((r) => ({ id: r.id, list: true })),
      );
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return [...buttons, ...rows.filter((r) => r.id.startsWith("cmd:"))];
}

describe("a tap does what typing its command does", () => {
  it("for every button and list row, and for 👍 and ✅, over random inbox states", () => {
    fc.assert(
      fc.property(state, (s) => {
        const { db, close } = createTestInbox({ start: NOW });
        try {
          seed(db, s);
          const staffIds = [1, ...s.people.map((_, i) => i + 2)];
          for (const staffId of staffIds) {
            for (let n = 1; n <= s.convs.length; n++) {
              for (const tap of tapIds(db, staffId, n)) {
                const command = tap.id.slice("cmd:".length);
                expect(outcome(db, staffId, tapped(staffId, tap.id, tap.list))).toEqual(
                  outcome(db, staffId, typed(staffId, command)),
                );
              }
              const wamid = noticeWamid(db, staffId, n);
              expect(outcome(db, staffId, reacted(staffId, wamid, "👍🏿"))).toEqual(
                outcome(db, staffId, typed(staffId, `/assign me #${n}`)),
              );
              expect(outcome(db, staffId, reacted(staffId, wamid, "✅"))).toEqual(
                outcome(db, staffId, typed(staffId, `/close #${n}`)),
              );
            }
          }
        } finally {
          close();
        }
      }),
      { numRuns: 12 },
    );
  });

  it("a forged id does the typed command or nothing at all", () => {
    const command = fc.constantFrom(
      "/assign me #1",
      "/assign @p2 #1",
      "/assign team sales #1",
      "/close #1 done",
      "/show #1",
      "/unassign #1",
      "/reopen #1",
      "/reply #1 hi",
      "/staff add +15559990000 eve admin",
      "/set agent_reassign any",
      "/away",
      "/role @p2 admin",
      "/team create x",
      "/note #1 psst",
      "/assign #1",
      "nonsense",
    );
    fc.assert(
      fc.property(state, command, fc.boolean(), (s, text, list) => {
        const { db, close } = createTestInbox({ start: NOW });
        try {
          seed(db, s);
          const staffId = 2;
          const byTap = outcome(db, staffId, tapped(staffId, `cmd:${text}`, list)) as {
            conversations: unknown;
            events: unknown;
            sent: unknown[][];
          };
          const byTyping = outcome(db, staffId, typed(staffId, text)) as typeof byTap;
          const honoured = /^\/(assign (me|@\S+|team)|close|show) /.test(text);
          if (honoured) expect(byTap).toEqual(byTyping);
          else {
            const untouched = outcome(db, staffId, typed(staffId, "/whoami")) as typeof byTap;
            expect([byTap.conversations, byTap.events]).toEqual([untouched.conversations, untouched.events]);
            expect(byTap.sent).toHaveLength(1);
          }
        } finally {
          close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
