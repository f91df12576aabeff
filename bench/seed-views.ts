// Builds a database file for bench/views-bench.ts: 1,000,000 conversations over 5 teams and 21 staff,
// 30% New, 50% assigned (owner and team, team queue only, or owner only), 20% closed. Deterministic
// (seeded random), so two runs build the same file and numbers stay comparable. Every conversation that
// is not still waiting for its first answer has the customer's first message and a staff answer minutes
// to hours later, every closed one its close in the history, and 5% of the open ones were reopened,
// so /stats has a period to count; its counters are then filled by the backfill of migrations/0009, as
// an upgraded inbox would have them.
//
//   npx tsx bench/seed-views.ts /tmp/views.db [conversations]
import { readFileSync, rmSync } from "node:fs";
import { openNodeDatabase } from "../src/store/open-node.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: npx tsx bench/seed-views.ts <file.db> [conversations]");
  process.exit(2);
}
const TOTAL = Number(process.argv[3] ?? 1_000_000);
/** The bench measures ages against the newest activity, so this fixes every age in the file. */
const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Every SHOW_EVERY-th conversation gets a long thread and history, for /show. */
const SHOW_EVERY = 1000;
const BATCH = 100_000;

const TEAMS = ["sales", "support", "billing", "returns", "vip"];
/** handle, role, team indexes: managers lead one or two teams, agents sit in one or two. */
const STAFF: Array<[string, "admin" | "manager" | "agent", number[]]> = [
  ["ada", "admin", []],
  ["mona", "manager", [0, 4]],
  ["max", "manager", [1]],
  ["mia", "manager", [2, 3]],
  ["milo", "manager", [1, 2]],
  ["alice", "agent", [0]],
  ["amir", "agent", [0, 1]],
  ["ana", "agent", [0]],
  ["anton", "agent", [1]],
  ["aria", "agent", [1]],
  ["arlo", "agent", [1, 2]],
  ["asha", "agent", [2]],
  ["aziz", "agent", [2]],
  ["bea", "agent", [3]],
  ["bo", "agent", [3, 4]],
  ["cleo", "agent", [4]],
  ["dan", "agent", [0, 3]],
  ["eli", "agent", [1]],
  ["fay", "agent", [2, 4]],
  ["gus", "agent", [0]],
];
/** New on the job: no team and no conversations, the worst case for views that filter a big index. */
const NEWCOMER = "zoe";
const FIRST = ["Maria", "José", "Aisha", "Chen", "Olga", "Liam", "Noor", "Kenji", "Fatima", "Lucas", "Zoë"];
const LAST = ["Lopez", "Silva", "Khan", "Wang", "Ivanova", "Smith", "Haddad", "Sato", "Okafor", "Rossi"];
const TEXTS = [
  "Hi, where is my order?",
  "Can I change the delivery address please",
  "The app keeps logging me out",
  "Do you ship to Portugal?",
  "Thanks, that worked!",
  "I was charged twice this month",
  "📷 photo of the damaged box",
  "Is the blue one back in stock?",
];

// mulberry32: small, fast and seedable; Math.random would make every file different.
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
const started = performance.now();
const { sqlite, close } = openNodeDatabase(file);
// A bench file, rebuilt at will: durability would only slow the build down.
sqlite.pragma("synchronous = OFF");
sqlite.pragma("foreign_keys = OFF");
sqlite.pragma("cache_size = -262144");

