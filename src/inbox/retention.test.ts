// RAW_RETENTION_DAYS: which stored bodies go, and which never do.
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { silentLogger } from "../log.js";
import { startRetention } from "../runtime/node/retention-timer.js";
import { openNodeDatabase } from "../store/open-node.js";
import { rawEvents } from "../store/schema.js";
import { DAY_MS, pruneRawEvents, retentionDueAt } from "./retention.js";

const NOW = Date.UTC(2026, 5, 1);

function withBodies() {
  const { db } = openNodeDatabase(":memory:");
  let seq = 0;
  const add = (label: string, state: "pending" | "done" | "failed", processedAgoDays: number | null) => {
    seq += 1;
    db.insert(rawEvents)
      .values({
        receivedAt: NOW - 40 * DAY_MS,
        bodySha256: `sha-${seq}`,
        body: JSON.stringify({ label }),
        state,
        processedAt: processedAgoDays === null ? null : NOW - processedAgoDays * DAY_MS,
      })
      .run();
  };
  add("done 31 days ago", "done", 31);
  add("done 30 days and 1 ms ago", "done", 30 + 1 / DAY_MS);
  add("done exactly 30 days ago", "done", 30);
  add("done yesterday", "done", 1);
  add("pending since 40 days", "pending", null);
  add("failed 40 days ago, waiting for a retry", "failed", null);
  const labels = () =>
    db
      .select({ body: rawEvents.body })
      .from(rawEvents)
      .orderBy(asc(rawEvents.id))
      .all()
      .map((r) => (JSON.parse(r.body) as { label: string }).label);
  return { db, labels };
}

describe("raw body retention", () => {
  it("deletes only processed bodies older than the limit; pending and failed ones never", () => {
    const { db, labels } = withBodies();
    expect(pruneRawEvents(db, { now: NOW, days: 30 })).toBe(2);
    expect(labels()).toEqual([
      "done exactly 30 days ago",
      "done yesterday",
      "pending since 40 days",
      "failed 40 days ago, waiting for a retry",
    ]);
    expect(pruneRawEvents(db, { now: NOW, days: 30 })).toBe(0);
    // Days later, even a year on, the bodies not yet filed are still there.
    expect(pruneRawEvents(db, { now: NOW + 365 * DAY_MS, days: 30 })).toBe(2);
    expect(labels()).toEqual(["pending since 40 days", "failed 40 days ago, waiting for a retry"]);
  });

  it("goes a batch at a time, oldest first", () => {
    const { db, labels } = withBodies();
    expect(pruneRawEvents(db, { now: NOW, days: 0, limit: 1 })).toBe(1);
    expect(labels()[0]).toBe("done 30 days and 1 ms ago");
    expect(pruneRawEvents(db, { now: NOW, days: 0, limit: 2 })).toBe(2);
    expect(labels()[0]).toBe("done yesterday");
  });

  it("says when the oldest processed body will be due, and nothing when none is kept", () => {
    const { db } = withBodies();
    expect(retentionDueAt(db, 30)).toBe(NOW - 31 * DAY_MS + 30 * DAY_MS + 1);
    pruneRawEvents(db, { now: NOW, days: 0 });
    expect(retentionDueAt(db, 30)).toBeNull();
  });

  it("the Node timer's batch runs on the Inbox's database and the clock it is given", () => {
    const { db, labels } = withBodies();
    const clock = manualClock(NOW);
    const timer = startRetention({ db, clock, days: 2, log: silentLogger, intervalMs: 3_600_000 });
    try {
      expect(timer.runOnce()).toBe(3);
      expect(labels()).toHaveLength(3);
      clock.advance(DAY_MS);
      expect(timer.runOnce()).toBe(0); // exactly 2 days: not older than the limit yet
      clock.advance(1);
      expect(timer.runOnce()).toBe(1);
    } finally {
      timer.stop();
    }
  });
});
