// npm run bench: signed POST /webhook with unique message ids against the real bot on 127.0.0.1,
// durable storage on (WAL + synchronous=FULL). Prints req/s at saturation, p50/p99 at Meta's sizing of
// 320 req/s, and how fast the stored events were processed. The load generator runs in this process,
// the bot in a child process: one core each on a 2-core machine.
import { createHmac } from "node:crypto";
import { cpus } from "node:os";
import autocannon from "autocannon";
import { BENCH_PHONE_NUMBER_ID, BENCH_SECRET, health, startBot, startFakeGraph } from "./bot-process.js";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
let sequence = 0;

/** A Meta-shaped body with one text message from one of 2,000 customers; each call a new wamid. */
function nextBody(): string {
  sequence += 1;
  const customer = 15_550_100_000 + (sequence % 2000);
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: BENCH_PHONE_NUMBER_ID },
              contacts: [{ profile: { name: `Customer ${customer}` }, wa_id: String(customer) }],
              messages: [
                {
                  from: String(customer),
                  id: `wamid.BENCH.${process.pid}.${sequence}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: `Hello, this is message ${sequence}. Is my order ready?` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

function signedRequest(request: autocannon.Request): autocannon.Request {
  const body = nextBody();
  request.body = body;
  request.headers = {
    "content-type": "application/json",
    "x-hub-signature-256": `sha256=${createHmac("sha256", BENCH_SECRET).update(body).digest("hex")}`,
  };
  return request;
}

async function load(url: string, options: { connections: number; overallRate?: number }) {
  const result = await autocannon({
    url: `${url}/webhook`,
    method: "POST",
    connections: options.connections,
    duration: DURATION_S,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [{ method: "POST", setupRequest: signedRequest }],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`non-2xx: ${result.non2xx}, errors: ${result.errors}: the numbers would be meaningless`);
  }
  return result;
}

async function drained(url: string, startedAt: number, sent: number) {
  for (;;) {
    const h = await health(url);
    if (h.eventsPending === 0) return { events: sent, seconds: (performance.now() - startedAt) / 1000 };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main() {
  const graph = await startFakeGraph();
  const bot = await startBot({ port: 3901, graphUrl: graph.url });
  try {
    await load(bot.url, { connections: 10 }).catch(() => undefined); // warm-up (JIT, page cache)
    await drained(bot.url, performance.now(), 0);

    const satStart = performance.now();
    const saturation = await load(bot.url, { connections: 50 });
    const satDrain = await drained(bot.url, satStart, saturation.requests.total);

    const fixed = await load(bot.url, { connections: 20, overallRate: 320 });
    await drained(bot.url, performance.now(), 0);

    const date = new Date().toISOString().slice(0, 10);
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    console.log(
      `\nWebhook benchmark · ${date} · ${cpus().length} × ${cpu} · Node ${process.version} · ${DURATION_S} s per run`,
    );
    console.log("| measure | value |");
    console.log("| --- | --- |");
    console.log(
      `| saturation (50 connections) | ${Math.round(saturation.requests.average)} req/s, p50 ${saturation.latency.p50} ms, p99 ${saturation.latency.p99} ms |`,
    );
    console.log(
      `| fixed 320 req/s (20 connections) | ${Math.round(fixed.requests.average)} req/s, p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms |`,
    );
    console.log(
      `| processed after saturation run | ${satDrain.events} events in ${satDrain.seconds.toFixed(1)} s = ${Math.round(satDrain.events / satDrain.seconds)} events/s (stored + filed) |`,
    );
    console.log(`| messages sent to the fake Graph API | ${graph.sent()} |`);
  } finally {
    await bot.stop();
    await graph.close();
  }
}

await main();
