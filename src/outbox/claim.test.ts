// The claim query must stay on the partial index outbox_due: the outbox keeps every row ever sent, and
// the dispatcher claims after every processed batch, so a query that walks the table grows with history.

import { describe, expect, it } from "vitest";
import { outboxRow, setupClaimTest } from "../../test/kit/outbox.js";
import { manualClock } from "../clock.js";
import { openNodeDatabase } from "../store/open-node.js";
import { captureStatements, planOf } from "../store/query-plan.js";
import { outbox } from "../store/schema.js";
import { createRecipientPacer } from "./backoff.js";
import { claimDue, type RecipientRun, settledThisRun } from "./claim.js";
import type { OutboxRow } from "./failure.js";

describe("claimDue", () => {
  it("finds due rows through the outbox_due index, not by scanning every row ever sent", () => {
    const { db, sqlite, close } = openNodeDatabase(":memory:");
    const clock = manualClock();
    const { statements } = captureStatements(sqlite, () =>
      db.transaction((tx) =>
        claimDue(tx, {
          now: clock.now(),
          pacer: createRecipientPacer(clock),
          leaseMs: 60_000,
          limit: 50,
          notifyTemplate: null,
        }),
      ),
    );
    const select = statements.find((s) => /^select .* from "outbox" where .* order by/i.test(s));
    expect(select).toBeDefined();
    const details = planOf(sqlite, select ?? "");
    expect(details).toContain("USING INDEX outbox_due");
    expect(details).not.toMatch(/SCAN outbox(?! USING)/);
    close();
  });

  it("reaches one recipient's waiting rows through outbox_recipient_due, to coalesce and to put off", () => {
    const { db, sqlite, close } = openNodeDatabase(":memory:");
    const clock = manualClock();
    const now = clock.now();
    const row = (recipient: string, purpose: string, text: string) => ({
      recipient,
      recipientKind: "staff" as const,
      purpose,
      payload: JSON.stringify({ type: "text", text: { body: text } }),
      status: "pending" as const,
      nextAttemptAt: now,
      createdAt: now,
    });
    db.insert(outbox)
      .values([
        row("15550001", "notify", "#1 new"),
        row("15550001", "notify", "#2 new"),
        row("15550002", "forward", "#3 Ann: hi"),
        row("15550002", "forward", "#3 Ann: again"),
      ])
      .run();
    const pacer = createRecipientPacer(clock);
    for (let i = 0; i < 5; i++) pacer.takeNow("15550002");
    const { result, statements } = captureStatements(sqlite, () =>
      db.transaction((tx) => claimDue(tx, { now, pacer, leaseMs: 60_000, limit: 3, notifyTemplate: null })),
    );
    expect(result.batches.map((b) => b.rows.length)).toEqual([2]);
    const byRecipient = statements.filter((s) => /where \("outbox"\."recipient" = \?/i.test(s));
    expect(result.deferred).toBe(2);
    expect(byRecipient.map((s) => s.slice(0, 6).toLowerCase()).sort()).toEqual(["select", "update"]);
    for (const statement of byRecipient)
      expect(planOf(sqlite, statement)).toContain("INDEX outbox_recipient_due");
    close();
  });
});

// What claimDue does with each kind of due row, one case per branch, written down before it was split
// into named steps so the rewrite is checked against the old code.
describe("claimDue: what happens to each due row", () => {
  it("leaves alone what is not due: later, leased, held, sent, failed", () => {
    const t = setupClaimTest();
    t.add("notify", "later", { nextAttemptAt: t.now + 1 });
    t.add("notify", "leased", { status: "sending", leaseUntil: t.now + 1 });
    t.add("notify", "lease ends now", { status: "sending", leaseUntil: t.now });
    for (const status of ["held", "sent", "failed"] as const) t.add("notify", status, { status });
    const before = t.rows();
    expect(t.claim()).toEqual({ batches: [], failed: 0, deferred: 0, unheard: [] });
    expect(t.rows()).toEqual(before);
    t.close();
  });

  it("sends each row as its own batch with its kind, message and id as opaque data", () => {
    const t = setupClaimTest();
    const reply = t.reply("hello", t.open);
    const group = t.add("notify", "#1 new", { recipient: "group-1", recipientKind: "group", staffId: null });
    const { batches } = t.claim();
    expect(batches.map((b) => [b.rows.map((r) => r.id), b.recipient, b.kind, b.opaque])).toEqual([
      [[reply.id], reply.recipient, "individual", String(reply.id)],
      [[group.id], "group-1", "group", String(group.id)],
    ]);
    expect(batches[0]?.message).toEqual({ type: "text", text: { body: "hello" } });
    expect(t.row(reply.id)).toMatchObject({ status: "sending", leaseUntil: t.now + 60_000, attempts: 0 });
    t.close();
  });

  it("fails an unreadable payload without spending a token", () => {
    const t = setupClaimTest();
    const bad = t.add("notify", "", { payload: "{not json" });
    const claimed = t.claim();
    expect(claimed).toMatchObject({ batches: [], failed: 1, deferred: 0 });
    // A notice nobody will hear of: the dispatcher logs it.
    expect(claimed.unheard).toHaveLength(1);
    expect(t.row(bad.id)).toMatchObject({ status: "failed", lastError: "unreadable payload" });
    expect(t.pacer.nextAvailableAt(bad.recipient)).toBe(t.now);
    for (let i = 0; i < 5; i++) expect(t.pacer.tryTake(bad.recipient)).toBe(true);
    t.close();
  });

  it("counts an expired lease as an attempt: claimed again with it, or failed when it was the last", () => {
    const t = setupClaimTest();
    const again = t.add("notify", "again", { status: "sending", leaseUntil: t.now - 1, attempts: 3 });
    const last = t.reply("last", t.open, { status: "sending", leaseUntil: t.now - 1, attempts: 11 });
    const result = t.claim();
    expect(result.batches.map((b) => b.rows.map((r) => [r.id, r.attempts]))).toEqual([[[again.id, 4]]]);
    expect(result.failed).toBe(1);
    expect(t.row(again.id)).toMatchObject({ status: "sending", attempts: 4, leaseUntil: t.now + 60_000 });
    expect(t.row(last.id)).toMatchObject({
      status: "failed",
      attempts: 12,
      lastError: "gave up after 12 attempts: interrupted while sending",
    });
    // The requester hears of it, in a notice written in the same transaction (not sent in this run).
    const notice = t.rows().find((r) => r.id > last.id);
    expect(notice).toMatchObject({ recipient: t.agent.waId, purpose: "notify", status: "pending" });
    expect(notice?.payload).toMatch(/not delivered .*after 12 attempts: interrupted while sending/);
    t.close();
  });

  it("fails a free-form reply whose window closed, and sends one whose window is open", () => {
    const t = setupClaimTest();
    const late = t.reply("late", t.closed);
    const fine = t.reply("fine", t.open);
    const result = t.claim();
    expect(result.failed).toBe(1);
    expect(result.batches.map((b) => b.opaque)).toEqual([String(fine.id)]);
    expect(t.row(late.id)).toMatchObject({ status: "failed", lastError: "window closed" });
    t.close();
  });

  it("a 131056 block holds the recipient's answers too: all put off to its end, each counted once", () => {
    const t = setupClaimTest();
    const blockedFor = t.pacer.penalize(t.agent.waId ?? "");
    const ids = [t.add("answer", "a1"), t.add("notify", "#1 new"), t.add("answer", "a2")].map((r) => r.id);
    expect(t.claim()).toEqual({ batches: [], failed: 0, deferred: 3, unheard: [] });
    for (const id of ids)
      expect(t.row(id)).toMatchObject({ status: "pending", nextAttemptAt: t.now + blockedFor });
    t.close();
  });

  it("a recipient out of tokens: later rows are put off with the first, answers still go", () => {
    const t = setupClaimTest();
    for (let i = 0; i < 5; i++) t.pacer.tryTake(t.agent.waId ?? "");
    const notice = t.add("notify", "#1 new");
    // An expired lease is looked at again even after its recipient was put off: it counts an attempt.
    const leased = t.add("forward", "#1 Ann: hi", { status: "sending", leaseUntil: t.now - 1 });
    const answer = t.add("answer", "whoami: @maria");
    const result = t.claim();
    expect(result.deferred).toBe(2);
    expect(result.batches.map((b) => b.opaque)).toEqual([String(answer.id)]);
    const tokenAt = t.now + 6_000;
    expect(t.row(notice.id)).toMatchObject({ status: "pending", nextAttemptAt: tokenAt, attempts: 0 });
    expect(t.row(leased.id)).toMatchObject({
      status: "pending",
      nextAttemptAt: tokenAt,
      attempts: 1,
      leaseUntil: null,
    });
    t.close();
  });

  it("one row per person per run goes on a token that answers spent; the next waits", () => {
    const t = setupClaimTest();
    for (let i = 0; i < 10; i++) t.pacer.takeNow(t.agent.waId ?? "");
    // Put off before (due now, written 10 s ago): waited, not yet behind.
    const waited = { createdAt: t.now - 10_000 };
    const first = t.add("forward", "#1 Ann: one", waited);
    const second = t.add("forward", "#1 Ann: two", waited);
    const result = t.claim();
    expect(result.batches.map((b) => b.opaque)).toEqual([String(first.id)]);
    expect(result.deferred).toBe(1);
    expect(t.row(second.id)?.nextAttemptAt).toBe(t.pacer.nextAvailableAt(t.agent.waId ?? ""));
    t.close();
  });

  it("a notice whose lease expired joins the message already open to its recipient", () => {
    const t = setupClaimTest();
    const open = t.add("notify", "#1 new");
    const leased = t.add("notify", "#2 new", { status: "sending", leaseUntil: t.now - 1 });
    const { batches } = t.claim();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.rows.map((r) => [r.id, r.attempts])).toEqual([
      [open.id, 0],
      [leased.id, 1],
    ]);
    expect(batches[0]?.opaque).toBe(`${open.id},${leased.id}`);
    expect(batches[0]?.message).toMatchObject({ text: { body: "#1 new\n\n#2 new" } });
    expect(t.row(leased.id)).toMatchObject({ status: "sending", attempts: 1 });
    t.close();
  });
});

