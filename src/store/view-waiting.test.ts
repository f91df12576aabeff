// New and the team queues are worked from their oldest end (SPEC §4): the customer who has waited
// longest for an answer first, then whoever waits for nobody, from their last activity. They must be read
// from conversations_waiting in that order, never by sorting the view.
import { describe, expect, it } from "vitest";
import { openNodeDatabase } from "./open-node.js";
import { captureStatements, planOf } from "./query-plan.js";
import { contacts, conversations, teams } from "./schema.js";
import { newView, queueView } from "./view-plans.js";
import { readViewPage } from "./view-queries.js";

type Conv = { teamId: number | null; awaitingReplySince: number | null; lastActivityAt: number };

function seed(rows: Conv[]) {
  const opened = openNodeDatabase(":memory:");
  const { db } = opened;
  db.insert(teams).values({ id: 1, name: "sales", createdAt: 0 }).run();
  rows.forEach((row, i) => {
    const id = i + 1;
    db.insert(contacts)
      .values({ id, waId: `1555${id}`, createdAt: 0, updatedAt: 0 })
      .run();
    db.insert(conversations)
      .values({ id, contactId: id, status: "open", ...row, createdAt: 0 })
      .run();
  });
  return opened;
}

const ids = (page: { rows: { id: number }[] }) => page.rows.map((r) => r.id);

describe("New and the team queues", () => {
  it("list the longest wait first, then whoever waits for nobody by last activity", () => {
    const { db, close } = seed([
      // #1 wrote last but has waited since 100: their first message is still unanswered.
      { teamId: null, awaitingReplySince: 100, lastActivityAt: 900 },
      // #2 was answered and handed back at 300: it waits from then.
      { teamId: null, awaitingReplySince: null, lastActivityAt: 300 },
      // #3 has waited since 50, the longest.
      { teamId: null, awaitingReplySince: 50, lastActivityAt: 500 },
      // #4 ties with #2; the older conversation first.
      { teamId: null, awaitingReplySince: 300, lastActivityAt: 300 },
      // The same in the sales queue.
      { teamId: 1, awaitingReplySince: 200, lastActivityAt: 800 },
      { teamId: 1, awaitingReplySince: 100, lastActivityAt: 1000 },
    ]);
    try {
      expect(ids(readViewPage(db, newView(), 1))).toEqual([3, 1, 2, 4]);
      expect(ids(readViewPage(db, queueView(1), 1))).toEqual([6, 5]);
    } finally {
      close();
    }
  });

  it("page on from where the last page stopped", () => {
    const rows: Conv[] = Array.from({ length: 25 }, (_, i) => ({
      teamId: null,
      // Newer conversations waited longer: the order is not #N's.
      awaitingReplySince: 1000 - i,
      lastActivityAt: 2000 + i,
    }));
    const { db, close } = seed(rows);
    try {
      const pages = [1, 2, 3].map((p) => readViewPage(db, newView(), p));
      expect(pages.flatMap(ids)).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
      expect(pages.map((p) => p.total)).toEqual([25, 25, 25]);
    } finally {
      close();
    }
  });

  it("are read from conversations_waiting alone, at every count strategy", () => {
    const rows: Conv[] = Array.from({ length: 30 }, (_, i) => ({
      teamId: i % 2 === 0 ? null : 1,
      awaitingReplySince: i % 3 === 0 ? null : i,
      lastActivityAt: 100 + i,
    }));
    const { db, sqlite, close } = seed(rows);
    try {
      const { statements } = captureStatements(sqlite, () => {
        for (const countAhead of [1, 2000]) {
          readViewPage(db, newView(), 1, countAhead);
          readViewPage(db, queueView(1), 2, countAhead);
        }
      });
      const pages = statements.filter((s) => /^\s*select "id"/i.test(s) && /order by/i.test(s));
      expect(pages.length).toBeGreaterThan(0);
      for (const s of pages) {
        const plan = planOf(sqlite, s);
        expect(plan).toContain("USING COVERING INDEX conversations_waiting");
        expect(plan).not.toMatch(/TEMP B-TREE|SCAN conversations/);
      }
    } finally {
      close();
    }
  });
});
