// Outbound delivery states only move forward: sent < delivered < read < played. Status webhooks arrive
// out of order and duplicated (reference §3), so every update goes through advanceStatus.
export type OutboundStatus = "pending" | "sent" | "delivered" | "read" | "played" | "failed";

const RANK: Record<OutboundStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 1,
};

/** The status to keep when `next` arrives while `current` is stored. */
export function advanceStatus(current: string | null, next: OutboundStatus): OutboundStatus {
  const cur = isOutboundStatus(current) ? current : "pending";
  // failed is terminal for that attempt; and a message already delivered cannot have failed after.
  if (cur === "failed") return cur;
  if (next === "failed") return RANK[cur] <= RANK.sent ? "failed" : cur;
  return RANK[next] > RANK[cur] ? next : cur;
}

export function isOutboundStatus(value: string | null): value is OutboundStatus {
  return value !== null && value in RANK;
}
