// The mixed-workload benchmark with auto-assignment off and on, in turns in one run (SPEC §13: "the
// mixed-workload benchmark with auto_assign balanced on stays within 10 % of it off"). Every new customer
// then goes to one of 20 agents at once, inside the transaction that files the message.
// npx tsx bench/auto-assign-mixed.ts [rounds]
import { runMixedBench } from "./mixed-bench.js";

const rounds = Number(process.argv[2] ?? 2);
const results: Record<string, number[]> = { off: [], balanced: [] };
for (let round = 0; round < rounds; round++) {
  for (const mode of ["off", "balanced"] as const) {
    const r = await runMixedBench({ autoAssign: mode });
    results[mode]?.push(r.eventsPerSecond);
    console.log(
      `round ${round + 1}, auto_assign ${mode}: ${Math.round(r.eventsPerSecond)} events/s, ${r.sent} sends, ${r.autoAssigned} handed out`,
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const off = median(results.off ?? []);
const on = median(results.balanced ?? []);
console.log(
  `median: off ${Math.round(off)} events/s, balanced ${Math.round(on)} events/s (${((on / off - 1) * 100).toFixed(1)} %)`,
);
