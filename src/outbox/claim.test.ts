// The claim query must stay on the partial index outbox_due: the outbox keeps every row ever sent, and
// the dispatcher claims after every processed batch, so a query that walks the table grows with history.

import { describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { openNodeDatabase } from "../store/open-node.js";
import { captureStatements, planOf } from "../store/query-plan.js";
import { outbox } from "../store/schema.js";
import { createRecipientPacer } from "./backoff.js";
import { claimDue } from "./claim.js";

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
