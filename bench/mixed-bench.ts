// npm run bench (second part): the pipeline's Inbox side under a mixed workload, in process, on a
// database file with the production settings; bodies go straight to filing, to measure filing alone. Customers write (new and returning), staff run commands (/new, /assign,
// /reply, /show) and Meta reports statuses for what the bot sent. Prints processed events per second.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "../src/clock.js";
import { parseConfig } from "../src/config.js";
import { silentLogger } from "../src/log.js";
import { startPipeline } from "../src/runtime/node/pipeline.js";
import { makeStatusWebhook, makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../test/kit/fixtures.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const BATCH = 50; // the event pump processes what arrived together in one transaction
const AGENTS = 20;

/** Auto-assignment's mode for the run (SPEC §13); `off` is the benchmark as it always ran. */
export type MixedBenchOptions = { autoAssign?: "off" | "round_robin" | "balanced" };

/** Agents who only exist to be handed conversations: on the staff list, never typing commands. */
const TAKERS = 20;

export async function runMixedBench(options: MixedBenchOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "inbox-mixed-"));
  const parsed = parseConfig({
    WHATSAPP_APP_SECRET: "s",
    WHATSAPP_VERIFY_TOKEN: "v",
    WHATSAPP_ACCESS_TOKEN: "t",
    WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
    INBOX_ADMINS: Array.from(
      { length: AGENTS },
      (_, i) => `agent${i}:+1555000${String(i).padStart(4, "0")}`,
    ).join(","),
    DATA_DIR: dataDir,
  });
  if (!parsed.ok) throw new Error("bad bench config");
  const clock = manualClock(Date.now());
  let sent = 0;
  const bot = await startPipeline({
    config: parsed.config,
    log: silentLogger,
    inbox: {
      clock,
      timers: false,
      // The Graph API answers at once: this measures the inbox, not the network.
      fetch: async () => {
        sent += 1;
        return new Response(JSON.stringify({ messages: [{ id: `wamid.SENT.${sent}` }] }), {
          headers: { "content-type": "application/json" },
        });
      },
    },
  });
  if (bot.local === null) throw new Error("the bench's Inbox side runs in this process");
  const node = bot.local;
  node.sqlite.pragma("synchronous = NORMAL"); // as the group committer leaves it for processing

  let seq = 0;
  let conversationsSeen = 0;
  const ts = () => Math.floor(clock.now() / 1000);
  const agentPhone = (i: number) => `1555000${String(i % AGENTS).padStart(4, "0")}`;
  /** The next event of the mix: 50% customer text, 20% staff command, 30% status. */
  function nextBody(): unknown {
    seq += 1;
    const roll = seq % 10;
    if (roll < 5) {
      const customer = 16_000_000_000 + (seq % 3000);
      conversationsSeen = Math.max(conversationsSeen, Math.min(3000, seq));
      return makeTextWebhook({
        from: String(customer),
        id: `wamid.C.${seq}`,
        text: `Where is order ${seq}?`,
        timestamp: ts(),
        name: "Customer",
      });
    }
    if (roll < 7) {
      const n = 1 + (seq % Math.max(1, Math.min(conversationsSeen, 3000)));
      const commands = [
        `/assign me #${n}`,
        `/reply #${n} Your order ships today.`,
        "/new",
        `/show #${n}`,
        "/mine",
      ];
      const text = commands[seq % commands.length] ?? "/new";
      return makeTextWebhook({ from: agentPhone(seq), id: `wamid.S.${seq}`, text, timestamp: ts() });
    }
    return makeStatusWebhook({
      id: `wamid.SENT.${1 + (seq % Math.max(1, sent))}`,
      status: ["delivered", "read"][seq % 2] ?? "read",
      timestamp: ts(),
      recipientId: "16000000000",
    });
  }

  // Every agent writes once first, so their 24 h window is open and answers go out as text.
  for (let i = 0; i < AGENTS; i++) {
    const body = JSON.stringify(
      makeTextWebhook({ from: agentPhone(i), id: `wamid.hello.${i}`, text: "/whoami", timestamp: ts() }),
    );
    node.inbox.processEvent(
      node.inbox.storeRawEvent(body, createHash("sha256").update(body).digest("hex")).id,
    );
  }

  // The same staff in every mode: TAKERS agents join (and open their window) whatever the setting, so a
  // run with auto-assignment differs from one without only by the setting.
  const command = (from: string, text: string) => {
    seq += 1;
    const body = JSON.stringify(makeTextWebhook({ from, id: `wamid.setup.${seq}`, text, timestamp: ts() }));
    node.inbox.processEvent(
      node.inbox.storeRawEvent(body, createHash("sha256").update(body).digest("hex")).id,
    );
  };
  for (let i = 0; i < TAKERS; i++) {
    const phone = `1555100${String(i).padStart(4, "0")}`;
    command(agentPhone(0), `/staff add +${phone} taker${i} agent`);
    command(phone, "/whoami");
  }
  if (options.autoAssign && options.autoAssign !== "off") {
    command(agentPhone(0), `/set auto_assign ${options.autoAssign}`);
  }
  await node.dispatcher.runOnce();

  const started = performance.now();
  let processed = 0;
  let sendTime = 0;
  while (processed < EVENTS) {
    const batch = Array.from({ length: BATCH }, () => {
      const text = JSON.stringify(nextBody());
      return { id: node.inbox.storeRawEvent(text, createHash("sha256").update(text).digest("hex")).id };
    });
    node.inbox.processEvents(batch);
    processed += batch.length;
    clock.advance(200);
    if (processed % 1000 === 0) {
      const s = performance.now();
      await node.dispatcher.runOnce();
      sendTime += performance.now() - s;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const autoAssigned = node.sqlite
    .prepare("select count(*) as n from conversation_events where note like 'by auto-assignment%'")
    .get() as { n: number };
  await bot.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    events: processed,
    seconds,
    eventsPerSecond: processed / seconds,
    sent,
    sendSeconds: sendTime / 1000,
    autoAssigned: autoAssigned.n,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runMixedBench();
  console.log(
    `mixed workload: ${r.events} events in ${r.seconds.toFixed(1)} s = ${Math.round(r.eventsPerSecond)} events/s (incl. ${r.sendSeconds.toFixed(1)} s dispatching ${r.sent} sends)`,
  );
}
