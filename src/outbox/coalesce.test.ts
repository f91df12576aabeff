// The coalesce and fold steps of a claim run: which rows may share a message, and how full it may get.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { outboxRow, setupClaimTest } from "../../test/kit/outbox.js";
import { MAX_ATTEMPTS } from "./backoff.js";
import type { SendBatch } from "./claim.js";
import {
  BEHIND_AFTER_MS,
  behind,
  coalesce,
  joinableText,
  joinOpenMessage,
  MAX_COALESCED,
  type OpenMessage,
  openMessage,
  undoCoalesce,
  waited,
} from "./coalesce.js";
import { claimRow } from "./due.js";
import type { OutboxRow } from "./failure.js";
import { TEXT_LIMIT } from "./payload.js";

const text = (body: string) => JSON.stringify({ type: "text", text: { body } });
const template = JSON.stringify({ type: "template", template: { name: "hello" } });

describe("waited and behind", () => {
  const now = 100_000;
  const cases: Array<[string, Partial<OutboxRow>, boolean, boolean]> = [
    ["a fresh notice", { createdAt: now, nextAttemptAt: now }, false, false],
    ["a notice put off 10 s", { createdAt: now - 10_000, nextAttemptAt: now }, true, false],
    ["a notice put off a minute", { createdAt: now - BEHIND_AFTER_MS, nextAttemptAt: now }, true, true],
    [
      "a notice written a minute ago, never put off",
      { createdAt: now - BEHIND_AFTER_MS, nextAttemptAt: now - BEHIND_AFTER_MS },
      false,
      false,
    ],
    ["an answer put off a minute", { purpose: "answer", createdAt: 0, nextAttemptAt: now }, false, false],
    [
      "a customer reply retried for a minute",
      { recipientKind: "customer", createdAt: 0, nextAttemptAt: now },
      false,
      false,
    ],
  ];
  it.each(cases)("%s → waited %s, behind %s", (_, over, isWaited, isBehind) => {
    expect(waited(outboxRow(over))).toBe(isWaited);
    expect(behind(outboxRow(over), now)).toBe(isBehind);
  });
});

describe("joinableText", () => {
  const cases: Array<[string, Partial<OutboxRow>, boolean, string | null]> = [
    ["a staff notice", {}, false, "#1 new"],
    ["a forward to someone who keeps up", { purpose: "forward" }, false, null],
    ["a forward to someone behind", { purpose: "forward" }, true, "#1 new"],
    ["an answer", { purpose: "answer" }, true, null],
    ["a notice sent as a template", { payload: template }, false, null],
    ["a notice out of attempts", { attempts: MAX_ATTEMPTS }, false, null],
    ["a group notice", { recipientKind: "group" }, false, null],
    ["a customer reply", { recipientKind: "customer", purpose: "reply" }, true, null],
  ];
  it.each(cases)("%s (behind: %s) → %s", (_, over, isBehind, joined) =>
    expect(joinableText(outboxRow(over), isBehind)).toBe(joined),
  );
});

function openWith(first: OutboxRow, isBehind = false): OpenMessage {
  const batch: SendBatch = {
    rows: [first],
    recipient: first.recipient,
    kind: "individual",
    message: { type: "text" },
    opaque: String(first.id),
  };
  return { batch, texts: [joinableText(first, isBehind) ?? ""], behind: isBehind };
}

describe("coalesce", () => {
  it("joins texts with a blank line and names every row in the opaque data, in order", () => {
    const open = openWith(outboxRow({ id: 1 }));
    expect(coalesce(open, outboxRow({ id: 7 }), "#7 new")).toBe(true);
    expect(open.batch.message).toEqual({
      type: "text",
      text: { body: "#1 new\n\n#7 new", preview_url: false },
    });
    expect(open.batch.opaque).toBe("1,7");
  });

  const limits: Array<[string, boolean, number]> = [
    ["keeping up: MAX_COALESCED rows", false, MAX_COALESCED],
    ["behind: one row fewer, kept for the folded line", true, MAX_COALESCED - 1],
  ];
  it.each(limits)("holds at most %s", (_, isBehind, rows) => {
    const open = openWith(outboxRow({ id: 1 }), isBehind);
    let joined = 1;
    for (let id = 2; id <= 30 && coalesce(open, outboxRow({ id }), `#${id} new`); id++) joined += 1;
    expect(joined).toBe(rows);
  });

  it.each([
    [false, 0],
    [true, 160],
  ])("stays within Meta's text limit (behind: %s, room kept: %i)", (isBehind, reserve) => {
    const open = openWith(outboxRow({ id: 1, payload: text("x") }), isBehind);
    const fits = "y".repeat(TEXT_LIMIT - reserve - "x\n\n".length);
    expect(coalesce(open, outboxRow({ id: 2 }), `${fits}z`)).toBe(false);
    expect(coalesce(open, outboxRow({ id: 2 }), fits)).toBe(true);
  });

  it("never makes a message over the limits, whatever the texts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 900 }), { maxLength: 40 }),
        fc.boolean(),
        (texts, isBehind) => {
          const open = openWith(outboxRow({ id: 0 }), isBehind);
          for (const [i, t] of texts.entries()) coalesce(open, outboxRow({ id: i + 1 }), t);
          const ids = open.batch.rows.map((r) => r.id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
          expect(open.texts.join("\n\n").length).toBeLessThanOrEqual(TEXT_LIMIT - (isBehind ? 160 : 0));
          expect(ids.length).toBeLessThanOrEqual(isBehind ? MAX_COALESCED - 1 : MAX_COALESCED);
        },
      ),
    );
  });

  it("undoCoalesce takes back only the row that was added last", () => {
    const open = openWith(outboxRow({ id: 1 }));
    const second = outboxRow({ id: 2 });
    coalesce(open, second, "#2 new");
    undoCoalesce(open, outboxRow({ id: 1 }));
    expect(open.batch.opaque).toBe("1,2");
    undoCoalesce(open, second);
    expect([open.batch.opaque, open.texts]).toEqual(["1", ["#1 new"]]);
  });
});

