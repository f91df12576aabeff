// TEMPORARY: the old claimDue (claim-legacy.ts) and the current one, run on the same random outboxes
// and pacers, must leave the same rows, the same batches and the same pacer behind. Removed once checked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClaimContext, ClaimResult } from "./claim.js";
import { claimDue } from "./claim.js";
import { legacyClaimDue } from "./claim-legacy.js";
import { setupClaimTest } from "./test-setup.js";

const RECIPIENTS = ["staff", "staff2", "group", "open", "closed"] as const;
type Recipient = (typeof RECIPIENTS)[number];

const bodyArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 99 }).map((n) => ({ text: `#${n} new` })) },
  { weight: 2, arbitrary: fc.constant({ text: "x".repeat(1500) }) },
  { weight: 1, arbitrary: fc.constant({ template: true }) },
  { weight: 1, arbitrary: fc.constant({ unreadable: true }) },
);

const whoArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      to: fc.constantFrom<Recipient>("staff", "staff", "staff2"),
      purpose: fc.constantFrom("notify", "notify", "notify", "forward", "forward", "answer"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ to: fc.constant<Recipient>("group"), purpose: fc.constant("notify") }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      to: fc.constantFrom<Recipient>("open", "closed"),
      purpose: fc.constantFrom("reply", "template"),
    }),
  },
);

const rowArb = fc.record({
  who: whoArb,
  body: bodyArb,
  status: fc.constantFrom(
    "pending",
    "pending",
    "pending",
    "pending",
    "pending",
    "sending",
    "sending",
    "held",
    "sent",
  ),
  dueIn: fc.constantFrom(-70_000, -1_000, 0, 0, 0, 0, 1, 6_000),
  age: fc.constantFrom(0, 0, 10_000, 70_000, 70_000),
  leaseIn: fc.constantFrom(-1, -1, 0, 30_000),
  attempts: fc.constantFrom(0, 0, 0, 1, 11, 12),
  needsWindow: fc.boolean(),
  requested: fc.boolean(),
});

/** Per recipient: how many answers went before this run, and whether Meta said 131056. */
const pacerArb = fc.array(fc.record({ taken: fc.nat(12), penalized: fc.nat(5).map((n) => n === 0) }), {
  minLength: RECIPIENTS.length,
  maxLength: RECIPIENTS.length,
});

/** Many rows to one person at once: enough to fill a message and fold the rest. */
const burstArb = fc.record({
  count: fc.nat(45),
  first: fc.boolean(),
  row: rowArb.map((r) => ({ ...r, status: "pending", attempts: 0 })),
});

const scenarioArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 60 }),
  burst: burstArb,
  pacer: pacerArb,
  runs: fc.array(
    fc.record({
      limit: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 6, max: 50 })),
      advance: fc.constantFrom(0, 1_000, 6_000, 61_000),
      sentEvery: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function play(scenario: Scenario, claim: (tx: never, ctx: ClaimContext) => ClaimResult) {
  const t = setupClaimTest();
  const address: Record<Recipient, { recipient: string; kind: "staff" | "group" | "customer" }> = {
    staff: { recipient: t.agent.waId ?? "", kind: "staff" },
    staff2: { recipient: "15550004444", kind: "staff" },
    group: { recipient: "group-1", kind: "group" },
    open: { recipient: "15550001111", kind: "customer" },
    closed: { recipient: "15550003333", kind: "customer" },
  };
  const { count, first, row } = scenario.burst;
  const burst = Array.from({ length: count }, () => row);
  for (const r of first ? [...burst, ...scenario.rows] : [...scenario.rows, ...burst]) {
    const { recipient, kind } = address[r.who.to];
    const payload =
      "text" in r.body
        ? t.text(r.body.text)
        : "template" in r.body
          ? JSON.stringify({ type: "template", template: { name: "hello" } })
          : "{";
    const customer = kind === "customer";
    t.add(r.who.purpose, "", {
      recipient,
      recipientKind: kind,
      staffId: kind === "staff" && r.who.to === "staff" ? t.agent.id : null,
      conversationId: customer ? (r.who.to === "open" ? t.open.id : t.closed.id) : null,
      payload,
      status: r.status as "pending",
      nextAttemptAt: t.now + r.dueIn,
      createdAt: t.now + r.dueIn - r.age,
      leaseUntil: r.status === "sending" ? t.now + r.leaseIn : null,
      attempts: r.attempts,
      needsWindow: customer && r.needsWindow,
      requestedByStaffId: customer && r.requested ? t.agent.id : null,
    });
  }
  RECIPIENTS.forEach((to, i) => {
    const { taken = 0, penalized = false } = scenario.pacer[i] ?? {};
    for (let n = 0; n < taken; n++) t.pacer.takeNow(address[to].recipient);
    if (penalized) t.pacer.penalize(address[to].recipient);
  });
  const trace: unknown[] = [];
  for (const run of scenario.runs) {
    t.clock.advance(run.advance);
    const result = t.db.transaction((tx) =>
      claim(tx as never, {
        now: t.clock.now(),
        pacer: t.pacer,
        leaseMs: 60_000,
        limit: run.limit,
        notifyTemplate: null,
      }),
    );
    trace.push(result);
    // Some batches went through; the rest stay leased, as if the process died mid-send.
    result.batches.forEach((batch, i) => {
      if (i % run.sentEvery === 0)
        for (const row of batch.rows)
          t.sqlite.prepare("update outbox set status = 'sent' where id = ?").run(row.id);
    });
    trace.push(t.rows());
    trace.push(t.sqlite.prepare("select * from messages order by id").all());
    trace.push(
      Object.values(address).map(({ recipient }) => [
        t.pacer.nextAvailableAt(recipient),
        t.pacer.nextAvailableAt(recipient, true),
      ]),
    );
  }
  trace.push(t.pacer.size());
  // Tokens above one do not show in nextAvailableAt: count what is left by spending it.
  for (const { recipient } of Object.values(address)) {
    let left = 0;
    while (left < 10 && t.pacer.tryTake(recipient)) left += 1;
    trace.push(left);
  }
  t.close();
  return trace;
}

describe("claimDue, old and new", () => {
  it("do the same on random outboxes", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        expect(play(scenario, claimDue)).toEqual(play(scenario, legacyClaimDue));
      }),
      { numRuns: Number(process.env.DIFF_RUNS ?? 300) },
    );
  }, 600_000);
});
