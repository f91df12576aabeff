import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { furtherStatus } from "./delivery-status.js";

describe("furtherStatus (sent < delivered < read < played; failed terminal)", () => {
  const table: Array<[string | null, string, string]> = [
    [null, "sent", "sent"],
    ["pending", "sent", "sent"],
    ["sent", "delivered", "delivered"],
    ["delivered", "sent", "delivered"],
    ["read", "delivered", "read"],
    ["read", "played", "played"],
    ["played", "read", "played"],
    ["delivered", "failed", "failed"],
    ["failed", "read", "failed"],
    ["sent", "something_new", "sent"],
  ];
  it.each(table)("%s + %s → %s", (current, next, expected) => {
    expect(furtherStatus(current, next)).toBe(expected);
  });

  it("the end state does not depend on the order statuses arrive in", () => {
    const status = fc.constantFrom("sent", "delivered", "read", "played", "failed");
    fc.assert(
      fc.property(fc.array(status, { maxLength: 8 }), (arrivals) => {
        const reversed = [...arrivals].reverse();
        const apply = (list: string[]) => list.reduce<string>((s, n) => furtherStatus(s, n), "pending");
        return apply(arrivals) === apply(reversed);
      }),
    );
  });
});
