// What the Inbox asks of its SQLite driver, checked on one database: savepoints through tx.transaction
// (an inner failure rolls back only itself; an outer one rolls back everything), `.returning()`, the
// prepared-statement cache keyed by drizzle's session, the last-admin trigger's error, and statements
// about more rows than the object's SQLite takes bound parameters (100). The worker
// tests run it on better-sqlite3 and inside a Durable Object, and expect the same report.
import { eq } from "drizzle-orm";
import { isLastAdminError } from "../../src/commands/handlers/staff.js";
import { bootstrapAdmins } from "../../src/inbox/bootstrap.js";
import { teamMembersOf } from "../../src/inbox/staff-notices.js";
import { releaseHeld } from "../../src/outbox/enqueue.js";
import { textMessage } from "../../src/outbox/payload.js";
import type { InboxDb } from "../../src/store/db.js";
import { hot } from "../../src/store/hot-queries.js";
import { outbox, staff, teamMembers, teams } from "../../src/store/schema.js";

const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

function addStaff(db: InboxDb, handle: string, digits: string): void {
  db.insert(staff)
    .values({ handle, phone: `+${digits}`, waId: digits, role: "agent", createdAt: NOW })
    .run();
}

export function runDriverChecks(db: InboxDb) {
  bootstrapAdmins(db, [{ handle: "ada", phone: "+15550000001" }], NOW);

  db.transaction((tx) => {
    addStaff(tx, "bob", "15550000002");
    try {
      tx.transaction((sp) => {
        addStaff(sp, "carol", "15550000003");
        throw new Error("refused");
      });
    } catch {
      // the refusal rolled back carol only
    }
    tx.transaction((sp) => addStaff(sp, "dan", "15550000004"));
  });
  try {
    db.transaction((tx) => {
      tx.transaction((sp) => addStaff(sp, "erin", "15550000005"));
      throw new Error("outer failure");
    });
  } catch {
    // erin's savepoint had been released, but the outer rollback undoes it
  }
  const handles = db
    .select({ handle: staff.handle })
    .from(staff)
    .orderBy(staff.id)
    .all()
    .map((r) => r.handle);

  const team = db.insert(teams).values({ name: "sales", createdAt: NOW }).returning().get();
  const renamed = db
    .update(teams)
    .set({ name: "support" })
    .where(eq(teams.id, team.id))
    .returning({ name: teams.name })
    .all();

  let sameStatementsInTransaction = false;
  db.transaction((tx) => {
    sameStatementsInTransaction = hot(tx) === hot(db);
  });
  const stored = hot(db).insertRawEvent.get({ now: NOW, sha: "sha-1", body: "{}" });
  const storedAgain = hot(db).insertRawEvent.get({ now: NOW, sha: "sha-1", body: "{}" });

  let lastAdminRefused = false;
  try {
    db.update(staff).set({ role: "agent" }).where(eq(staff.handle, "ada")).run();
  } catch (error) {
    lastAdminRefused = isLastAdminError(error);
  }

  return {
    ...manyRows(db),
    handles,
    team: { name: team.name, idIsNumber: typeof team.id === "number" },
    renamed,
    sameStatementsInTransaction,
    stored: stored === undefined ? null : { idIsNumber: typeof stored.id === "number" },
    storedAgain: storedAgain ?? null,
    lastAdminRefused,
  };
}

/** A team of 120 and 120 held notices: more than 100 ids, which no statement may bind one by one. */
function manyRows(db: InboxDb) {
  const big = db.insert(teams).values({ name: "big", createdAt: NOW }).returning().get();
  const frank = db
    .insert(staff)
    .values({ handle: "frank", phone: "+15550000100", waId: "15550000100", role: "agent", createdAt: NOW })
    .returning()
    .get();
  for (let i = 0; i < 120; i++) {
    const member = db
      .insert(staff)
      .values({ handle: `m${i}`, phone: `+1555100${1000 + i}`, role: "agent", createdAt: NOW })
      .returning()
      .get();
    db.insert(teamMembers).values({ teamId: big.id, staffId: member.id }).run();
    db.insert(outbox)
      .values({
        recipient: "15550000100",
        recipientKind: "staff",
        staffId: frank.id,
        purpose: "notify",
        payload: JSON.stringify(textMessage(`notice ${i}`)),
        status: "held",
        nextAttemptAt: NOW,
        createdAt: NOW,
      })
      .run();
  }
  const teamSize = teamMembersOf(db, big.id, true).length;
  const released = db.transaction((tx) =>
    releaseHeld(tx, { now: NOW, staffId: frank.id, recipient: "15550000100" }),
  );
  return { teamSize, released };
}

export type DriverReport = ReturnType<typeof runDriverChecks>;
