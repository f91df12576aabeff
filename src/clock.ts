// Time is injected everywhere (DESIGN invariant 5): the window depends on it and tests move it.
export type Clock = { now: () => number };

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests (and the sandbox) can move forward. */
export function manualClock(
  start = Date.UTC(2026, 0, 15, 9, 0, 0),
): Clock & { advance: (ms: number) => void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
  };
}
