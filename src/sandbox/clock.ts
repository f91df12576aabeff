// The sandbox's clock, injected into the bot as its Clock. It is a manual clock that also runs: the bot
// paces sends per recipient (one every few seconds) and coalesces notifications by time, so a clock that
// stood still between jumps would hold those messages back forever. Jumps only go forward, like time.
import type { Clock } from "../clock.js";

export type SandboxClock = Clock & {
  advance: (ms: number) => void;
  /** How far the clock has been jumped ahead of real time. */
  offset: () => number;
};

export function sandboxClock(realNow: () => number = Date.now): SandboxClock {
  let offset = 0;
  return {
    now: () => realNow() + offset,
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the sandbox clock only moves forward");
      offset += ms;
    },
    offset: () => offset,
  };
}
