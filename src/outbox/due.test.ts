// The first steps of a claim run: which rows are due, whether one can be sent at all, and taking one.
import { describe, expect, it } from "vitest";
import { outboxRow, setupClaimTest } from "../../test/kit/outbox.js";
import { MAX_ATTEMPTS } from "./backoff.js";
import { claimRow, readiness, selectDue, windowOpen, withLeaseCounted } from "./due.js";
import type { OutboxRow } from "./failure.js";

describe("selectDue", () => {
  const cases: Array<[string, Partial<OutboxRow>, boolean]> = [
    ["pending, due now", { status: "pending", nextAttemptAt: 0 }, true],
    ["pending, due before", { status: "pending", nextAttemptAt: -1 }, true],
    ["pending, due later", { status: "pending", nextAttemptAt: 1 }, false],
    ["leased, lease ran out", { status: "sending", leaseUntil: -1 }, true],
    ["leased, lease ends now", { status: "sending", leaseUntil: 0 }, false],
    ["leased, lease runs", { status: "sending", leaseUntil: 1 }, false],
    ["held", { status: "held", nextAttemptAt: -1 }, false],
    ["sent", { status: "sent", nextAttemptAt: -1 }, false],
    ["failed", { status: "failed", nextAttemptAt: -1 }, false],
  ];
  it.each(cases)("%s → due: %s", (_, over, due) => {
    const t = setupClaimTest();
    const { nextAttemptAt = 0, leaseUntil = null, status } = over;
    t.add("notify", "#1 new", {
      status,
      nextAttemptAt: t.now + nextAttemptAt,
      leaseUntil: leaseUntil === null ? null : t.now + leaseUntil,
    });
    expect(selectDue(t.db, t.now, 50)).toHaveLength(due ? 1 : 0);
    t.close();
  });

  it("takes the oldest rows first, up to the limit, whenever each became due", () => {
    const t = setupClaimTest();
    const ids = [3, 2, 1, 0].map((ago) => t.add("notify", `${ago}`, { nextAttemptAt: t.now - ago }).id);
    expect(selectDue(t.db, t.now, 3).map((r) => r.id)).toEqual(ids.slice(0, 3));
    t.close();
  });
});

describe("withLeaseCounted", () => {
  it("counts an attempt for a lease that ran out, and leaves the row it was given alone", () => {
    const leased = outboxRow({ status: "sending", attempts: 3 });
    expect(withLeaseCounted(leased).attempts).toBe(4);
    expect(leased.attempts).toBe(3);
    const pending = outboxRow({ attempts: 3 });
    expect(withLeaseCounted(pending)).toBe(pending);
  });
});

describe("readiness", () => {
  const unreadable = "{not json";
  const cases: Array<[string, Partial<OutboxRow>, boolean, string | null]> = [
    ["a text", {}, true, null],
    ["an unreadable payload", { payload: unreadable }, true, "rejected"],
    ["attempts used up", { attempts: MAX_ATTEMPTS }, true, "gave_up"],
    ["one attempt left", { attempts: MAX_ATTEMPTS - 1 }, true, null],
    ["free-form, window open", { needsWindow: true }, true, null],
    ["free-form, window closed", { needsWindow: true }, false, "window_closed_before_send"],
    ["not free-form, window closed", { needsWindow: false }, false, null],
    ["unreadable before attempts", { payload: unreadable, attempts: MAX_ATTEMPTS }, true, "rejected"],
    ["attempts before the window", { attempts: MAX_ATTEMPTS, needsWindow: true }, false, "gave_up"],
  ];
  it.each(cases)("%s (window open: %s) → %s", (_, over, open, failure) => {
    const ready = readiness(outboxRow(over), () => open);
    expect(ready.ok ? null : ready.failure.kind).toBe(failure);
  });

  it("says what a person reads when it gives up, and hands back the parsed message when ready", () => {
    expect(readiness(outboxRow({ attempts: 12 }), () => true)).toEqual({
      ok: false,
      failure: { kind: "gave_up", attempts: 12, reason: "interrupted while sending" },
    });
    expect(readiness(outboxRow(), () => true)).toEqual({
      ok: true,
      message: { type: "text", text: { body: "#1 new" } },
    });
  });

  it("asks about the window only for free-form rows", () => {
    const asked: Array<number | null> = [];
    const ask = (id: number | null) => {
      asked.push(id);
      return true;
    };
    readiness(outboxRow({ conversationId: 7 }), ask);
    readiness(outboxRow({ conversationId: 8, needsWindow: true }), ask);
    expect(asked).toEqual([8]);
  });
});

describe("windowOpen", () => {
  it("is open until the conversation's window expires, and never without a conversation", () => {
    const t = setupClaimTest();
    expect(windowOpen(t.db, t.open.id, t.now)).toBe(true);
    expect(windowOpen(t.db, t.open.id, t.open.windowExpiresAt ?? 0)).toBe(false);
    expect(windowOpen(t.db, t.closed.id, t.now)).toBe(false);
    expect(windowOpen(t.db, null, t.now)).toBe(false);
    expect(windowOpen(t.db, 999, t.now)).toBe(false);
    t.close();
  });
});

describe("claimRow", () => {
  it("leases a due row once, with the attempts it is given; a second claimer gets nothing", () => {
    const t = setupClaimTest();
    const row = t.add("notify", "#1 new", { status: "sending", leaseUntil: t.now - 1, attempts: 2 });
    const lease = { now: t.now, leaseMs: 60_000 };
    expect(claimRow(t.db, { ...row, attempts: 3 }, lease)).toBe(true);
    expect(t.row(row.id)).toMatchObject({ status: "sending", leaseUntil: t.now + 60_000, attempts: 3 });
    expect(claimRow(t.db, row, lease)).toBe(false);
    expect(t.row(row.id)?.attempts).toBe(3);
    t.close();
  });

  it("does not take a row that is not due", () => {
    const t = setupClaimTest();
    const later = t.add("notify", "#1 new", { nextAttemptAt: t.now + 1 });
    expect(claimRow(t.db, later, { now: t.now, leaseMs: 60_000 })).toBe(false);
    expect(t.row(later.id)?.status).toBe("pending");
    t.close();
  });
});
