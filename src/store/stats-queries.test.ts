// /stats and /expiring read a handful of index ranges and small tables, never the conversations table
// (SPEC §14: within 50 ms on a million conversations). These tests hold each statement to its index, and
// check the counters the triggers of migrations/0009 keep against the rows they count.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Slice } from "../domain/stats-scope.js";
import { readExpiringPage } from "./expiring-queries.js";
import { openNodeDatabase } from "./open-node.js";
import { captureStatements, planOf } from "./query-plan.js";
import { contacts, conversations, staff, teams } from "./schema.js";
import {
  daySums,
  hourSums,
  longestAwaiting,
  longestNewWait,
  openCells,
  periodSums,
  sweepMissedWindows,
  windowsClosing,
} from "./stats-queries.js";

const SLICES: Slice[] = [
  { assignee: "any", team: null },
  { assignee: "any", team: 1 },
  { assignee: null, team: null },
  { assignee: 7, team: null },
  { assignee: 7, team: 1 },
];

function seeded() {
  const opened = openNodeDatabase(":memory:");
  const { db } = opened;
  db.insert(teams).values({ id: 1, name: "sales", createdAt: 0 }).run();
  db.insert(staff).values({ id: 7, handle: "maria", role: "agent", createdAt: 0 }).run();
  for (let id = 1; id <= 40; id++) {
    db.insert(contacts)
      .values({ id, waId: `1555${id}`, createdAt: 0, updatedAt: 0 })
      .run();
    db.insert(conversations)
      .values({
        id,
        contactId: id,
        status: id % 5 === 0 ? "closed" : "open",
        assigneeId: id % 3 === 0 ? null : 7,
        teamId: id % 2 === 0 ? 1 : null,
        awaitingReplySince: id % 4 === 0 ? null : id * 1000,
        windowExpiresAt: 50_000 + id * 1000,
        lastActivityAt: id * 1000,
        createdAt: id * 1000,
      })
      .run();
  }
  return opened;
}

