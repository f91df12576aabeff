// The production entry (src/runtime/node/main.ts) as an operator runs it: a child process whose HTTP thread
// answers Meta while the Inbox core runs on a thread of its own. Everything else tests the core in one
// process; this is the only test of the hop between the two threads, of startup failing cleanly, and of
// a SIGTERM that drains both.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { countAtLeast } from "../src/runtime/node/ack-timings.js";
import { databasePath, journalPath } from "../src/store/open-node.js";
import { freePort, healthz, killHard, openReadOnly, postWebhook, textBody, waitFor } from "./kit/bot-http.js";
import { BENCH_PHONE_NUMBER_ID, type BotProcess, botCommand, startBot } from "./kit/bot-process.js";

/** A Graph API that records each message's recipient and text and answers like Meta. */
async function recordingGraph() {
  const sent: { to: string; text: string }[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const body = JSON.parse(raw) as {
        to?: string;
        text?: { body?: string };
        interactive?: { body?: { text?: string } };
      };
      // A notice with reply buttons (SPEC §12) is read by its body, like a text.
      sent.push({ to: body.to ?? "", text: body.text?.body ?? body.interactive?.body?.text ?? "" });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ messaging_product: "whatsapp", messages: [{ id: `wamid.T.${sent.length}` }] }),
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, sent, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ADA = "15550000001";
/** Staff are written to at the number INBOX_ADMINS gave (the default admin is ada:+15550000001). */
const toAda = (m: { to: string }) => m.to.replace(/^\+/, "") === ADA;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A recording Graph API and an empty DATA_DIR, both removed after the test. */
async function graphAndDataDir(prefix: string) {
  const graph = await recordingGraph();
  cleanups.push(graph.close);
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { graph, dataDir };
}

async function start(dataDir: string, graphUrl: string): Promise<BotProcess> {
  const bot = await startBot({ port: await freePort(), graphUrl, dataDir, env: { LOG_LEVEL: "warn" } });
  cleanups.push(() => bot.stop());
  return bot;
}

describe("node.ts: HTTP thread + Inbox thread", () => {
  it("stores, answers, files and sends across the threads; SIGTERM drains both and a restart keeps everything", async () => {
    const { graph, dataDir } = await graphAndDataDir("inbox-entry-");
    const bot = await start(dataDir, graph.url);

    const whoami = textBody(ADA, "wamid.entry.1", "/whoami");
    expect(await postWebhook(bot.url, whoami)).toBe(200);
    expect(await postWebhook(bot.url, whoami)).toBe(200); // a redelivery: stored once, answered once
    const unsigned = await fetch(`${bot.url}/webhook`, { method: "POST", body: whoami });
    expect(unsigned.status).toBe(401);
    expect(await postWebhook(bot.url, textBody("15558000001", "wamid.entry.2", "Hello", "Ann"))).toBe(200);

    expect(
      await waitFor(async () => graph.sent.some((m) => toAda(m) && m.text.includes("@ada")), 10_000),
    ).toBe(true);
    expect(await waitFor(async () => (await healthz(bot.url)).eventsPending === 0, 10_000)).toBe(true);
    const health = await healthz(bot.url);
    expect(health).toMatchObject({ ok: true, eventsPending: 0, sending: "ok" });
    // Three signed bodies were journaled (the unsigned one never was), each in a commit that was timed.
    const commits = health.acknowledgements?.journalCommitMs;
    expect(commits && countAtLeast(commits, undefined, 0)).toBe(3);
    // The new customer is announced to Ada (the only staff member).
    expect(
      await waitFor(async () => graph.sent.some((m) => toAda(m) && m.text.startsWith("#1")), 10_000),
    ).toBe(true);
    expect(graph.sent.filter((m) => m.text.includes("@ada"))).toHaveLength(1);

    bot.child.kill("SIGTERM");
    const [code] = (await once(bot.child, "exit")) as [number | null];
    expect(code).toBe(0);
    // A clean stop leaves nothing to replay: every journal entry was copied durably and forgotten.
    const journal = openReadOnly(journalPath(dataDir, BENCH_PHONE_NUMBER_ID));
    expect(journal.prepare("select count(*) as n from received").get()).toEqual({ n: 0 });
    journal.close();

    const again = await start(dataDir, graph.url);
    const before = graph.sent.length;
    expect(await postWebhook(again.url, textBody(ADA, "wamid.entry.3", "/show #1"))).toBe(200);
    expect(
      await waitFor(
        async () => graph.sent.slice(before).some((m) => toAda(m) && m.text.startsWith("#1")),
        10_000,
      ),
    ).toBe(true);
  });

  it("files every body it answered 200 after a SIGKILL, each once", async () => {
    const { graph, dataDir } = await graphAndDataDir("inbox-entry-kill-");
    const bot = await start(dataDir, graph.url);

    const bodies = Array.from({ length: 300 }, (_, i) =>
      textBody(`1555900${String(i % 30).padStart(4, "0")}`, `wamid.kill.${i}`, `Message ${i}`),
    );
    const statuses = await Promise.all(bodies.map((body) => postWebhook(bot.url, body)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(300);
    await killHard(bot); // at once: bodies may be in the journal only, or copied and not yet filed

    const again = await start(dataDir, graph.url);
    expect(await waitFor(async () => (await healthz(again.url)).eventsPending === 0, 20_000)).toBe(true);
    const db = openReadOnly(databasePath(dataDir, BENCH_PHONE_NUMBER_ID));
    cleanups.push(() => {
      db.close();
    });
    const filed = db.prepare("select count(*) as n from messages where wamid like 'wamid.kill.%'").get();
    expect(filed).toEqual({ n: 300 });
    const states = db.prepare("select state, count(*) as n from raw_events group by state").all();
    expect(states).toEqual([{ state: "done", n: 300 }]);
  });

  it("refuses to start a second bot on a DATA_DIR in use, before it sends anything; the first goes on", async () => {
    const { graph, dataDir } = await graphAndDataDir("inbox-entry-twice-");
    const first = await start(dataDir, graph.url);
    // The second bot, on a port of its own, with its log (stdout) kept: it must say why it stops.
    const { args, env } = botCommand({ port: await freePort(), graphUrl: graph.url, dataDir });
    const second = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    cleanups.push(() => {
      if (second.exitCode === null) second.kill("SIGKILL");
    });
    let log = "";
    second.stdout.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    const [code] = (await once(second, "exit")) as [number | null];
    expect(code).toBe(1);
    expect(log).toContain("inbox could not start");
    expect(log).toContain("is in use by another process: another bot is running on this DATA_DIR");
    expect(await postWebhook(first.url, textBody(ADA, "wamid.twice.1", "/whoami"))).toBe(200);
    expect(
      await waitFor(async () => graph.sent.some((m) => toAda(m) && m.text.includes("@ada")), 10_000),
    ).toBe(true);
    expect(graph.sent).toHaveLength(1);
  });

  it("refuses to start, with a reason and exit code 1, when the Inbox thread cannot open its database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "inbox-entry-bad-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const notADirectory = join(dir, "file");
    writeFileSync(notADirectory, "");
    await expect(
      startBot({ port: await freePort(), graphUrl: "http://127.0.0.1:9", dataDir: notADirectory }),
    ).rejects.toThrow(/exited with 1/);
  });
});
