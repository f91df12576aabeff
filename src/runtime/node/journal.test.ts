import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestInbox } from "../../../test/kit/inbox-harness.js";
import { silentLogger } from "../../log.js";
import { GroupCommitter } from "./group-commit.js";
import { Journal, JournalInUseError, replayJournal } from "./journal.js";
import { JournalCopier } from "./journal-copier.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "journal-"));
  dirs.push(dir);
  return join(dir, "journal.db");
};

describe("Journal", () => {
  it("hands back entries after an id, oldest first, and never reuses an id once the newest were forgotten", () => {
    const journal = new Journal(":memory:");
    const ids = ["a", "b", "c"].map((body) => journal.append(body, `sha-${body}`, 1).id);
    expect(journal.entriesAfter(ids[0] ?? 0, 10).map((e) => e.body)).toEqual(["b", "c"]);
    expect(journal.entriesAfter(0, 2).map((e) => e.sha256)).toEqual(["sha-a", "sha-b"]);
    expect(journal.forget(ids[2] ?? 0)).toBe(3);
    expect(journal.entriesAfter(0, 10)).toEqual([]);
    // AUTOINCREMENT: an id the Inbox has seen is never handed out again.
    expect(journal.append("d", "sha-d", 2).id).toBe((ids[2] ?? 0) + 1);
  });

  it("keeps acknowledged entries across a close and reopen of its file; commits are FULL", async () => {
    const file = tempFile();
    const journal = new Journal(file);
    const committer = new GroupCommitter(journal.sqlite, (body, sha) => journal.append(body, sha, 1));
    const seen: number[] = [];
    const probe = new GroupCommitter(journal.sqlite, (body, sha) => {
      seen.push(journal.sqlite.pragma("synchronous", { simple: true }) as number);
      return journal.append(body, sha, 1);
    });
    await Promise.all([committer.store('{"n":1}', "s1"), committer.store('{"n":2}', "s2")]);
    await probe.store('{"n":3}', "s3");
    expect(seen).toEqual([2]); // FULL
    journal.close();

    const reopened = new Journal(file);
    expect(reopened.entriesAfter(0, 10).map((e) => e.body)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    reopened.close();
  });

  it("holds its file against a second opener (another bot on the DATA_DIR) until it is closed", () => {
    const file = tempFile();
    const first = new Journal(file);
    first.append('{"n":1}', "s1", 1);
    expect(() => new Journal(file, { lockWaitMs: 50 })).toThrow(JournalInUseError);
    expect(() => new Journal(file, { lockWaitMs: 50 })).toThrow(/another bot is running on this DATA_DIR/);
    first.close();
    const second = new Journal(file, { lockWaitMs: 50 });
    expect(second.entriesAfter(0, 10).map((e) => e.body)).toEqual(['{"n":1}']);
    second.close();
  });

  it("hands each commit's batch on once it is on disk, before any body is answered", async () => {
    const journal = new Journal(":memory:");
    const order: string[] = [];
    const committer = new GroupCommitter(
      journal.sqlite,
      (body, sha) => journal.append(body, sha, 1),
      (batch) => order.push(`committed ${batch.map((b) => b.result.id).join(",")}`),
    );
    await Promise.all(
      ["x", "y"].map((body) => committer.store(body, body).then((r) => order.push(`answered ${r.id}`))),
    );
    expect(order).toEqual(["committed 1,2", "answered 1", "answered 2"]);
  });
});

describe("replayJournal", () => {
  it("hands leftovers to the Inbox a chunk at a time, each after the last is copied; each body is stored once", async () => {
    const journal = new Journal(":memory:");
    const bodies = Array.from({ length: 450 }, (_, n) => JSON.stringify({ n }));
    const sha = (body: string) => createHash("sha256").update(body).digest("hex");
    for (const body of bodies) journal.append(body, sha(body), 1);

    const t = createTestInbox();
    const committer = new GroupCommitter(t.sqlite, (body, hash) => t.inbox.storeRawEvent(body, hash));
    t.inbox.storeRawEvent(bodies[0] ?? "", sha(bodies[0] ?? "")); // copied before the crash
    let copiedUpTo = 0;
    let caughtUp: (() => void) | null = null;
    const copier = new JournalCopier({
      copy: (entries, durable) => committer.commitNow(entries, durable),
      accepted: () => {},
      filingQueue: () => 0,
      report: (progress) => {
        copiedUpTo = progress.copiedUpTo;
        caughtUp?.();
      },
      log: silentLogger,
    });
    const sent: number[] = [];
    const last = await replayJournal(
      journal,
      (entries) => {
        expect(copiedUpTo).toBe(sent.reduce((a, b) => a + b, 0)); // the previous chunk is in
        sent.push(entries.length);
        setImmediate(() => copier.receive({ kind: "entries", entries, replayed: true }));
      },
      (upTo) =>
        new Promise<void>((resolve) => {
          caughtUp = () => {
            if (copiedUpTo >= upTo) resolve();
          };
        }),
    );
    expect(last).toBe(450);
    expect(sent).toEqual([200, 200, 50]);
    expect(t.inbox.pendingEventCount()).toBe(450); // each body once, waiting for the sweep to file it
  });
});
