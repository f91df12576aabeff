// How long /forget's transaction and one retention batch hold the database on a large inbox file: the
// forget sweeps every text column for the number (a full read of each table), and the Inbox side waits
// for it. Seeds a file with `customers` customers of 5 messages each, a 1 KB raw body per message and an
// outbox row per message, then times eraseCustomer for one of them and pruneRawEvents(200).
//
//   npx tsx bench/forget-bench.ts /tmp/forget.db [customers]
import { rmSync } from "node:fs";
import { eq } from "drizzle-orm";
import { eraseCustomer, forgetScope } from "../src/inbox/forget.js";
import { DAY_MS, pruneRawEvents } from "../src/inbox/retention.js";
import { openNodeDatabase } from "../src/store/open-node.js";
import { contacts } from "../src/store/schema.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: npx tsx bench/forget-bench.ts <file.db> [customers]");
  process.exit(2);
}
const CUSTOMERS = Number(process.argv[3] ?? 20_000);
const NOW = Date.UTC(2026, 5, 1);
for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
const { db, sqlite, close } = openNodeDatabase(file);
sqlite.pragma("synchronous = NORMAL");

const filler = "x".repeat(900);
const seedStarted = performance.now();
const contact = sqlite.prepare(
  "INSERT INTO contacts (wa_id, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
);
const conversation = sqlite.prepare(
  "INSERT INTO conversations (contact_id, status, last_activity_at, created_at, last_snippet) VALUES (?, 'closed', ?, ?, ?) RETURNING id",
);
const message = sqlite.prepare(
  "INSERT INTO messages (conversation_id, direction, dedup_key, wamid, contact_id, type, text, timestamp, raw, created_at) VALUES (?, 'in', ?, ?, ?, 'text', ?, ?, ?, ?)",
);
const raw = sqlite.prepare(
  "INSERT INTO raw_events (received_at, body_sha256, body, state, processed_at) VALUES (?, ?, ?, 'done', ?)",
);
const out = sqlite.prepare(
  "INSERT INTO outbox (recipient, recipient_kind, conversation_id, purpose, payload, status, next_attempt_at, created_at) VALUES ('15550000001', 'staff', ?, 'notify', ?, 'sent', 0, ?)",
);
sqlite.transaction(() => {
  for (let c = 0; c < CUSTOMERS; c++) {
    const waId = String(15_550_000_000 + 100_000 + c);
    const at = NOW - 40 * DAY_MS + c * 1000;
    const contactId = (contact.get(waId, `Customer ${c}`, at, at) as { id: number }).id;
    const convId = (conversation.get(contactId, at, at, `message 4 of ${c}`) as { id: number }).id;
    for (let m = 0; m < 5; m++) {
      const wamid = `wamid.${c}.${m}`;
      const text = `message ${m} of ${c}`;
      const body = JSON.stringify({
        entry: [{ changes: [{ value: { messages: [{ from: waId, id: wamid, text: { body: text } }] } }] }],
        filler,
      });
      message.run(convId, wamid, wamid, contactId, text, at, JSON.stringify({ from: waId, text }), at);
      raw.run(at, `sha-${c}-${m}`, body, at + m);
      out.run(
        convId,
        JSON.stringify({ type: "text", text: { body: `#${convId} · Customer ${c} · +${waId}\n${text}` } }),
        at,
      );
    }
  }
})();
sqlite.pragma("wal_checkpoint(TRUNCATE)");
console.log(
  `seeded ${CUSTOMERS} customers, ${CUSTOMERS * 5} messages, raw bodies and outbox rows in ${Math.round(performance.now() - seedStarted)} ms`,
);

const target = String(15_550_000_000 + 100_000 + Math.floor(CUSTOMERS / 2));
const scope = forgetScope(db, target);
if (!scope) throw new Error("no such customer");
const started = performance.now();
const erased = db.transaction((tx) =>
  eraseCustomer(tx, scope, { now: NOW, lineMarker: "(a forgotten customer)" }),
);
const forgetMs = performance.now() - started;
const left = db.select().from(contacts).where(eq(contacts.id, scope.contact.id)).get();
console.log(
  `forget: ${forgetMs.toFixed(0)} ms in one transaction; erased ${JSON.stringify(erased)}; contact name now ${left?.name}`,
);

const batches: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const deleted = db.transaction((tx) => pruneRawEvents(tx, { now: NOW, days: 30, limit: 200 }));
  batches.push(performance.now() - t0);
  if (deleted !== 200) throw new Error(`a batch deleted ${deleted}`);
}
console.log(`retention: 200 bodies per batch in ${batches.map((ms) => ms.toFixed(1)).join(", ")} ms`);
close();
