// Choosing an assignee (SPEC §13's benchmark: ≤ 1 ms with 200 staff). Seeds a file database with 200
// agents and managers in 10 teams, CLOSED closed conversations and 10 open ones each, one customer
// waiting in New; then times, over RUNS runs each, (a) reading who qualifies and choosing one
// (loadPool + couldTake + choose) and (b) the whole hand-out of the waiting conversation (the write,
// history, notice), in a transaction rolled back so every run sees the same inbox.
//
//   npx tsx bench/auto-assign-bench.ts [closed conversations, default 1000000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handOutWaiting } from "../src/autorun/auto-assign.js";
import { choose, loadPool, takerCache } from "../src/autorun/candidates.js";
import { ALWAYS } from "../src/autorun/hours.js";
import { openNodeDatabase } from "../src/store/open-node.js";

const CLOSED = Number(process.argv[2] ?? 1_000_000);
const STAFF = 200;
const OPEN_EACH = 10;
const RUNS = 500;

const dir = mkdtempSync(join(tmpdir(), "autorun-bench-"));
const { db, sqlite, close } = openNodeDatabase(join(dir, "inbox.db"));
const now = Date.UTC(2026, 11, 4, 12);

sqlite.transaction(() => {
  const team = sqlite.prepare("insert into teams (name, created_at) values (?, ?)");
  for (let i = 0; i < 10; i++) team.run(`team${i}`, now);
  const person = sqlite.prepare(
    "insert into staff (handle, phone, wa_id, role, created_at, window_expires_at) values (?, ?, ?, ?, ?, ?)",
  );
  const member = sqlite.prepare("insert into team_members (team_id, staff_id) values (?, ?)");
  for (let i = 0; i < STAFF; i++) {
    const phone = `1555${String(1_000_000 + i)}`;
    const id = person.run(
      `p${i}`,
      `+${phone}`,
      phone,
      i % 10 === 0 ? "manager" : "agent",
      now,
      now + 86_400_000,
    ).lastInsertRowid as number;
    member.run((i % 10) + 1, id);
  }
  const contact = sqlite.prepare(
    "insert into contacts (wa_id, name, created_at, updated_at) values (?, ?, ?, ?)",
  );
  const conv = sqlite.prepare(
    "insert into conversations (contact_id, status, assignee_id, team_id, window_expires_at, last_activity_at, awaiting_reply_since, created_at, closed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  let c = 0;
  const nextContact = () => {
    c += 1;
    return contact.run(`1777${String(10_000_000 + c)}`, `Customer ${c}`, now, now).lastInsertRowid as number;
  };
  for (let i = 0; i < CLOSED; i++) {
    const owner = (i % STAFF) + 2; // staff ids start after the bootstrap-free seed at 1
    conv.run(
      nextContact(),
      "closed",
      null,
      (i % 10) + 1,
      now - 90_000_000,
      now - 90_000_000 + i,
      null,
      now - 100_000_000,
      now - 80_000_000,
    );
    void owner;
  }
  for (let s = 1; s <= STAFF; s++) {
    for (let k = 0; k < OPEN_EACH + (s % 3); k++) {
      conv.run(nextContact(), "open", s, null, now + 3_600_000, now - k * 1000, null, now - 3_600_000, null);
    }
  }
  conv.run(
    nextContact(),
    "open",
    null,
    null,
    now + 86_000_000,
    now - 60_000,
    now - 60_000,
    now - 60_000,
    null,
  );
})();
sqlite.pragma("optimize");

const cfg = {
  autoAssign: "balanced" as const,
  maxOpen: 50,
  followUpMs: null,
  windowWarningMs: null,
  hours: ALWAYS,
  timezone: "UTC",
  awayMessage: null,
};
const waiting = { status: "open" as const, assigneeId: null, teamId: null, previousAssigneeId: null };

function time(label: string, run: () => void): void {
  for (let i = 0; i < 20; i++) run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    run();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => (ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0).toFixed(3);
  console.log(`${label}: median ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms (${RUNS} runs)`);
}

console.log(
  `${STAFF} staff, ${CLOSED.toLocaleString("en")} closed and ${STAFF * OPEN_EACH}+ open conversations`,
);
time("choose an assignee (who qualifies, then balanced)", () => {
  const mayTake = takerCache(waiting, "own");
  const pool = loadPool(db).filter((p) => p.open < 50 && mayTake(p));
  if (choose("balanced", pool, 0) === null) throw new Error("nobody chosen");
});
const pool = loadPool(db);
time("  of which: who might qualify (loadPool)", () => {
  loadPool(db);
});
time("  of which: §5 for each of them and balanced", () => {
  const mayTake = takerCache(waiting, "own");
  choose(
    "balanced",
    pool.filter((p) => p.open < 50 && mayTake(p)),
    0,
  );
});
time("hand out one waiting conversation (choose, write, history, notice; rolled back)", () => {
  sqlite.exec("begin");
  const handed = handOutWaiting(db, {
    now,
    cfg,
    agentReassign: "own",
    options: { staffNotifyTemplate: null },
  });
  sqlite.exec("rollback");
  if (handed.length !== 1) throw new Error(`handed out ${handed.length}`);
});
close();
rmSync(dir, { recursive: true, force: true });