const teamIds = TEAMS.map(
  (name) =>
    sqlite.prepare("INSERT INTO teams (name, created_at) VALUES (?, ?)").run(name, NOW - 400 * DAY)
      .lastInsertRowid as number,
);
const staffRows = STAFF.map(([handle, role, teams], i) => {
  const phone = `+1555000${String(i + 1).padStart(4, "0")}`;
  const id = sqlite
    .prepare(
      "INSERT INTO staff (handle, phone, wa_id, role, window_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(handle, phone, phone.slice(1), role, NOW + HOUR, NOW - 300 * DAY).lastInsertRowid as number;
  const memberOf = teams.map((t) => teamIds[t] ?? 0);
  for (const teamId of memberOf) {
    sqlite.prepare("INSERT INTO team_members (team_id, staff_id) VALUES (?, ?)").run(teamId, id);
  }
  return { id, teamIds: memberOf };
});
sqlite
  .prepare(
    "INSERT INTO staff (handle, phone, wa_id, role, window_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  )
  .run(NEWCOMER, "+15550009999", "15550009999", "agent", NOW + HOUR, NOW - DAY);
const membersOf = teamIds.map((teamId) => staffRows.filter((s) => s.teamIds.includes(teamId)));

const insertContact = sqlite.prepare(
  "INSERT INTO contacts (id, wa_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
);
const insertConversation = sqlite.prepare(
  `INSERT INTO conversations (id, contact_id, status, assignee_id, team_id, previous_assignee_id,
     window_expires_at, last_activity_at, awaiting_reply_since, last_snippet, created_at, closed_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insertMessage = sqlite.prepare(
  `INSERT INTO messages (conversation_id, direction, dedup_key, wamid, contact_id, staff_id, type, text,
     status, status_at, timestamp, created_at)
   VALUES (?, ?, ?, ?, ?, ?, 'text', ?, ?, ?, ?, ?)`,
);
const insertEvent = sqlite.prepare(
  `INSERT INTO conversation_events (conversation_id, actor_staff_id, action, from_value, to_value, note, at)
   VALUES (?, ?, ?, ?, ?, ?, ?)`,
);

type Owner = {
  status: "open" | "closed";
  assigneeId: number | null;
  teamId: number | null;
  previousAssigneeId: number | null;
};

/** 30% New, 50% assigned, 20% closed; an owner is always a member of the conversation's team. */
function ownership(): Owner {
  const r = random();
  if (r < 0.3) return { status: "open", assigneeId: null, teamId: null, previousAssigneeId: null };
  const teamIndex = Math.floor(random() * teamIds.length);
  const teamId = teamIds[teamIndex] ?? null;
  const member = pick(membersOf[teamIndex] ?? []).id;
  const anyone = pick(staffRows).id;
  const shape = random();
  if (r < 0.8) {
    if (shape < 0.6) return { status: "open", assigneeId: member, teamId, previousAssigneeId: null };
    if (shape < 0.85) return { status: "open", assigneeId: null, teamId, previousAssigneeId: null };
    return { status: "open", assigneeId: anyone, teamId: null, previousAssigneeId: null };
  }
  // As lifecycle.ts closes: no assignee, the owner remembered as previous (none when closed from New).
  if (shape < 0.1) return { status: "closed", assigneeId: null, teamId: null, previousAssigneeId: null };
  if (shape < 0.7) return { status: "closed", assigneeId: null, teamId, previousAssigneeId: member };
  if (shape < 0.85) return { status: "closed", assigneeId: null, teamId, previousAssigneeId: null };
  return { status: "closed", assigneeId: null, teamId: null, previousAssigneeId: anyone };
}

let messageSeq = 0;
function addMessage(convId: number, contactId: number, out: boolean, staffId: number | null, at: number) {
  messageSeq += 1;
  const wamid = `wamid.SEED.${messageSeq}`;
  insertMessage.run(
    convId,
    out ? "out" : "in",
    out ? `out:${messageSeq}` : wamid,
    wamid,
    contactId,
    out ? staffId : null,
    pick(TEXTS),
    out ? pick(["sent", "delivered", "read", "read", "failed"]) : null,
    out ? at + 2000 : null,
    at,
    at,
  );
}

function seedOne(id: number): void {
  const { status, assigneeId, teamId, previousAssigneeId } = ownership();
  // Open conversations moved in the last two weeks; closed ones over the last three months.
  const lastActivityAt = NOW - Math.floor(random() * (status === "open" ? 14 : 90) * DAY);
  const createdAt = lastActivityAt - Math.floor(random() * 3 * DAY);
  const name = random() < 0.9 ? `${pick(FIRST)} ${pick(LAST)}` : null;
  // Most open conversations have a customer waiting for an answer, some since well before their last
  // activity (the order of New and the queues); closed ones wait for nobody.
  const awaiting =
    status === "open" && random() < 0.7
      ? Math.max(createdAt, lastActivityAt - Math.floor(random() * 2 * DAY))
      : null;
  insertContact.run(id, `1${String(5_550_000_000 + id)}`, name, createdAt, createdAt);
  insertConversation.run(
    id,
    id,
    status,
    assigneeId,
    teamId,
    previousAssigneeId,
    lastActivityAt + DAY,
    lastActivityAt,
    awaiting,
    pick(TEXTS),
    createdAt,
    status === "closed" ? lastActivityAt : null,
  );
  insertEvent.run(id, null, "created", null, "New", null, createdAt);
  if (status === "closed")
    insertEvent.run(id, previousAssigneeId, "closed", "New", "closed", null, lastActivityAt);
  addMessage(id, id, false, null, lastActivityAt);
  // The customer's first message, and unless they still wait since it, the first answer from staff.
  if (createdAt < lastActivityAt) {
    addMessage(id, id, false, null, createdAt);
    if (awaiting !== createdAt) {
      const delay = Math.min(lastActivityAt - createdAt, Math.floor(-Math.log(1 - random()) * 40 * 60_000));
      const by = assigneeId ?? previousAssigneeId ?? pick(staffRows).id;
      addMessage(id, id, true, by, createdAt + delay);
    }
  }
  if (status === "open" && random() < 0.05) {
    insertEvent.run(id, null, "reopened", "closed", "New", "customer wrote again", lastActivityAt - HOUR);
  }
  if (id % SHOW_EVERY !== 0) return;
  for (let m = 0; m < 20; m++) {
    addMessage(id, id, m % 2 === 1, assigneeId ?? previousAssigneeId, createdAt + m * 60_000);
  }
  for (let e = 0; e < 12; e++) {
    const note = e % 3 === 0 ? "Called the customer, waiting for the photo" : null;
    const actor = assigneeId ?? previousAssigneeId;
    insertEvent.run(id, actor, e % 3 === 0 ? "note" : "assigned", "New", "@alice", note, createdAt + e);
  }
}

// Building an index once from sorted data is far faster than growing it by a million random inserts:
// set the bulk tables' indexes aside (exactly as the migrations made them) and build them at the end.
const BULK = ["contacts", "conversations", "messages", "conversation_events"];
const indexes = sqlite
  .prepare(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK.map(() => "?").join(", ")})`,
  )
  .all(...BULK) as Array<{ name: string; sql: string }>;
for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
// The /stats triggers (migrations/0009) would count a million inserts one by one, and count a closed
// conversation inserted as closed as merely new: set them aside and fill the counters with the
// migration's own backfill at the end, as an inbox upgraded to 0009 gets them.
const triggers = sqlite
  .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stats_%'")
  .all() as Array<{ name: string; sql: string }>;
for (const trigger of triggers) sqlite.exec(`DROP TRIGGER "${trigger.name}"`);

for (let from = 1; from <= TOTAL; from += BATCH) {
  const to = Math.min(TOTAL, from + BATCH - 1);
  sqlite.transaction(() => {
    for (let id = from; id <= to; id++) seedOne(id);
  })();
}
for (const index of indexes) sqlite.exec(index.sql);
const migration = readFileSync(new URL("../migrations/0009_stats.sql", import.meta.url), "utf8");
const backfill = migration.slice(migration.indexOf("-- What the inbox already holds"));
sqlite.exec(
  "DELETE FROM stats_open; DELETE FROM stats_hours; DELETE FROM stats_days; DELETE FROM stats_sweep;",
);
for (const trigger of triggers) sqlite.exec(trigger.sql);
// The file's clock is NOW, not the machine's: windows still open at NOW are not missed yet.
for (const statement of backfill.split("--> statement-breakpoint")) {
  sqlite.exec(statement.replace("unixepoch('now') * 1000", String(NOW)));
}
sqlite.pragma("wal_checkpoint(TRUNCATE)");
close();

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`seeded ${TOTAL.toLocaleString("en")} conversations into ${file} in ${seconds}s`);
