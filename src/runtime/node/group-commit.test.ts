import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestInbox } from "../../../test/kit/inbox-harness.js";
import { rawEvents } from "../../store/schema.js";
import { GroupCommitter } from "./group-commit.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("GroupCommitter", () => {
  it("stores bodies that arrive together in one commit and resolves each with its own row", async () => {
    const t = createTestInbox();
    const commits: number[] = [];
    const committer = new GroupCommitter(t.sqlite, (body, hash) => {
      commits.push(t.sqlite.inTransaction ? 1 : 0);
      return t.inbox.storeRawEvent(body, hash);
    });
    const bodies = ['{"a":1}', '{"a":2}', '{"a":3}', '{"a":1}'];
    const results = await Promise.all(bodies.map((b) => committer.store(b, sha(b))));
    expect(results.map((r) => r.duplicate)).toEqual([false, false, false, true]);
    expect(results[3]?.id).toBe(results[0]?.id);
    expect(commits).toEqual([1, 1, 1, 1]); // all inside the one transaction
    expect(t.db.select().from(rawEvents).all()).toHaveLength(3);
  });

  it("commits at synchronous=FULL and leaves the connection at NORMAL for processing", async () => {
    const t = createTestInbox();
    const seen: number[] = [];
    const committer = new GroupCommitter(t.sqlite, (body, hash) => {
      seen.push(t.sqlite.pragma("synchronous", { simple: true }) as number);
      return t.inbox.storeRawEvent(body, hash);
    });
    await committer.store("{}", sha("{}"));
    expect(seen).toEqual([2]); // FULL
    expect(t.sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
  });

  it("rejects every body of a batch that could not be committed, so none is acknowledged", async () => {
    const t = createTestInbox();
    const committer = new GroupCommitter(t.sqlite, (body, hash) => {
      if (body.includes("boom")) throw new Error("disk full");
      return t.inbox.storeRawEvent(body, hash);
    });
    const outcomes = await Promise.allSettled([
      committer.store('{"ok":1}', sha("1")),
      committer.store('"boom"', sha("2")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(t.db.select().from(rawEvents).all()).toHaveLength(0);
  });
});