describe("claimDue: the message open to a recipient", () => {
  it("a notice that no longer fits goes on a token of its own and opens the next message", () => {
    const t = setupClaimTest();
    const ids = Array.from({ length: 21 }, (_, i) => t.add("notify", `#${i + 1} new`).id);
    const { batches } = t.claim();
    expect(batches.map((b) => b.rows.map((r) => r.id))).toEqual([ids.slice(0, 20), ids.slice(20)]);
    t.close();
  });

  it("stays open across a row that cannot join it (an answer), for a later lease-expired notice", () => {
    const t = setupClaimTest();
    const first = t.add("notify", "#1 new");
    const answer = t.add("answer", "whoami: @maria");
    const leased = t.add("notify", "#2 new", { status: "sending", leaseUntil: t.now - 1 });
    const { batches } = t.claim();
    expect(batches.map((b) => b.rows.map((r) => r.id))).toEqual([[first.id, leased.id], [answer.id]]);
    t.close();
  });
});

describe("settledThisRun", () => {
  const fresh: RecipientRun = { forced: false, folded: false };
  const putOff: RecipientRun = { ...fresh, putOff: { answersToo: false } };
  const blocked: RecipientRun = { ...fresh, putOff: { answersToo: true } };
  const folded: RecipientRun = { ...fresh, folded: true };
  const leased: Partial<OutboxRow> = { status: "sending" };
  const answer: Partial<OutboxRow> = { purpose: "answer" };
  const cases: Array<[string, RecipientRun, Partial<OutboxRow>, boolean]> = [
    ["nothing done for them yet", fresh, {}, false],
    ["pulled into a message", fresh, { id: 9 }, true],
    ["put off with the rest", putOff, {}, true],
    ["an answer, the rest put off for want of a token", putOff, answer, false],
    ["an answer, the rest put off by a 131056 block", blocked, answer, true],
    ["folded", folded, {}, true],
    ["an answer, the rest folded", folded, answer, false],
    ["a lease that ran out, the rest put off", blocked, leased, false],
    ["a lease that ran out, the rest folded", folded, leased, false],
  ];
  it.each(cases)("%s → %s", (_, them, over, settled) =>
    expect(settledThisRun(outboxRow(over), them, new Set([9]))).toBe(settled),
  );
});
