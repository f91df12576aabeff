// npm run proof: the crash, fault and (short) soak proofs of issue 7 in one go, each against the real
// bot as a child process on 127.0.0.1. About eight minutes; each part stops by itself. The full soak is
// `SOAK_MINUTES=10 npx tsx proof/soak.ts`; the model-based and hostile-input proofs run in `npm test`.
import { runCrashProof } from "./crash.js";
import { runFaultsProof } from "./faults.js";
import { runSoakProof } from "./soak.js";

const parts: Array<[string, () => Promise<{ text: string; ok: boolean }>]> = [
  ["crash", runCrashProof],
  ["faults", runFaultsProof],
  ["soak", () => runSoakProof(Number(process.env.SOAK_MINUTES ?? 1))],
];

const failed: string[] = [];
for (const [name, run] of parts) {
  const started = Date.now();
  const result = await run();
  console.log(`${result.text}\n(${name}: ${Math.round((Date.now() - started) / 1000)} s)\n`);
  if (!result.ok) failed.push(name);
}
console.log(failed.length === 0 ? "All proofs passed." : `Failed: ${failed.join(", ")}`);
process.exitCode = failed.length === 0 ? 0 : 1;
