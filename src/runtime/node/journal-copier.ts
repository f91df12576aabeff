// The Inbox side's half of the receipt journal (journal.ts): takes entries as the journal side sends
// them, copies them into raw_events in order, hands fresh ones to filing, and reports how far it got.
// Kept apart from the side's wiring so it can be tested on an in-memory Inbox.
import type { StoreResult } from "../../inbox/inbox.js";
import type { Logger } from "../../log.js";
import type { InboxProgress, ToInbox } from "./inbox-side.js";
import type { JournalEntry } from "./journal.js";

type JournalEntries = Extract<ToInbox, { kind: "entries" }>;

/** A copy is made durable (and the journal told it may forget it) at most this often. */
export const DURABLE_EVERY_MS = 1000;
const RETRY_COPY_MS = 1000;
/**
 * While copies fail (a full or broken disk) they are retried every RETRY_COPY_MS for as long as it lasts:
 * the journal keeps the bodies, /healthz says storage is failing, and the log says so this often.
 */
export const LOG_FAILING_EVERY_MS = 30_000;
/** Entries per transaction: a backlog is copied in bounded commits, not one huge one. */
const COPY_CHUNK = 500;

export type CopierDeps = {
  /** Stores the bodies in one commit (FULL when `durable`) and returns each one's raw_events result. */
  copy: (entries: ReadonlyArray<JournalEntry>, durable: boolean) => StoreResult[];
  /** A fresh body was stored: file it. */
  accepted: (result: StoreResult, parsed: unknown, receivedAt: number, bytes: number) => void;
  filingQueue: () => number;
  report: (progress: InboxProgress) => void;
  log: Logger;
  now?: () => number;
};

export class JournalCopier {
  private readonly waiting: Array<JournalEntry & { fresh: boolean }> = [];
  private copiedUpTo = 0;
  private durableUpTo = 0;
  private lastDurableAt = Number.NEGATIVE_INFINITY;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private failure: { since: number; reason: string; loggedAt: number } | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: CopierDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** Why copies fail, while they do (for /healthz). */
  get failing(): { forMs: number; reason: string } | null {
    if (this.failure === null) return null;
    return { forMs: Math.round(this.now() - this.failure.since), reason: this.failure.reason };
  }

  /** Entries copied from the journal but not yet in raw_events. */
  get backlog(): number {
    return this.waiting.length;
  }

  /** Entries from the journal; copied at once unless a failed copy is waiting to be retried. */
  receive(message: JournalEntries): void {
    this.take(message);
    if (this.retry === null) this.copy(false);
  }

  /** Queues entries without copying them (stop takes what is left on the channel first). */
  take(message: JournalEntries): void {
    for (const entry of message.entries) this.waiting.push({ ...entry, fresh: !message.replayed });
  }

  /**
   * Copies everything waiting, in order, in commits of at most COPY_CHUNK; `durable` forces
   * synchronous=FULL (stop). On failure nothing is dropped: the journal still holds the entries, and
   * the copy is retried.
   */
  copy(durable: boolean): void {
    let copiedAny = false;
    while (this.waiting.length > 0) {
      const now = this.now();
      const makeDurable = durable || now - this.lastDurableAt >= DURABLE_EVERY_MS;
      const chunk = this.waiting.slice(0, COPY_CHUNK);
      let results: StoreResult[];
      try {
        results = this.deps.copy(chunk, makeDurable);
      } catch (error) {
        this.failed(error, now);
        break;
      }
      if (this.failure !== null) {
        this.deps.log.info("journal entries are copied again", {
          failedForMs: Math.round(now - this.failure.since),
        });
        this.failure = null;
      }
      this.waiting.splice(0, chunk.length);
      this.copiedUpTo = chunk.at(-1)?.id ?? this.copiedUpTo;
      if (makeDurable) {
        this.durableUpTo = this.copiedUpTo;
        this.lastDurableAt = now;
      }
      chunk.forEach((entry, i) => {
        const result = results[i];
        // Replayed entries (left from before a restart) are filed by the pump's sweep from raw_events,
        // a slice at a time, rather than all at once from memory.
        if (result && !result.duplicate && entry.fresh) {
          this.deps.accepted(result, parseOrUndefined(entry.body), now, Buffer.byteLength(entry.body));
        }
      });
      copiedAny = true;
    }
    if (copiedAny) this.report();
  }

  private failed(error: unknown, now: number): void {
    const reason = error instanceof Error ? error.message : String(error);
    if (this.failure === null || now - this.failure.loggedAt >= LOG_FAILING_EVERY_MS) {
      const since = this.failure?.since ?? now;
      this.deps.log.error("journal entries could not be copied; retrying", {
        error: reason,
        failingForMs: Math.round(now - since),
      });
      this.failure = { since, reason, loggedAt: now };
    } else {
      this.failure.reason = reason;
    }
    if (this.stopped) return; // stop: the entries stay in the journal for the next start
    this.retry ??= setTimeout(() => {
      this.retry = null;
      this.copy(false);
    }, RETRY_COPY_MS);
  }

  report(): void {
    this.deps.report({
      kind: "progress",
      copiedUpTo: this.copiedUpTo,
      durableUpTo: this.durableUpTo,
      filing: this.deps.filingQueue(),
    });
  }

  /**
   * The Inbox database was closed cleanly: closing checkpoints its WAL, which syncs it, so every copy
   * made is durable and the journal may forget it (a clean restart then has nothing to replay).
   */
  closedCleanly(): void {
    this.durableUpTo = this.copiedUpTo;
    this.report();
  }

  /** No more retries: what is left stays in the journal and is copied at the next start. */
  stop(): void {
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
  }
}

function parseOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined; // filing parses the stored body itself and records why it failed
  }
}
