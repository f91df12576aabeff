// Talking to the real bot (bot-process.ts) from outside, as Meta and an operator do: signed webhook
// bodies, /healthz, a hard kill, and a read-only look at its database file.
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import Database from "better-sqlite3";
import type { HealthReport } from "../../src/http/app.js";
import { BENCH_SECRET, type BotProcess } from "./bot-process.js";
import { makeTextWebhook } from "./fixtures.js";

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
