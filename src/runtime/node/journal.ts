// The Node entry's receipt journal: each signed body, appended in a commit that reached the disk,
// before Meta gets its 200 (invariant 1). It is a SQLite file of its own, written on the HTTP thread
// (pipeline.ts), so an acknowledgement waits for one small fsync and nothing else: not for filing,
// the outbox or the Inbox database's write lock. When bodies were stored in the Inbox database
// instead, the 200s waited behind filing's writes and the soak missed its p99 target
// (docs/architecture.md).
//
// The Inbox side copies each entry into raw_events, where a redelivered body is recognised by its
// SHA-256, so copying an entry twice (after a crash) files it once. Entries are deleted once their copy
// is in a commit that reached the disk; whatever is left at start is copied again.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { StoreResult } from "../../inbox/inbox.js";

export type JournalEntry = { id: number; body: string; sha256: string };

/** How long opening waits for a previous process that is still shutting down to let go of the file. */
const LOCK_WAIT_MS = 5000;

export class JournalInUseError extends Error {
  constructor(file: string) {
    super(
      `${file} is in use by another process: another bot is running on this DATA_DIR (run one per DATA_DIR, or stop the other first)`,
    );
    this.name = "JournalInUseError";
  }
}

export class Journal {
  readonly sqlite: Database.Database;
  private readonly insert: Database.Statement<[number, string, string], { id: number }>;
  private readonly after: Database.Statement<[number, number], JournalEntry>;
  private readonly prune: Database.Statement<[number]>;

  /**
   * `file` = ":memory:" for tests. A file is held with an exclusive lock until close, so a second
   * process on the same DATA_DIR fails here, before it starts anything (see JournalInUseError).
   */
  constructor(file: string, options: { lockWaitMs?: number } = {}) {
    const inMemory = file === ":memory:";
    if (!inMemory) mkdirSync(dirname(file), { recursive: true });
    this.sqlite = new Database(file, { timeout: options.lockWaitMs ?? LOCK_WAIT_MS });
    try {
      // Two bots on one DATA_DIR would both acknowledge and file, and one could forget journal entries
      // the other has not copied yet. The kernel drops the lock when the process dies, even by SIGKILL.
      if (!inMemory) this.sqlite.pragma("locking_mode = EXCLUSIVE");
      this.sqlite.pragma("journal_mode = WAL");
      if (!inMemory) this.sqlite.exec("BEGIN EXCLUSIVE; COMMIT");
    } catch (error) {
      this.sqlite.close();
      if (error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY")) {
        throw new JournalInUseError(file);
      }
      throw error;
    }
    this.sqlite.pragma("synchronous = FULL");
    // AUTOINCREMENT: an id is never handed out twice, even after the newest entries were deleted.
    this.sqlite.exec(`CREATE TABLE IF NOT EXISTS received (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      received_at INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      body TEXT NOT NULL
    )`);
    this.insert = this.sqlite.prepare(
      "INSERT INTO received (received_at, sha256, body) VALUES (?, ?, ?) RETURNING id",
    );
    this.after = this.sqlite.prepare(
      "SELECT id, body, sha256 FROM received WHERE id > ? ORDER BY id LIMIT ?",
    );
    this.prune = this.sqlite.prepare("DELETE FROM received WHERE id <= ?");
  }

  /** Appends one body; the caller's transaction makes it durable (GroupCommitter). */
  append(body: string, sha256: string, now: number): StoreResult {
    const row = this.insert.get(now, sha256, body);
    if (!row) throw new Error("journal insert returned no id");
    return { id: row.id, duplicate: false };
  }

  /** Entries after `id`, oldest first: what the Inbox may not have copied yet. */
  entriesAfter(id: number, limit: number): JournalEntry[] {
    return this.after.all(id, limit);
  }

  /** Deletes the entries whose copies are durable in the Inbox database. */
  forget(upToId: number): number {
    return this.prune.run(upToId).changes;
  }

  close(): void {
    this.sqlite.close();
  }
}

/**
 * Hands every entry left in the journal (from before a restart) to `send`, oldest first, a chunk at a
 * time, each chunk once `copied(lastId)` says the previous one is in raw_events: new entries must not
 * overtake them, or the Inbox's progress would pass ids it never saw. Returns the last id replayed.
 */
export async function replayJournal(
  journal: Journal,
  send: (entries: JournalEntry[]) => void,
  copied: (upTo: number) => Promise<void>,
  chunk = 200,
): Promise<number> {
  let last = 0;
  for (;;) {
    const entries = journal.entriesAfter(last, chunk);
    if (entries.length === 0) return last;
    last = entries.at(-1)?.id ?? last;
    send(entries);
    await copied(last);
  }
}
