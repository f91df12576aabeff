// What the proof scripts share: the real bot as a child process (test/kit/bot-process.ts) on 127.0.0.1,
// signed webhook bodies, /healthz, a read-only look at the database file, and table printing.
import { execSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import Database from "better-sqlite3";
import type { HealthReport } from "../src/http/app.js";
import { BENCH_PHONE_NUMBER_ID, BENCH_SECRET, type BotProcess, startBot } from "../test/kit/bot-process.js";
import { makeTextWebhook } from "../test/kit/fixtures.js";

export { BENCH_PHONE_NUMBER_ID, type BotProcess };

/** A port nobody listens on right now (127.0.0.1 only). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The bot on a fresh port, on `dataDir`, talking to the fake Graph API at `graphUrl`. */
export async function startProofBot(options: { graphUrl: string; dataDir: string; admins: string }) {
  return startBot({
    port: await freePort(),
    graphUrl: options.graphUrl,
    dataDir: options.dataDir,
    env: { INBOX_ADMINS: options.admins, LOG_LEVEL: "warn" },
  });
}

/** SIGKILL: no shutdown handler runs, nothing is flushed; only what SQLite committed survives. */
export async function killHard(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  const exited = new Promise((resolve) => bot.child.once("exit", resolve));
  bot.child.kill("SIGKILL");
  await exited;
}

let sequence = 0;
/** A unique wamid for this run of the script. */
export function nextWamid(prefix: string): string {
  sequence += 1;
  return `wamid.${prefix}.${process.pid}.${sequence}`;
}

/** A Meta-shaped text message from `from` (digits), timestamped now. */
export function textBody(from: string, id: string, text: string, name?: string): string {
  const timestamp = Math.floor(Date.now() / 1000);
  return JSON.stringify(makeTextWebhook({ from, id, text, timestamp, ...(name ? { name } : {}) }));
}

export function signature(body: string): string {
  return `sha256=${createHmac("sha256", BENCH_SECRET).update(body).digest("hex")}`;
}

/** POSTs a signed body; the status, or null when no answer came (connection refused or reset). */
export async function postWebhook(url: string, body: string): Promise<number | null> {
  try {
    const res = await fetch(`${url}/webhook`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-hub-signature-256": signature(body) },
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

export async function healthz(url: string): Promise<HealthReport> {
  return (await (await fetch(`${url}/healthz`)).json()) as HealthReport;
}

/** Polls until `done` says so or `timeoutMs` passes; returns whether it got there. */
export async function waitFor(
  done: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The number's database file, opened read-only: looking must not checkpoint or repair anything. */
export function openReadOnly(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
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
