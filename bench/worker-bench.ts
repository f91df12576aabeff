// npm run bench:worker: the webhook benchmark of `npm run bench` (signed POST /webhook, a unique wamid
// each, one of 2,000 customers) against the Worker + Durable Object in the local Workers runtime
// (workerd through Miniflare, object storage persisted to a temp dir), printed next to the Node bot's
// figures from the same run. Node runs first, then workerd, so they never share the two cores.
// workerd is not Cloudflare's network: its numbers say what one object costs locally, not what a
// deployment does (the Worker and the object are then on different machines, the object's storage is
// replicated before each answer; see the README's limits).
import { cpus } from "node:os";
import type autocannon from "autocannon";
import { BENCH_PHONE_NUMBER_ID, BENCH_SECRET, startBot, startFakeGraph } from "../test/kit/bot-process.js";
import { startWorkerRuntime } from "../test/kit/miniflare.js";
import { DURATION_S, drained, load } from "./webhook-load.js";

type Figures = { saturation: string; fixed: string; processed: string };

/** Warm-up, saturation (50 connections), then Meta's sizing of 320 req/s (20 connections). */
async function measure(url: string): Promise<Figures> {
  await load(url, { connections: 10 }).catch(() => undefined); // warm-up (JIT, page cache)
  await drained(url, performance.now(), 0);
  const satStart = performance.now();
  const saturation = await load(url, { connections: 50 });
  const satDrain = await drained(url, satStart, saturation.requests.total);
  const fixed = await load(url, { connections: 20, overallRate: 320 });
  await drained(url, performance.now(), 0);
  const line = (r: autocannon.Result) =>
    `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`;
  return {
    saturation: line(saturation),
    fixed: line(fixed),
    processed: `${satDrain.events} in ${satDrain.seconds.toFixed(1)} s = ${Math.round(satDrain.events / satDrain.seconds)}/s`,
  };
}

async function measureNode(): Promise<Figures> {
  const graph = await startFakeGraph();
  const bot = await startBot({ port: 3902, graphUrl: graph.url });
  try {
    return await measure(bot.url);
  } finally {
    await bot.stop();
    await graph.close();
  }
}

async function measureWorker(): Promise<Figures> {
  const worker = await startWorkerRuntime({
    numbers: [BENCH_PHONE_NUMBER_ID],
    port: 0,
    vars: { WHATSAPP_APP_SECRET: BENCH_SECRET, LOG_LEVEL: "error" },
  });
  try {
    return await measure(worker.url);
  } finally {
    await worker.dispose();
  }
}

async function main() {
  const node = process.env.BENCH_SKIP_NODE === "1" ? null : await measureNode();
  const worker = await measureWorker();
  const date = new Date().toISOString().slice(0, 10);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `\nWebhook benchmark, Node vs Workers · ${date} · ${cpus().length} × ${cpu} · Node ${process.version} · ${DURATION_S} s per run`,
  );
  console.log("| measure | Node (better-sqlite3, WAL, FULL) | Worker + Durable Object (local workerd) |");
  console.log("| --- | --- | --- |");
  const rows: Array<[string, keyof Figures]> = [
    ["saturation (50 connections)", "saturation"],
    ["fixed 320 req/s (20 connections)", "fixed"],
    ["events filed after the saturation run", "processed"],
  ];
  for (const [label, key] of rows) console.log(`| ${label} | ${node?.[key] ?? "skipped"} | ${worker[key]} |`);
}

await main();
