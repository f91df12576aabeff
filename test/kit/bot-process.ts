// Starts the real bot (`src/runtime/node/main.ts`) as a child process on 127.0.0.1 with a fake Graph API
// beside it, for benchmarks and crash tests. Everything stops by itself when the caller calls stop().
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BENCH_SECRET = "bench-app-secret";
export const BENCH_PHONE_NUMBER_ID = "106540352242922";

export type FakeGraph = { url: string; sent: () => number; close: () => Promise<void> };

/** Answers every send like Meta does, with a fresh wamid. */
export async function startFakeGraph(): Promise<FakeGraph> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ messaging_product: "whatsapp", messages: [{ id: `wamid.FAKE.${count}` }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type BotProcess = { url: string; child: ChildProcess; dataDir: string; stop: () => Promise<void> };

export type BotOptions = { port: number; graphUrl: string; dataDir: string; env?: Record<string, string> };

/** The command and environment that run the real entry (src/runtime/node/main.ts) as a bot for these options. */
export function botCommand(options: BotOptions): { args: string[]; env: Record<string, string> } {
  // BOT_NODE_ARGS passes flags to the bot's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.BOT_NODE_ARGS ?? "").split(" ").filter(Boolean);
  return {
    args: [...nodeArgs, "--import", "tsx", botEntry()],
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      WHATSAPP_APP_SECRET: BENCH_SECRET,
      WHATSAPP_VERIFY_TOKEN: "bench",
      WHATSAPP_ACCESS_TOKEN: "bench-token",
      WHATSAPP_PHONE_NUMBER_ID: BENCH_PHONE_NUMBER_ID,
      GRAPH_API_URL: options.graphUrl,
      INBOX_ADMINS: "ada:+15550000001",
      LOG_LEVEL: "info",
      ...options.env,
    },
  };
}

/**
 * BOT_DIR runs the bot of another checkout (an A/B benchmark: the same load against two commits); its
 * entry is found where either layout keeps it.
 */
function botEntry(): string {
  const dir = process.env.BOT_DIR;
  if (dir === undefined) return "src/runtime/node/main.ts";
  const current = join(dir, "src/runtime/node/main.ts");
  return existsSync(current) ? current : join(dir, "src/runtime/node.ts");
}

export async function startBot(
  options: Omit<BotOptions, "dataDir"> & { dataDir?: string },
): Promise<BotProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "inbox-bench-"));
  const { args, env } = botCommand({ ...options, dataDir });
  const child = spawn(process.execPath, args, {
    env,
    // The bot's own checkout, so its `tsx` and migrations/ are the ones it was written with.
    ...(process.env.BOT_DIR ? { cwd: process.env.BOT_DIR } : {}),
    stdio: ["ignore", process.env.BOT_STDOUT ? "inherit" : "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitForHealth(url, child);
  return {
    url,
    child,
    dataDir,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("bot did not become healthy in 30 s");
}

export type Health = { ok: boolean; eventsPending: number; outboxPending: number; heldNotifications: number };

export async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}
