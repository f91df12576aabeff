// /healthz and a Durable Object's alarm read the outbox often; the outbox keeps every row ever sent, so
// these reads must stay on the partial indexes, not walk the history.
import { describe, expect, it } from "vitest";
import { openNodeDatabase } from "../store/open-node.js";
import { captureStatements, planOf } from "../store/query-plan.js";
import { outbox } from "../store/schema.js";
import { nextDueAt, outboxCounts } from "./sending-state.js";

describe("outbox health reads", () => {
  it("count and find the next due row through partial indexes, and agree with the rows", () => {
    const { db, sqlite, close } = openNodeDatabase(":memory:");
    const statuses = ["pending", "sending", "held", "failed", "sent", "sent"] as const;
    db.insert(outbox)
      .values(
        statuses.map((status, i) => ({
          recipient: "15550001",
          recipientKind: "staff" as const,
          purpose: "notify",
          payload: "{}",
          status,
          nextAttemptAt: 1_000 + i,
          leaseUntil: status === "sending" ? 500 : null,
          createdAt: 0,
        })),
      )
      .run();
    const { statements } = captureStatements(sqlite, () => {
      expect(outboxCounts(db)).toEqual({ pending: 2, held: 1, failed: 1 });
      expect(nextDueAt(db)).toBe(500);
    });
    const reads = statements.filter((s) => /^select .* from "outbox"/i.test(s));
    expect(reads).toHaveLength(5);
    for (const read of reads) {
      expect(planOf(sqlite, read)).toMatch(/USING (COVERING )?INDEX outbox_(due|held|failed)/);
    }
    close();
  });
});
