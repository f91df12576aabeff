// What every claim run keeps to, whatever the outbox and the pacer hold: a row goes out at most once, a
// recipient gets no more than their tokens allow, rows go in the order they were written, and the run's
// counts are the rows it settled.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setupClaimTest } from "../../test/kit/outbox.js";
import { MAX_DEBT, PAIR_BURST } from "./backoff.js";
import type { OutboxRow } from "./failure.js";

const LEASE_MS = 60_000;
const TO = ["staff", "staff2", "group", "open", "closed"] as const;

const rowArb = fc.record({
  to: fc.constantFrom(...TO, "staff", "staff"),
  purpose: fc.constantFrom("notify", "notify", "forward", "answer"),
  long: fc.nat(5).map((n) => n === 0),
  unreadable: fc.nat(20).map((n) => n === 0),
  status: fc.constantFrom("pending", "pending", "pending", "sending", "held"),
  dueIn: fc.constantFrom(-70_000, 0, 0, 1),
  age: fc.constantFrom(0, 10_000, 70_000),
  leaseIn: fc.constantFrom(-1, 30_000),
  attempts: fc.constantFrom(0, 0, 11),
});

const scenarioArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 80 }),
  /** Answers that went to each recipient just before, and whether Meta said 131056 to them. */
  pacer: fc.array(fc.record({ answers: fc.nat(12), blocked: fc.nat(4).map((n) => n === 0) }), {
    minLength: TO.length,
    maxLength: TO.length,
  }),
  limit: fc.integer({ min: 1, max: 60 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function run(scenario: Scenario) {
  const t = setupClaimTest();
  const address = {
    staff: { recipient: t.agent.waId ?? "", kind: "staff" },
    staff2: { recipient: "15550004444", kind: "staff" },
    group: { recipient: "group-1", kind: "group" },
    open: { recipient: "15550001111", kind: "customer" },
    closed: { recipient: "15550003333", kind: "customer" },
  } as const;
  for (const r of scenario.rows) {
    const { recipient, kind } = address[r.to];
    const customer = kind === "customer";
    t.add(customer ? "reply" : kind === "group" ? "notify" : r.purpose, "", {
      recipient,
      recipientKind: kind,
      staffId: null,
      conversationId: customer ? (r.to === "open" ? t.open.id : t.closed.id) : null,
      needsWindow: customer,
      payload: r.unreadable ? "{" : t.text(r.long ? "x".repeat(1500) : `#${r.to} ${r.purpose}`),
      status: r.status as OutboxRow["status"],
      nextAttemptAt: t.now + r.dueIn,
      createdAt: t.now + r.dueIn - r.age,
      leaseUntil: r.status === "sending" ? t.now + r.leaseIn : null,
      attempts: r.attempts,
    });
  }
  const allowance = new Map<string, number>();
  TO.forEach((to, i) => {
    const { answers = 0, blocked = false } = scenario.pacer[i] ?? {};
    const { recipient } = address[to];
    for (let n = 0; n < answers; n++) t.pacer.takeNow(recipient);
    if (blocked) t.pacer.penalize(recipient);
    // Tokens left, and one row that waited may go on a token answers spent.
    const tokens = Math.max(PAIR_BURST - answers, -MAX_DEBT);
    allowance.set(recipient, blocked ? 0 : Math.max(0, Math.floor(tokens)) + 1);
  });
  const before = new Map(t.rows().map((r) => [r.id, r]));
  const result = t.claim({ limit: scenario.limit, leaseMs: LEASE_MS });
  const after = t.rows();
  t.close();
  return { t, before, result, after, allowance };
}

function due(row: OutboxRow, now: number): boolean {
  if (row.status === "pending") return row.nextAttemptAt <= now;
  return row.status === "sending" && row.leaseUntil !== null && row.leaseUntil < now;
}

describe("claimDue, on any outbox", () => {
  it("claims each row at most once, and leases exactly the rows it hands back", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { t, result, after } = run(scenario);
        const ids = result.batches.flatMap((b) => b.rows.map((r) => r.id));
        expect(new Set(ids).size).toBe(ids.length);
        const leased = after.filter((r) => r.status === "sending" && r.leaseUntil === t.now + LEASE_MS);
        expect(leased.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
        for (const batch of result.batches)
          expect(new Set(batch.rows.map((r) => r.recipient))).toEqual(new Set([batch.recipient]));
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the order rows were written in, and each recipient within their tokens", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { result, allowance } = run(scenario);
        const firsts = result.batches.map((b) => b.rows[0]?.id ?? 0);
        expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
        const spent = new Map<string, number>();
        for (const { recipient, rows } of result.batches) {
          if (rows[0]?.purpose === "answer" && allowance.get(recipient) !== 0) continue;
          spent.set(recipient, (spent.get(recipient) ?? 0) + 1);
        }
        for (const [recipient, n] of spent) expect(n).toBeLessThanOrEqual(allowance.get(recipient) ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it("counts as failed and deferred exactly the due rows it failed and put off", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { t, before, result, after } = run(scenario);
        const settled = after.flatMap((row) => {
          const was = before.get(row.id);
          if (was === undefined || !due(was, t.now)) return [];
          if (row.status === "failed") return ["failed"];
          return row.status === "pending" && row.nextAttemptAt > t.now ? ["deferred"] : [];
        });
        expect(settled.filter((s) => s === "failed")).toHaveLength(result.failed);
        expect(settled.filter((s) => s === "deferred")).toHaveLength(result.deferred);
        // Nothing that was not due is touched.
        for (const row of after) {
          const was = before.get(row.id);
          if (was !== undefined && !due(was, t.now)) expect(row).toEqual(was);
        }
      }),
      { numRuns: 150 },
    );
  });
});
