import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestInbox } from "../../../test/kit/inbox-harness.js";
import type { StoreResult } from "../../inbox/inbox.js";
import { memoryLogger } from "../../log.js";
import { rawEvents } from "../../store/schema.js";
import { GroupCommitter } from "./group-commit.js";
import type { InboxProgress } from "./inbox-side.js";
import type { JournalEntry } from "./journal.js";
import { DURABLE_EVERY_MS, JournalCopier, LOG_FAILING_EVERY_MS } from "./journal-copier.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const entry = (id: number, n: number): JournalEntry => {
  const body = JSON.stringify({ n });
  return { id, body, sha256: sha(body) };
};

function setup(options: { failCopies?: number } = {}) {
  const t = createTestInbox();
  const committer = new GroupCommitter(t.sqlite, (body, hash) => t.inbox.storeRawEvent(body, hash));
  const accepted: Array<{ result: StoreResult; parsed: unknown }> = [];
  const progress: InboxProgress[] = [];
  const synchronous: number[] = [];
  let failures = options.failCopies ?? 0;
  const commits: number[] = [];
  let now = 0;
  const log = memoryLogger();
  const copier = new JournalCopier({
    copy: (entries, durable) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error("disk I/O error");
      }
      const results = committer.commitNow(entries, durable);
      commits.push(entries.length);
      synchronous.push(durable ? 2 : 1);
      return results;
    },
    accepted: (result, parsed) => accepted.push({ result, parsed }),
    filingQueue: () => accepted.length,
    report: (p) => progress.push(p),
    log,
    now: () => now,
  });
  const stored = () => t.db.select({ id: rawEvents.id, sha: rawEvents.bodySha256 }).from(rawEvents).all();
  const advance = (ms: number) => {
    now += ms;
  };
  return { t, copier, accepted, progress, synchronous, commits, log, stored, advance };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("JournalCopier", () => {
  it("copies fresh entries into raw_events in order, hands each to filing with its parsed body, and reports", () => {
    const s = setup();
    s.copier.receive({ kind: "entries", entries: [entry(7, 1), entry(8, 2)], replayed: false });
    expect(s.stored().map((r) => r.sha)).toEqual([entry(7, 1).sha256, entry(8, 2).sha256]);
    expect(s.accepted.map((a) => a.parsed)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(s.progress.at(-1)).toEqual({ kind: "progress", copiedUpTo: 8, durableUpTo: 8, filing: 2 });
  });

  it("copies an entry twice (a replay after a crash) but files it once: raw_events knows its SHA-256", () => {
    const s = setup();
    s.copier.receive({ kind: "entries", entries: [entry(1, 1)], replayed: false });
    s.copier.receive({ kind: "entries", entries: [entry(1, 1), entry(2, 2)], replayed: true });
    expect(s.stored()).toHaveLength(2);
    // Replayed entries are left to the pump's sweep (they are pending in raw_events), not filed from memory.
    expect(s.accepted.map((a) => a.parsed)).toEqual([{ n: 1 }]);
    expect(s.t.inbox.pendingEventCount()).toBe(2);
  });

  it("makes a copy durable at most once a second, and only then lets the journal forget", () => {
    const s = setup();
    s.copier.receive({ kind: "entries", entries: [entry(1, 1)], replayed: false });
    s.advance(DURABLE_EVERY_MS / 2);
    s.copier.receive({ kind: "entries", entries: [entry(2, 2)], replayed: false });
    expect(s.synchronous).toEqual([2, 1]);
    expect(s.progress.at(-1)).toMatchObject({ copiedUpTo: 2, durableUpTo: 1 });
    s.advance(DURABLE_EVERY_MS / 2);
    s.copier.receive({ kind: "entries", entries: [entry(3, 3)], replayed: false });
    expect(s.synchronous).toEqual([2, 1, 2]);
    expect(s.progress.at(-1)).toMatchObject({ copiedUpTo: 3, durableUpTo: 3 });
  });

  it("keeps entries whose copy failed, copies later ones behind them, and retries until it succeeds", () => {
    vi.useFakeTimers();
    const s = setup({ failCopies: 2 });
    s.copier.receive({ kind: "entries", entries: [entry(1, 1)], replayed: false });
    s.copier.receive({ kind: "entries", entries: [entry(2, 2)], replayed: false });
    expect(s.stored()).toEqual([]);
    expect(s.progress).toEqual([]); // the journal forgets nothing, holds on to everything
    expect(s.copier.backlog).toBe(2);
    vi.advanceTimersByTime(1000); // second failure
    expect(s.copier.backlog).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(s.stored()).toHaveLength(2);
    expect(s.accepted.map((a) => a.parsed)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(s.progress.at(-1)).toMatchObject({ copiedUpTo: 2 });
    // One line for the failing spell, not one per retry; one more when it ends.
    expect(s.log.lines.filter((l) => l.level === "error")).toHaveLength(1);
    expect(s.log.lines.filter((l) => l.msg === "journal entries are copied again")).toHaveLength(1);
  });

  it("never gives up while copies fail (a full disk): says why, logs every 30 s, and recovers by itself", () => {
    vi.useFakeTimers();
    const s = setup({ failCopies: 45 });
    s.copier.receive({ kind: "entries", entries: [entry(1, 1)], replayed: false });
    expect(s.copier.failing).toEqual({ forMs: 0, reason: "disk I/O error" });
    for (let i = 0; i < 44; i++) {
      s.advance(1000);
      vi.advanceTimersByTime(1000);
    }
    expect(s.copier.failing?.forMs).toBe(44_000);
    // Logged at the first failure and once 30 s later, not once a second.
    expect(s.log.lines.filter((l) => l.level === "error")).toHaveLength(
      1 + Math.floor(44_000 / LOG_FAILING_EVERY_MS),
    );
    s.advance(1000);
    vi.advanceTimersByTime(1000);
    expect(s.copier.failing).toBeNull();
    expect(s.stored()).toHaveLength(1);
    expect(s.log.lines.at(-1)).toMatchObject({ level: "info", msg: "journal entries are copied again" });
  });

  it("never retries after stop: what is left stays in the journal", () => {
    vi.useFakeTimers();
    const t = setup({ failCopies: 1000 });
    t.copier.receive({ kind: "entries", entries: [entry(1, 1)], replayed: false });
    t.copier.stop();
    t.copier.copy(true); // the last copy at stop fails too
    const errors = t.log.lines.length;
    vi.advanceTimersByTime(60_000);
    expect(t.log.lines).toHaveLength(errors); // no timer came back to try again
    expect(t.copier.backlog).toBe(1); // left in the journal for the next start
  });

  it("copies a backlog in commits of at most 500 entries", () => {
    const s = setup();
    const many = Array.from({ length: 1200 }, (_, i) => entry(i + 1, i));
    s.copier.receive({ kind: "entries", entries: many, replayed: true });
    expect(s.commits).toEqual([500, 500, 200]);
    expect(s.progress).toHaveLength(1);
    expect(s.progress.at(-1)).toMatchObject({ copiedUpTo: 1200 });
  });

  it("reports every copy durable once the database was closed cleanly (closing checkpoints the WAL)", () => {
    const s = setup();
    s.copier.receive({ kind: "entries", entries: [entry(1, 1)], replayed: false });
    s.copier.receive({ kind: "entries", entries: [entry(2, 2)], replayed: false }); // NORMAL: not yet durable
    expect(s.progress.at(-1)).toMatchObject({ copiedUpTo: 2, durableUpTo: 1 });
    s.copier.closedCleanly();
    expect(s.progress.at(-1)).toMatchObject({ copiedUpTo: 2, durableUpTo: 2 });
  });

  it("copies what is left at stop durably, whenever the last durable copy was", () => {
    const s = setup();
    s.copier.receive({ kind: "entries", entries: [entry(1, 1)], replayed: false });
    s.copier.take({ kind: "entries", entries: [entry(2, 2)], replayed: false });
    s.copier.copy(true);
    expect(s.synchronous).toEqual([2, 2]);
    expect(s.progress.at(-1)).toMatchObject({ copiedUpTo: 2, durableUpTo: 2 });
  });
});
