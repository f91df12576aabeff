// Retry timing and per-recipient pacing for the outbox. Pure: time and randomness are passed in.
import type { Clock } from "../clock.js";

export const RETRY_BASE_MS = 2_000;
export const RETRY_CAP_MS = 10 * 60_000;
/**
 * After this many failed attempts a row fails for good and its requester is told. With full jitter
 * (base 2 s, cap 10 min) twelve attempts span about 25 minutes on average and at most about an hour:
 * long enough to ride out a Meta blip, short enough that a staff member hears about it while the
 * conversation is still current (a reply delivered a day late is worse than a clear "not sent").
 * A Retry-After from Graph (429, 503) replaces the backoff for that attempt, up to an hour each
 * (graph-client.ts): a Graph that keeps asking for long waits stretches this, at its own request.
 */
export const MAX_ATTEMPTS = 12;

/**
 * "Full jitter" (AWS, reliability §B2): uniform in [0, min(cap, base · 2^(attempt-1))]. `attempt` is the
 * number of attempts that have failed so far (1 after the first failure). Randomness spreads retries of
 * many rows apart after an outage instead of hitting Meta in lockstep.
 */
export function nextAttemptDelay(attempt: number, random: () => number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

export const RECIPIENT_BACKOFF_CAP_MS = 15 * 60_000;

/** Meta's advice for 131056: "retry after 4^X seconds (starting with X=0 …)". */
export function recipientBackoff(x: number): number {
  const exponent = Math.max(0, Math.min(x, 10));
  return Math.min(RECIPIENT_BACKOFF_CAP_MS, 1000 * 4 ** exponent);
}

/** Meta's pair limit: about one message per 6 s to the same user; a short burst borrows from the future. */
export const PAIR_INTERVAL_MS = 6_000;
export const PAIR_BURST = 5;
/**
 * How far answers may push a bucket below zero. Debt makes notifications wait for it to be paid back;
 * without a floor, a staff member who keeps typing commands faster than one per 6 s would never hear of
 * a new customer again. With it, a notice waits at most (1 + debt) · 6 s = 36 s, and carries every
 * notice that piled up meanwhile (coalesced). If Meta disagrees, 131056 blocks the pair and the pacer
 * backs off.
 */
export const MAX_DEBT = PAIR_BURST;

type Bucket = { tokens: number; at: number; blockedUntil: number; backoffLevel: number };

export type RecipientPacer = {
  /** Takes a token if one is available now; false means "not yet, see nextAvailableAt". */
  tryTake: (recipient: string) => boolean;
  /**
   * Takes a token even when none is left (the answer to a staff member's own command goes at once).
   * The bucket goes into debt, so later notifications to that person wait for it: Meta counts every
   * message against the pair limit. Returns false only while a 131056 backoff is in force.
   */
  takeNow: (recipient: string) => boolean;
  /**
   * When the next token (and the end of any 131056 backoff) is due. For an answer, only the backoff
   * counts: answers go at once whatever the tokens (takeNow).
   */
  nextAvailableAt: (recipient: string, forAnswer?: boolean) => number;
  /** Meta said 131056: blocks the recipient for 4^X s, X growing with each consecutive one. Returns the delay. */
  penalize: (recipient: string) => number;
  /** A send got through: the 4^X sequence starts again at X = 0. */
  succeeded: (recipient: string) => void;
  /** A send that Meta refused or never got: the token it took at claim time goes back. */
  refund: (recipient: string) => void;
  /** Forgets recipients whose bucket is full and who are not backing off, so memory stays bounded. */
  prune: () => void;
  size: () => number;
};

export function createRecipientPacer(
  clock: Clock,
  options: { intervalMs?: number; burst?: number; maxDebt?: number } = {},
): RecipientPacer {
  const intervalMs = options.intervalMs ?? PAIR_INTERVAL_MS;
  const burst = options.burst ?? PAIR_BURST;
  const maxDebt = options.maxDebt ?? MAX_DEBT;
  const buckets = new Map<string, Bucket>();

  function refill(recipient: string): Bucket {
    const now = clock.now();
    const bucket = buckets.get(recipient) ?? { tokens: burst, at: now, blockedUntil: 0, backoffLevel: 0 };
    // A clock that steps back must not mint tokens or erase debt.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed / intervalMs);
    bucket.at = Math.max(bucket.at, now);
    buckets.set(recipient, bucket);
    return bucket;
  }

  return {
    tryTake(recipient) {
      const bucket = refill(recipient);
      if (bucket.blockedUntil > clock.now() || bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    takeNow(recipient) {
      const bucket = refill(recipient);
      if (bucket.blockedUntil > clock.now()) return false;
      bucket.tokens = Math.max(bucket.tokens - 1, -maxDebt);
      return true;
    },
    nextAvailableAt(recipient, forAnswer = false) {
      const bucket = refill(recipient);
      if (forAnswer) return Math.max(bucket.at, bucket.blockedUntil);
      const tokenAt =
        bucket.tokens >= 1 ? bucket.at : bucket.at + Math.ceil((1 - bucket.tokens) * intervalMs);
      return Math.max(tokenAt, bucket.blockedUntil);
    },
    penalize(recipient) {
      const bucket = refill(recipient);
      const delay = recipientBackoff(bucket.backoffLevel);
      bucket.backoffLevel += 1;
      bucket.tokens = Math.min(bucket.tokens, 0);
      bucket.blockedUntil = clock.now() + delay;
      return delay;
    },
    succeeded(recipient) {
      const bucket = buckets.get(recipient);
      if (bucket !== undefined) bucket.backoffLevel = 0;
    },
    refund(recipient) {
      const bucket = buckets.get(recipient);
      if (bucket !== undefined) bucket.tokens = Math.min(burst, bucket.tokens + 1);
    },
    prune() {
      const now = clock.now();
      for (const [recipient, bucket] of buckets) {
        // A quarter of an hour with no new 131056 since the block ended: start the 4^X sequence over.
        if (bucket.blockedUntil + RECIPIENT_BACKOFF_CAP_MS <= now) bucket.backoffLevel = 0;
        const tokens = bucket.tokens + Math.max(0, now - bucket.at) / intervalMs;
        if (tokens >= burst && bucket.blockedUntil <= now && bucket.backoffLevel === 0)
          buckets.delete(recipient);
      }
    },
    size: () => buckets.size,
  };
}