describe("joinOpenMessage", () => {
  const yes = () => true;
  it("has nothing to join when no message is open, or the row may not join", () => {
    expect(joinOpenMessage(undefined, outboxRow(), yes)).toBe(false);
    const open = openWith(outboxRow({ id: 1 }));
    expect(joinOpenMessage(open, outboxRow({ id: 2, purpose: "answer" }), yes)).toBe(false);
    expect(open.batch.rows).toHaveLength(1);
  });

  it("joins and claims a row that fits; a row it cannot claim or that does not fit leaves it as it was", () => {
    const open = openWith(outboxRow({ id: 1 }));
    expect(joinOpenMessage(open, outboxRow({ id: 2 }), yes)).toBe(true);
    expect(joinOpenMessage(open, outboxRow({ id: 3 }), () => false)).toBe(false);
    const long = outboxRow({ id: 4, payload: text("x".repeat(TEXT_LIMIT)) });
    let claimed = false;
    expect(joinOpenMessage(open, long, () => (claimed = true))).toBe(false);
    expect([open.batch.opaque, claimed]).toEqual(["1,2", false]);
  });
});

describe("openMessage", () => {
  /** `row` took a token and was claimed, as claimDue does before it opens a message. */
  function claimed(t: ReturnType<typeof setupClaimTest>, row: OutboxRow) {
    const lease = { now: t.now, leaseMs: 60_000 };
    claimRow(t.db, row, lease);
    const batch: SendBatch = {
      rows: [row],
      recipient: row.recipient,
      kind: "individual",
      message: { type: "text" },
      opaque: String(row.id),
    };
    const fill = { ...lease, claim: (r: OutboxRow) => claimRow(t.db, r, lease), taken: new Set<number>() };
    return { batch, fill };
  }

  it("opens nothing for a row that cannot carry others", () => {
    const t = setupClaimTest();
    for (const row of [t.add("answer", "a"), t.add("forward", "#1 Ann: hi")]) {
      const { batch, fill } = claimed(t, row);
      expect(openMessage(t.db, row, batch, fill)).toBeNull();
    }
    t.close();
  });

  it("a notice carries the notices due for the same person, and remembers which it took", () => {
    const t = setupClaimTest();
    const [first, ...rest] = [1, 2, 3].map((n) => t.add("notify", `#${n} new`));
    t.add("forward", "#4 Ann: hi");
    if (first === undefined) throw new Error("no row");
    const { batch, fill } = claimed(t, first);
    const opened = openMessage(t.db, first, batch, fill);
    expect(opened?.folded).toBe(false);
    expect(opened?.open.texts).toEqual(["#1 new", "#2 new", "#3 new"]);
    expect([...fill.taken]).toEqual(rest.map((r) => r.id));
    t.close();
  });

  it("lists what it carries in the order it happened, however pacing reordered when each was due", () => {
    const t = setupClaimTest();
    // #1 and #2 waited for a token (put off to now); #3 came later and was never put off, so it is due
    // first and takes the token.
    const earlier = { createdAt: t.now - 10_000, nextAttemptAt: t.now };
    t.add("notify", "#1 new", earlier);
    t.add("notify", "#2 new", earlier);
    const third = t.add("notify", "#3 new", { createdAt: t.now - 5_000, nextAttemptAt: t.now - 5_000 });
    const { batch, fill } = claimed(t, third);
    const opened = openMessage(t.db, third, batch, fill);
    expect(opened?.open.batch.message).toEqual({
      type: "text",
      text: { body: "#1 new\n\n#2 new\n\n#3 new", preview_url: false },
    });
    t.close();
  });

  it("for someone behind, folds what does not fit into one more line", () => {
    const t = setupClaimTest();
    const late = { createdAt: t.now - BEHIND_AFTER_MS };
    const [first] = Array.from({ length: 30 }, (_, i) =>
      t.add(i % 2 ? "forward" : "notify", `#${i} x`, late),
    );
    if (first === undefined) throw new Error("no row");
    const { batch, fill } = claimed(t, first);
    const opened = openMessage(t.db, first, batch, fill);
    expect(opened?.folded).toBe(true);
    expect(opened?.open.batch.rows).toHaveLength(MAX_COALESCED);
    expect(opened?.open.texts.at(-1)).toMatch(/^…and 11 more updates/);
    t.close();
  });
});
