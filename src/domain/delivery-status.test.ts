import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { advanceStatus, type OutboundStatus } from "./delivery-status.js";

describe("advanceStatus", () => {
  it.each([
    [null, "sent", "sent"],
    ["pending", "delivered", "delivered"],
    ["sent", "read", "read"],
    ["read", "delivered", "read"],
    ["read", "sent", "read"],
    ["delivered", "delivered", "delivered"],
    ["read", "played", "played"],
    ["played", "read", "played"],
    ["sent", "failed", "failed"],
    ["pending", "failed", "failed"],
    ["delivered", "failed", "delivered"],
    ["failed", "read", "failed"],
    ["garbage", "sent", "sent"],
  ] as const)("%s + %s → %s", (current, next, expected) => {
    expect(advanceStatus(current, next)).toBe(expected);
  });

  const statuses: OutboundStatus[] = ["sent", "delivered", "read", "played", "failed"];
  it("ends in the same state whatever order the webhooks arrive in", () => {
    fc.assert(
      fc.property(
        fc.subarray(
          statuses.filter((s) => s !== "failed"),
          { minLength: 1 },
        ),
        (seen) => {
          const orders = [seen, [...seen].reverse()];
          const finals = orders.map((order) =>
            order.reduce<OutboundStatus>((cur, s) => advanceStatus(cur, s), "pending"),
          );
          expect(finals[0]).toBe(finals[1]);
        },
      ),
    );
  });
});
