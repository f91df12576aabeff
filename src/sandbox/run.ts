// `npm start` without secrets: runs the sandbox until Ctrl-C. Loaded by runtime/node/main.ts only when
// wantsSandbox(env) is true.
import { startSandbox } from "./sandbox.js";

/** Never resolves: the process ends on SIGINT/SIGTERM (or exits 1 if the sandbox cannot start). */
export async function runSandbox(env: Record<string, string | undefined>): Promise<never> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({ env });
  } catch (error) {
    process.stderr.write(`Sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  out("");
  out("No WHATSAPP_* secrets are set, so this is the SANDBOX: the real bot with a simulated Meta.");
  out(`  Open ${sandbox.url}`);
  out(
    `  Data: ${sandbox.config.dataDir} (fresh on every start). To run for real, set the four WHATSAPP_* secrets.`,
  );
  out("  Ctrl-C to stop.");
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  return new Promise<never>(() => {});
}
