// `npm run backup -- <folder>` (scripts/backup.ts): a consistent copy of every inbox database in DATA_DIR,
// taken beside a running bot with SQLite's online backup API (better-sqlite3's db.backup).
//
// The one subtlety is the receipt journal (journal-<id>.db). A body is acknowledged once it is in the
// journal, and copied into the inbox database a moment later; the running bot holds the journal with an
// exclusive lock, so no other process can read it. So the backup first makes sure that everything
// acknowledged before it began is in the inbox database: it posts one signed, harmless body (a
// "barrier") to the bot's own /webhook for each number and waits until that body is in raw_events. The
// journal is copied into raw_events in the order it was written, so once the barrier is there, so is
// every body acknowledged before it. Then the inbox database alone holds all of it, and the journal is
// not needed. When no bot is running, the journal is not locked, may hold what a crash left, and is
// copied beside the database (the bot replays it at its next start).
import { createHash } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { signBody } from "../whatsapp/signature.js";
import { journalPath } from "./open-node.js";

export type FoundDatabase = { phoneNumberId: string; file: string; journal: string };

/** Every number's inbox database in DATA_DIR: `inbox-<phone number id>.db` (open-node.ts's databasePath). */
export function findDatabases(dataDir: string): FoundDatabase[] {
  return readdirSync(dataDir)
    .flatMap((name) => {
      const match = /^inbox-([0-9A-Za-z_-]+)\.db$/.exec(name);
      return match?.[1] === undefined ? [] : [match[1]];
    })
    .sort()
    .map((phoneNumberId) => ({
      phoneNumberId,
      file: join(dataDir, `inbox-${phoneNumberId}.db`),
      journal: journalPath(dataDir, phoneNumberId),
    }));
}

/** "20261204T231500Z": UTC, sortable, and safe in a file name on every system. */
export function backupStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/**
 * Copies `source` to `destination` consistently while others write to it. The first step sizes the copy;
 * every later step copies everything left at once, so a write by the bot between steps (which makes
 * SQLite start the copy over) costs one restart, not a copy that never finishes under load. The copy is
 * then made a plain single file (rollback journal), checked, and closed.
 */
export async function backupDatabase(
  source: string,
  destination: string,
  options: { readonly?: boolean } = {},
): Promise<{ pages: number }> {
  // A stopped bot's journal is opened for writing: after a crash its WAL has no shared-memory file
  // (the bot holds it in exclusive mode), and only a writer may rebuild one. Its entries are kept.
  const db = new Database(source, { readonly: options.readonly ?? true, fileMustExist: true, timeout: 5000 });
  let pages = 0;
  try {
    const result = await db.backup(destination, { progress: () => 0x7fffffff });
    pages = result.totalPages;
  } catch (error) {
    // No half-written copy left behind to be mistaken for a backup.
    rmSync(destination, { force: true });
    throw error;
  } finally {
    db.close();
  }
  const copy = new Database(destination, { timeout: 5000 });
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`${destination} failed SQLite's quick_check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return { pages };
}

export type Barrier = { phoneNumberId: string; sha256: string };

/**
 * Posts one barrier body per number to the running bot's /webhook (127.0.0.1:PORT, signed with the app
 * secret as Meta would). "stopped" when nothing answers: no bot, nothing in flight. A barrier is JSON of
 * a shape the bot stores and files as "ignored" (SPEC §7: any JSON gets 200 once stored).
 */
export async function postBarriers(o: {
  port: number;
  appSecret: string;
  numbers: readonly string[];
  now: Date;
}): Promise<{ running: true; barriers: Barrier[] } | { running: false; reason: string }> {
  const barriers: Barrier[] = [];
  for (const phoneNumberId of o.numbers) {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "backup",
          changes: [
            {
              field: "backup_barrier",
              value: {
                metadata: { phone_number_id: phoneNumberId },
                at: o.now.toISOString(),
                nonce: Math.random(),
              },
            },
          ],
        },
      ],
    });
    const bytes = new TextEncoder().encode(body);
    let status: number;
    try {
      const response = await fetch(`http://127.0.0.1:${o.port}/webhook`, {
        method: "POST",
        body: bytes,
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": await signBody(o.appSecret, bytes),
        },
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      return { running: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (status !== 200)
      throw new Error(`the bot on port ${o.port} answered the backup's barrier with ${status}`);
    barriers.push({ phoneNumberId, sha256: createHash("sha256").update(body).digest("hex") });
  }
  return { running: true, barriers };
}

/** Waits until the barrier body is in the number's raw_events; false after `timeoutMs`. */
export async function waitForBarrier(file: string, sha256: string, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const find = db.prepare("SELECT 1 FROM raw_events WHERE body_sha256 = ?");
    for (;;) {
      if (find.get(sha256) !== undefined) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    db.close();
  }
}
