// Invariant 1 on Node, at the speed of the disk: a webhook is answered 200 only after its body is in a
// commit that reached the disk (synchronous=FULL: one fsync). An fsync costs far more than the insert it
// makes durable, so bodies that arrive together share one: each request waits for the next
// group commit, which runs as soon as the event loop has read what arrived. Processing commits run
// at synchronous=NORMAL: they can be rebuilt from the durable bodies, and any later FULL commit
// syncs them too.
import type Database from "better-sqlite3";
import type { StoreResult } from "../../inbox/inbox.js";

type Pending = {
  body: string;
  sha256: string;
  resolve: (result: StoreResult) => void;
  reject: (error: unknown) => void;
};

/** A body and what storing it returned, handed on once its commit is on disk. */
export type Committed = { body: string; sha256: string; result: StoreResult };

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly storeOne: (body: string, sha256: string) => StoreResult,
    /**
     * Called once per commit, before any body's promise settles (the journal forwards the batch here),
     * with how long the commit took (its fsync included).
     */
    private readonly onCommitted?: (batch: Committed[], commitMs: number) => void,
  ) {
    sqlite.pragma("synchronous = NORMAL");
  }

  store(body: string, sha256: string): Promise<StoreResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ body, sha256, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued in one durable transaction; all of it is acknowledged, or none. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let results: StoreResult[];
    const started = performance.now();
    try {
      results = this.commitNow(batch, true);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.onCommitted?.(
      batch.map((p, i) => ({ body: p.body, sha256: p.sha256, result: results[i] as StoreResult })),
      performance.now() - started,
    );
    batch.forEach((p, i) => {
      const result = results[i];
      if (result) p.resolve(result);
      else p.reject(new Error("group commit lost a result"));
    });
  }

  /** Stores these bodies in one transaction now, at synchronous=FULL if `durable`; throws if it failed. */
  commitNow(items: ReadonlyArray<{ body: string; sha256: string }>, durable: boolean): StoreResult[] {
    const commit = () =>
      this.sqlite.transaction(() => items.map((p) => this.storeOne(p.body, p.sha256))).immediate();
    if (!durable) return commit();
    try {
      this.sqlite.pragma("synchronous = FULL");
      return commit();
    } finally {
      this.restoreNormal();
    }
  }

  private restoreNormal(): void {
    try {
      this.sqlite.pragma("synchronous = NORMAL");
    } catch {
      // The database is closing; nothing more will commit on this connection.
    }
  }
}
