// `npm run backup` against the real bot under load (SPEC §15, §17.20): the backup script runs as its own
// process while webhooks keep arriving; its copy, put in place in a fresh DATA_DIR, is started as the
// restore steps say, and must hold every conversation whose webhook got its 200 before the backup began.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal } from "../src/runtime/node/journal.js";
import { databasePath, journalPath, openNodeDatabase } from "../src/store/open-node.js";
import {
  freePort,
  healthz,
  nextWamid,
  openReadOnly,
  postWebhook,
  textBody,
  waitFor,
} from "./kit/bot-http.js";
import {
  BENCH_PHONE_NUMBER_ID,
  BENCH_SECRET,
  type BotProcess,
  startBot,
  startFakeGraph,
} from "./kit/bot-process.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs scripts/backup.ts as the operator would (npm run backup -- <folder>), with the bot's environment.
 * `began` is called when the script says it began, the moment from which it promises everything.
 */
function runBackup(
  env: Record<string, string>,
  folder: string,
  began: () => void = () => {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/backup.ts", folder], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let told = false;
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (!told && out.includes(": began ")) {
        told = true;
        began();
      }
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** Posts from `workers` customers at once until stopped; each body that got 200 is recorded, in order. */
function load(url: string, workers: number, limit: number) {
  const acked: string[] = [];
  let stopped = false;
  let sent = 0;
  const runs = Array.from({ length: workers }, async (_, w) => {
    while (!stopped && sent < limit) {
      sent += 1;
      const wamid = nextWamid(`B${w}`);
      // One customer per body: each acknowledged body is a conversation of its own.
      const status = await postWebhook(
        url,
        textBody(`1555${String(8_000_000 + sent)}`, wamid, `order ${sent}`),
      );
      if (status === 200) acked.push(wamid);
    }
  });
  return {
    acked,
    stop: async () => {
      stopped = true;
      await Promise.all(runs);
    },
  };
}

describe("npm run backup", () => {
  it("copies a running bot under load; restored, it has every conversation acknowledged before it began", async () => {
    const graph = await startFakeGraph();
    cleanups.push(() => graph.close());
    const dataDir = tempDir("inbox-live-");
    const port = await freePort();
    const bot: BotProcess = await startBot({
      port,
      graphUrl: graph.url,
      dataDir,
      env: { LOG_LEVEL: "warn" },
    });
    cleanups.push(() => bot.stop());

    const traffic = load(bot.url, 4, 4000);
    expect(await waitFor(async () => traffic.acked.length >= 300, 30_000, 20)).toBe(true);
    const folder = tempDir("inbox-backup-");
    let ackedBefore: string[] = [];
    const backup = await runBackup(
      { DATA_DIR: dataDir, PORT: String(port), WHATSAPP_APP_SECRET: BENCH_SECRET },
      folder,
      () => {
        ackedBefore = [...traffic.acked];
      },
    );
    const ackedDuring = traffic.acked.length - ackedBefore.length;
    await traffic.stop();
    await bot.stop();

    expect(backup.code, backup.out).toBe(0);
    expect(ackedBefore.length).toBeGreaterThanOrEqual(300);
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    const file = files[0] ?? "";
    expect(file).toMatch(new RegExp(`^inbox-${BENCH_PHONE_NUMBER_ID}-\\d{8}T\\d{6}Z\\.db$`));
    expect(backup.out).toContain(join(folder, file));
    // The backup really ran while the bot was busy, not after the load had ended.
    expect(ackedDuring).toBeGreaterThan(0);

    // Restore: the bot is stopped; the copy goes in place in a fresh DATA_DIR; start.
    const restoredDir = tempDir("inbox-restored-");
    copyFileSync(join(folder, file), join(restoredDir, `inbox-${BENCH_PHONE_NUMBER_ID}.db`));
    const restored = await startBot({
      port: await freePort(),
      graphUrl: graph.url,
      dataDir: restoredDir,
      env: { LOG_LEVEL: "warn" },
    });
    cleanups.push(() => restored.stop());
    expect(await waitFor(async () => (await healthz(restored.url)).eventsPending === 0, 30_000)).toBe(true);
    await restored.stop();

    const db = openReadOnly(join(restoredDir, `inbox-${BENCH_PHONE_NUMBER_ID}.db`));
    try {
      const filed = db.prepare(
        "SELECT m.wamid FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.direction = 'in'",
      );
      const inCopy = new Set((filed.all() as { wamid: string }[]).map((r) => r.wamid));
      const missing = ackedBefore.filter((wamid) => !inCopy.has(wamid));
      expect(missing).toEqual([]);
      expect(inCopy.size).toBeGreaterThanOrEqual(ackedBefore.length);
    } finally {
      db.close();
    }
  }, 120_000);

  it("with no bot running, copies each database and the receipt journal a crash left", async () => {
    const dataDir = tempDir("inbox-stopped-");
    const inbox = openNodeDatabase(databasePath(dataDir, BENCH_PHONE_NUMBER_ID));
    inbox.close();
    const journal = new Journal(journalPath(dataDir, BENCH_PHONE_NUMBER_ID));
    journal.sqlite.transaction(() => journal.append('{"left":"by a crash"}', "sha-left", Date.now()))();
    journal.close();
    const folder = tempDir("inbox-backup-");
    const port = await freePort();
    const backup = await runBackup(
      { DATA_DIR: dataDir, PORT: String(port), WHATSAPP_APP_SECRET: BENCH_SECRET },
      folder,
    );
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain(`No bot answers on port ${port}`);
    const files = readdirSync(folder).sort();
    expect(files.map((f) => f.replace(/\d{8}T\d{6}Z/, "<time>"))).toEqual([
      `inbox-${BENCH_PHONE_NUMBER_ID}-<time>.db`,
      `journal-${BENCH_PHONE_NUMBER_ID}-<time>.db`,
    ]);
    const copy = openReadOnly(join(folder, files[1] ?? ""));
    try {
      expect(copy.prepare("SELECT body FROM received").all()).toEqual([{ body: '{"left":"by a crash"}' }]);
    } finally {
      copy.close();
    }
  });
});
