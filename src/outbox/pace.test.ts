// The pacing step of a claim run, row by row. pacing.test.ts runs the same rules through the dispatcher.
import { describe, expect, it } from "vitest";
import { outboxRow, setupClaimTest } from "../../test/kit/outbox.js";
import { PAIR_INTERVAL_MS } from "./backoff.js";
import { claimRow } from "./due.js";
import type { OutboxRow } from "./failure.js";
import { type PaceMemo, pace, putOff, type TokenRule, tokenRule } from "./pace.js";

describe("tokenRule", () => {
  // Waited: put off to a token (or a retry) before, and due now.
  const waited = { nextAttemptAt: 10_000, createdAt: 0 };
  const cases: Array<[string, Partial<OutboxRow>, boolean, TokenRule]> = [
    ["an answer", { purpose: "answer" }, false, "answer"],
    ["an answer that waited, after a forced row", { purpose: "answer", ...waited }, true, "answer"],
    ["a fresh notice", {}, false, "wait"],
    ["a notice that waited", waited, false, "forced"],
    ["a forward that waited", { purpose: "forward", ...waited }, false, "forced"],
    ["a notice that waited, after a forced row", waited, true, "wait"],
    [
      "a reply to a customer, retried",
      { recipientKind: "customer", purpose: "reply", ...waited },
      false,
      "wait",
    ],
    ["a group notice that waited", { recipientKind: "group", ...waited }, false, "wait"],
  ];
  it.each(cases)("%s (forced already: %s) → %s", (_, over, forcedAlready, rule) =>
    expect(tokenRule(outboxRow(over), forcedAlready)).toBe(rule),
  );
});

describe("pace", () => {
  it("with a token free: takes it and changes nothing in the database", () => {
    const t = setupClaimTest();
    const row = t.add("notify", "#1 new");
    const memo: PaceMemo = { forced: false };
    const before = t.rows();
    expect(pace(t.db, t.pacer, t.now, memo, row)).toEqual({ token: true });
    expect(memo).toEqual({ forced: false });
    expect(t.rows()).toEqual(before);
    expect(t.pacer.nextAvailableAt(row.recipient)).toBe(t.now);
    t.close();
  });

  it("without one: puts the row and the rest off, and remembers that answers still go", () => {
    const t = setupClaimTest();
    for (let i = 0; i < 5; i++) t.pacer.tryTake(t.agent.waId ?? "");
    const row = t.add("notify", "#1 new");
    t.add("forward", "#1 Ann: hi");
    const memo: PaceMemo = { forced: false };
    expect(pace(t.db, t.pacer, t.now, memo, row)).toEqual({ token: false, deferred: 2 });
    expect(memo).toEqual({ forced: false, putOff: { answersToo: false } });
    t.close();
  });

  it("lets one waited row per run through on a token answers spent", () => {
    const t = setupClaimTest();
    for (let i = 0; i < 10; i++) t.pacer.takeNow(t.agent.waId ?? "");
    const waited = { createdAt: t.now - 10_000 };
    const first = t.add("notify", "#1 new", waited);
    const second = t.add("notify", "#2 new", waited);
    const memo: PaceMemo = { forced: false };
    expect(pace(t.db, t.pacer, t.now, memo, first)).toEqual({ token: true });
    expect(memo.forced).toBe(true);
    claimRow(t.db, first, { now: t.now, leaseMs: 60_000 });
    expect(pace(t.db, t.pacer, t.now, memo, second)).toEqual({ token: false, deferred: 1 });
    t.close();
  });

  it("an answer held by a 131056 block puts off the recipient's answers too", () => {
    const t = setupClaimTest();
    t.pacer.penalize(t.agent.waId ?? "");
    const answer = t.add("answer", "a1");
    t.add("answer", "a2");
    const memo: PaceMemo = { forced: false };
    expect(pace(t.db, t.pacer, t.now, memo, answer)).toEqual({ token: false, deferred: 2 });
    expect(memo.putOff).toEqual({ answersToo: true });
    t.close();
  });
});

describe("putOff", () => {
  /** A recipient out of tokens, and when answersToo also blocked by a 131056 (else answers would go). */
  function outbox(answersToo: boolean) {
    const t = setupClaimTest();
    for (let i = 0; i < 5; i++) t.pacer.tryTake(t.agent.waId ?? "");
    const until = answersToo ? t.now + t.pacer.penalize(t.agent.waId ?? "") : t.now + PAIR_INTERVAL_MS;
    const row = t.add("forward", "#1 Ann: hi", { status: "sending", leaseUntil: t.now - 1 });
    const moves = [t.add("notify", "#1 new"), t.add("forward", "#2 Bo: hi", { nextAttemptAt: t.now - 5 })];
    const answer = t.add("answer", "whoami: @maria");
    const stays = [
      t.add("notify", "later", { nextAttemptAt: t.now + 1 }),
      t.add("notify", "leased", { status: "sending", leaseUntil: t.now + 1 }),
      t.add("notify", "held", { status: "held" }),
      t.add("notify", "someone else", { recipient: "15550009999" }),
    ];
    return { t, until, row, moves, answer, stays };
  }

  it.each([false, true])(
    "moves this recipient's due pending rows to the next token (answers too: %s)",
    (answersToo) => {
      const { t, until, row, moves, answer, stays } = outbox(answersToo);
      const before = new Map(t.rows().map((r) => [r.id, r]));
      expect(putOff(t.db, t.pacer, { ...row, attempts: 1 }, t.now, answersToo)).toBe(answersToo ? 4 : 3);
      // The row itself: pending again, its lease gone, the attempt its expired lease cost kept.
      expect(t.row(row.id)).toMatchObject({
        status: "pending",
        leaseUntil: null,
        attempts: 1,
        nextAttemptAt: until,
      });
      for (const { id } of moves) expect(t.row(id)).toEqual({ ...before.get(id), nextAttemptAt: until });
      expect(t.row(answer.id)).toEqual(answersToo ? { ...answer, nextAttemptAt: until } : answer);
      for (const { id } of stays) expect(t.row(id)).toEqual(before.get(id));
      t.close();
    },
  );

  it("for an answer, waits only for the block to end, not for a token", () => {
    const t = setupClaimTest();
    for (let i = 0; i < 10; i++) t.pacer.takeNow(t.agent.waId ?? "");
    const blockedFor = t.pacer.penalize(t.agent.waId ?? "");
    const answer = t.add("answer", "a1");
    putOff(t.db, t.pacer, answer, t.now, true);
    expect(t.row(answer.id)?.nextAttemptAt).toBe(t.now + blockedFor);
    t.close();
  });
});
