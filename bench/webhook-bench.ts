// npm run bench: signed POST /webhook with unique message ids against the real bot on 127.0.0.1,
// durable storage on (WAL + synchronous=FULL). Prints req/s at saturation, p50/p99 at Meta's sizing of
// 320 req/s, and how fast the stored events were processed. The load generator runs in this process,
// the bot in a child process: one core each on a 2-core machine.
import { cpus } from "node:os";
import { startBot, startFakeGraph } from "../test/kit/bot-process.js";
import { DURATION_S, drained, load } from "./webhook-load.js";

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