describe("the /stats and /expiring statements", () => {
  it("each read their own index, never the whole conversations table", () => {
    const { db, sqlite, close } = seeded();
    try {
      const { statements } = captureStatements(sqlite, () => {
        for (const s of SLICES) {
          longestAwaiting(db, s);
          windowsClosing(db, s, 0, 100);
        }
        longestNewWait(db);
        hourSums(db, { level: "p", teamKey: 1, staffKey: 7 }, 0, 10);
        daySums(db, { level: "p", teamKey: 1, staffKey: 7 }, 0, 10);
        readExpiringPage(db, SLICES.slice(1), 60_000, 1);
        sweepMissedWindows(db, 70_000, [1]);
      });
      const plans = statements
        .filter((s) => /^\s*(select|update)/i.test(s))
        .map((s) => [s, planOf(sqlite, s)]);
      const using = (pattern: RegExp) => plans.filter(([s]) => pattern.test(s ?? "")).map(([, plan]) => plan);
      for (const [, plan] of plans) expect(plan).not.toMatch(/SCAN conversations(?! USING)/);
      const awaiting = using(/order by "conversations"."awaiting_reply_since"/);
      expect(awaiting).toHaveLength(SLICES.length);
      for (const plan of awaiting) {
        expect(plan).toMatch(/conversations_awaiting_(team|owner)/);
        expect(plan).not.toContain("TEMP B-TREE");
      }
      const closing = using(/count\(\*\).*"window_expires_at" <= \?/);
      expect(closing).toHaveLength(SLICES.length);
      for (const plan of closing) expect(plan).toMatch(/COVERING INDEX conversations_expiring_(team|owner)/);
      const [hours] = using(/from "stats_hours"/);
      expect(hours).toContain("SEARCH stats_hours USING PRIMARY KEY");
      const [days] = using(/from "stats_days"/);
      expect(days).toContain("SEARCH stats_days USING PRIMARY KEY");
      const [page] = using(/union all/);
      expect(page).toContain("MERGE (UNION ALL)");
      expect(page).not.toMatch(/USING INDEX/);
      const counted = using(/^select count\(\*\) from \(select 1/);
      expect(counted.length).toBeGreaterThan(0);
      for (const plan of counted) expect(plan).toMatch(/COVERING INDEX conversations_expiring_(team|owner)/);
      expect(page).not.toContain("TEMP B-TREE");
      const [sweep] = using(/^update "conversations"/);
      expect(sweep).toContain("conversations_expiring_team");
      const [newWait] = using(/coalesce/);
      expect(newWait).toContain("conversations_waiting");
    } finally {
      close();
    }
  });

  it("keep the open counters equal to the rows they count, whatever changes", () => {
    const { db, close } = seeded();
    try {
      const recount = () =>
        db.all<{ teamKey: number; staffKey: number; awaiting: number; n: number }>(sql`
          select coalesce(team_id, 0) as teamKey, coalesce(assignee_id, 0) as staffKey,
            awaiting_reply_since is not null as awaiting, count(*) as n
          from conversations where status = 'open' group by 1, 2, 3 order by 1, 2, 3`);
      const counters = () =>
        openCells(db)
          .filter((c) => c.n > 0)
          .sort((a, b) => a.teamKey - b.teamKey || a.staffKey - b.staffKey || a.awaiting - b.awaiting);
      expect(counters()).toEqual(recount());
      db.run(sql`update conversations set assignee_id = null, team_id = 1 where id % 7 = 0`);
      db.run(sql`update conversations set status = 'closed', awaiting_reply_since = null where id % 11 = 0`);
      db.run(sql`update conversations set status = 'open' where id = 5`);
      db.run(sql`update conversations set awaiting_reply_since = 1 where awaiting_reply_since is null`);
      expect(counters()).toEqual(recount());
    } finally {
      close();
    }
  });

  it("read a period from days and hours alike: the same sums as from the hours alone", () => {
    const { db, close } = seeded();
    try {
      // Conversations created, answered and closed at hours spread over five days.
      for (let i = 0; i < 60; i++) {
        const at = (i * 7 + 3) * 3_600_000;
        db.run(sql`update conversations set created_at = ${at} where id = ${(i % 40) + 1}`);
        db.run(sql`insert into stats_hours (level, team_key, staff_key, metric, hour, bin, n)
          values ('a', 0, 0, 'first', ${at / 3_600_000}, ${(i % 4) * 60_000}, 1)
          on conflict do update set n = n + 1`);
      }
      const key = { level: "a", teamKey: 0, staffKey: 0 } as const;
      const sums = (rows: { metric: string; bin: number; n: number }[]) => {
        const out = new Map<string, number>();
        for (const r of rows) out.set(`${r.metric}/${r.bin}`, (out.get(`${r.metric}/${r.bin}`) ?? 0) + r.n);
        return [...out].sort();
      };
      for (const [from, to] of [
        [0, 500],
        [5, 100],
        [23, 24],
        [24, 47],
        [30, 30],
        [47, 96],
        [1, 22],
      ] as const) {
        expect(sums(periodSums(db, key, from, to)), `${from}-${to}`).toEqual(
          sums(hourSums(db, key, from, to)),
        );
      }
    } finally {
      close();
    }
  });

  it("page /expiring in window order across more slices than one statement may bind", () => {
    const { db, close } = seeded();
    try {
      // 40 more teams, each with a waiting customer; windows interleave across the teams.
      for (let t = 2; t <= 41; t++) {
        db.insert(teams)
          .values({ id: t, name: `team${t}`, createdAt: 0 })
          .run();
        const id = 100 + t;
        db.insert(contacts)
          .values({ id, waId: `1666${id}`, createdAt: 0, updatedAt: 0 })
          .run();
        db.insert(conversations)
          .values({
            id,
            contactId: id,
            status: "open",
            teamId: t,
            awaitingReplySince: 1,
            windowExpiresAt: 60_000 + ((t * 7919) % 97) * 1000,
            lastActivityAt: 1,
            createdAt: 1,
          })
          .run();
      }
      const now = 60_000;
      const slices: Slice[] = [null, ...Array.from({ length: 41 }, (_, i) => i + 1)].map((team) => ({
        assignee: "any",
        team,
      }));
      expect(slices.length).toBeGreaterThan(30);
      const expected = db
        .all<{ id: number }>(sql`select id from conversations where status = 'open'
          and awaiting_reply_since is not null and window_expires_at > ${now}
          order by window_expires_at, awaiting_reply_since, id`)
        .map((r) => r.id);
      const pages = [1, 2, 3, 4, 5, 6].map((page) => readExpiringPage(db, slices, now, page));
      expect(pages.flatMap((page) => page.rows.map((r) => r.id))).toEqual(expected);
      expect(pages[0]?.total).toBe(expected.length);
    } finally {
      close();
    }
  });
});
