// What the proof scripts share: the real bot as a child process on 127.0.0.1 (test/kit/bot-process.ts,
// bot-http.ts), the machine and commit a run was made on, and table printing.
import { execSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { freePort } from "../test/kit/bot-http.js";
import { BENCH_PHONE_NUMBER_ID, type BotProcess, startBot } from "../test/kit/bot-process.js";

export * from "../test/kit/bot-http.js";
export { BENCH_PHONE_NUMBER_ID, type BotProcess };

/** The bot on a fresh port, on `dataDir`, talking to the fake Graph API at `graphUrl`. */
export async function startProofBot(options: { graphUrl: string; dataDir: string; admins: string }) {
  return startBot({
    port: await freePort(),
    graphUrl: options.graphUrl,
    dataDir: options.dataDir,
    env: { INBOX_ADMINS: options.admins, LOG_LEVEL: "warn" },
  });
}

/** The commit the bot ran from, marked when src/ or migrations/ had uncommitted changes. */
function commit(): string {
  try {
    const head = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    const dirty = execSync("git status --porcelain -- src migrations", { encoding: "utf8" }).trim() !== "";
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return "unknown commit";
  }
}

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  // The load average says whether other work shared the cores while this ran.
  const load = loadavg()[0]?.toFixed(1) ?? "?";
  return `${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpu} · Node ${process.version} · ${commit()} · load average ${load} at start`;
}

/** A Markdown table, so the output can be pasted into the README as it is. */
export function table(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}
