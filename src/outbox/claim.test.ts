// The claim query must stay on the partial index outbox_due: the outbox keeps every row ever sent, and
// the dispatcher claims after every processed batch, so a query that walks the table grows with history.
import { describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { openNodeDatabase } from "../store/open-node.js";
import { createRecipientPacer } from "./backoff.js";
import { claimDue } from "./claim.js";

describe("claimDue", () => {
  it("finds due rows through the outbox_due index, not by scanning every row ever sent", () => {
    const { db, sqlite, close } = openNodeDatabase(":memory:");
    const clock = manualClock();
    const statements: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;

    db.transaction((tx) =>
      claimDue(tx, {
        now: clock.now(),
        pacer: createRecipientPacer(clock),
        leaseMs: 60_000,
        limit: 50,
        notifyTemplate: null,
      }),
    );
    const select = statements.find((s) => /^select .* from "outbox" where .* order by/i.test(s));
    expect(select).toBeDefined();
    const placeholders = (select ?? "").split("?").length - 1;
    const plan = sqlite
      .prepare(`explain query plan ${select}`)
      .all(...Array.from({ length: placeholders }, () => 0)) as { detail: string }[];
    const details = plan.map((p) => p.detail).join(" | ");
    expect(details).toContain("USING INDEX outbox_due");
    expect(details).not.toMatch(/SCAN outbox(?! USING)/);
    close();
  });
});
