// Issue 7, part 5: the soak. The real bot (child process, 127.0.0.1, durable storage on) takes mixed
// traffic at a fixed 320 req/s for SOAK_MINUTES (default 10): statuses, customers, staff commands.
// Every interval it records the bot's RSS (from /proc/<pid>/status, every second) and CPU, p50/p99
// latency, and the queues from /healthz; then it stops by itself. Memory growth is measured after a
// warm-up of the first fifth of the run. `SOAK_MINUTES=10 npx tsx proof/soak.ts`;
// SOAK_MIX=status,customer,staff (percent, default 50,35,15) changes the mix. It also draws the run
// (soak-chart.ts) to SOAK_CHART (default test-artifacts/soak-<minutes>min.png).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import type { AckTimings } from "../src/http/app.js";
import { countAtLeast, worstBetween } from "../src/runtime/node/ack-timings.js";
import { startFakeGraph } from "./fake-graph.js";
import { healthz, machine, postWebhook, startProofBot, table, textBody, waitFor } from "./harness.js";
import { LatencyWindows, type RssSample, writeSoakChart } from "./soak-chart.js";
import { createSoakTraffic, SOAK_ADMINS, SOAK_STAFF } from "./soak-traffic.js";

const RATE = 320;
// autocannon paces a fixed rate per connection in bursts: at 320 req/s over 32 connections it measured
// p99 112 ms against a server that answers at once (10 connections: 4 ms), so the soak uses 10.
const CONNECTIONS = 10;
/** Issue 7's targets. */
const P99_TARGET_MS = 25;
const GROWTH_TARGET = 0.1;

type Interval = {
  label: string;
  requests: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  /** RSS sampled every second: one reading lands anywhere in V8's heap cycle, the median does not. */
  rssMedian: number;
  rssMax: number;
  cpu: number;
  eventsPending: number;
  outboxPending: number;
  /** Journal commits (fsync included) of P99_TARGET_MS or more, and the slowest bucket reached. */
  slowCommits: number;
  worstCommit: string;
  /** Acknowledgements held for a filing backlog (any length), and the longest bucket reached. */
  holds: number;
  worstHold: string;
  /** Seconds in which the bot's HTTP event loop ran P99_TARGET_MS or more late, commits aside. */
  lateSeconds: number;
  worstLate: string;
  /** The machine's 1-minute load average: above 2 on two cores, other work was queueing for the CPU. */
  load: number;
};

/** Resident memory of a process in MB, as the kernel counts it. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line?.[1] === undefined ? Number.NaN : Number(line[1]) / 1024;
}

/** User + system CPU seconds the process has used (clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function runSoakProof(minutes: number): Promise<{ text: string; ok: boolean }> {
  const header = machine();
  // Short runs (npm run proof) are cut into 15 s intervals so the first can still be the warm-up.
  const intervalS = minutes >= 3 ? 60 : 15;
  const count = Math.max(2, Math.round((minutes * 60) / intervalS));
  const dataDir = mkdtempSync(join(tmpdir(), "inbox-soak-"));
  const graph = await startFakeGraph({ latencyMs: [20, 80] });
  const bot = await startProofBot({ graphUrl: graph.url, dataDir, admins: SOAK_ADMINS });
  const pid = bot.child.pid ?? 0;
  const [status = 50, customer = 35, staff = 15] = (process.env.SOAK_MIX ?? "")
    .split(",")
    .filter(Boolean)
    .map(Number);
  const traffic = createSoakTraffic(graph, { status, customer, staff });
  const intervals: Interval[] = [];
  const latency = new LatencyWindows();
  let startedAt = performance.now();
  const atS = () => (performance.now() - startedAt) / 1000;
  const rssSeries: RssSample[] = [];
  let acks: AckTimings | undefined;
  try {
    // Staff write once (their window opens), and the first customers arrive.
    for (const phone of SOAK_STAFF)
      await postWebhook(bot.url, textBody(phone, `wamid.hello.${phone}`, "/whoami"));
    for (let i = 0; i < 50; i++) await postWebhook(bot.url, traffic.nextBody());
    acks = (await healthz(bot.url)).acknowledgements;
    if (!acks) throw new Error("/healthz has no acknowledgement timings: not the Node entry?");
    startedAt = performance.now(); // the run's clock starts after the warm-up bodies
    for (let i = 0; i < count; i++) {
      const cpuBefore = cpuSeconds(pid);
      const rss: number[] = [];
      const sampler = setInterval(() => {
        const mb = rssMb(pid);
        rss.push(mb);
        rssSeries.push({ atS: atS(), mb });
      }, 1000);
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const run = autocannon(
          {
            url: `${bot.url}/webhook`,
            method: "POST",
            connections: CONNECTIONS,
            overallRate: RATE,
            duration: intervalS,
            requests: [{ method: "POST", setupRequest: traffic.setupRequest }],
          },
          (error, done) => (error ? reject(error) : resolve(done)),
        );
        run.on("response", (_client, _status, _bytes, ms) => latency.record(ms, atS()));
      });
      clearInterval(sampler);
      rss.sort((a, b) => a - b);
      const health = await healthz(bot.url);
      const now: AckTimings | undefined = health.acknowledgements;
      if (!now) throw new Error("/healthz stopped reporting acknowledgement timings");
      const from = (i * intervalS) / 60;
      const to = ((i + 1) * intervalS) / 60;
      intervals.push({
        label: `${fmtMin(from)}–${fmtMin(to)} min`,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        p50: result.latency.p50,
        p99: result.latency.p99,
        rssMedian: rss[Math.floor(rss.length / 2)] ?? Number.NaN,
        rssMax: rss.at(-1) ?? Number.NaN,
        cpu: (cpuSeconds(pid) - cpuBefore) / intervalS,
        eventsPending: health.eventsPending,
        outboxPending: health.outboxPending,
        slowCommits: countAtLeast(now.journalCommitMs, acks?.journalCommitMs, P99_TARGET_MS),
        worstCommit: worstBetween(now.journalCommitMs, acks?.journalCommitMs),
        holds: countAtLeast(now.heldMs, acks?.heldMs, 0),
        worstHold: worstBetween(now.heldMs, acks?.heldMs),
        lateSeconds: countAtLeast(now.loopDelayMs, acks?.loopDelayMs, P99_TARGET_MS),
        worstLate: worstBetween(now.loopDelayMs, acks?.loopDelayMs),
        load: loadavg()[0] ?? Number.NaN,
      });
      acks = now;
    }
    await waitFor(async () => (await healthz(bot.url)).eventsPending === 0, 60_000);
  } finally {
    await bot.stop();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const result = report(header, minutes, intervals, acks);
  const chart = await writeSoakChart(
    {
      title: `Soak · ${minutes} min at ${RATE} req/s, mixed traffic\n${header}`,
      targetMs: P99_TARGET_MS,
      latency: latency.series(),
      rss: rssSeries,
    },
    process.env.SOAK_CHART ?? join("test-artifacts", `soak-${minutes}min.png`),
  ).catch((error: unknown) => `not drawn (${error instanceof Error ? error.message : String(error)})`);
  return { ok: result.ok, text: `${result.text}\nChart: ${chart}` };
}

const slowest = (acks: AckTimings | undefined) =>
  acks
    ? `${acks.journalCommitMs.slowestMs} ms / ${acks.heldMs.slowestMs} ms / ${acks.loopDelayMs.slowestMs} ms`
    : "not reported";

const fmtMin = (m: number) => (Number.isInteger(m) ? String(m) : m.toFixed(2).replace(/0$/, ""));

function report(
  header: string,
  minutes: number,
  intervals: Interval[],
  acks: AckTimings | undefined,
): { text: string; ok: boolean } {
  // Warm-up: the first fifth of the run (JIT, SQLite's page cache, V8 growing its heap to its working
  // size), at least one interval. Growth is measured from the first interval after it to the last.
  const warmup = Math.max(1, Math.round(intervals.length / 5));
  const after = intervals.slice(warmup);
  const base = after[0];
  const last = intervals.at(-1);
  const growth = base && last ? (last.rssMedian - base.rssMedian) / base.rssMedian : Number.NaN;
  const worstP99 = Math.max(...after.map((i) => i.p99));
  const bad = intervals.reduce((n, i) => n + i.non2xx + i.errors, 0);
  const total = intervals.reduce((n, i) => n + i.requests, 0);
  const ok = bad === 0 && growth < GROWTH_TARGET && worstP99 < P99_TARGET_MS;
  const text = [
    `Soak · ${header} · ${minutes} min at ${RATE} req/s (${CONNECTIONS} connections), mixed traffic`,
    "",
    table(
      [
        "interval",
        "requests",
        "non-2xx / errors",
        "p50 ms",
        "p99 ms",
        "bot RSS MB (median / max)",
        "bot CPU",
        "events pending",
        "outbox pending",
        `journal commits > ${P99_TARGET_MS} ms (worst)`,
        "200s held for filing (worst)",
        `seconds loop > ${P99_TARGET_MS} ms late (worst)`,
        "load avg",
      ],
      intervals.map((i) => [
        i.label,
        i.requests,
        `${i.non2xx} / ${i.errors}`,
        i.p50,
        i.p99,
        `${i.rssMedian.toFixed(0)} / ${i.rssMax.toFixed(0)}`,
        `${Math.round(i.cpu * 100)} %`,
        i.eventsPending,
        i.outboxPending,
        `${i.slowCommits} (${i.worstCommit})`,
        `${i.holds} (${i.worstHold})`,
        `${i.lateSeconds} (${i.worstLate})`,
        i.load.toFixed(1),
      ]),
    ),
    "",
    table(
      ["measure", "result", "target"],
      [
        ["requests, all answered 200", `${total - bad} of ${total}`, "all"],
        [
          `RSS growth after warm-up (median, ${base?.label ?? "?"} → ${last?.label ?? "?"})`,
          `${(growth * 100).toFixed(1)} %`,
          `< ${GROWTH_TARGET * 100} %`,
        ],
        [
          `worst p99 after warm-up (${warmup} interval${warmup > 1 ? "s" : ""})`,
          `${worstP99} ms`,
          `< ${P99_TARGET_MS} ms`,
        ],
        [
          "slowest journal commit / hold / loop delay, since the bot started",
          slowest(acks),
          "(where a spike came from)",
        ],
      ],
    ),
    "",
    `Where a slow answer waited: a journal commit (its fsync) of ${P99_TARGET_MS} ms or more delays every`,
    "body in it; a 200 held for filing waits until the Inbox thread is within 1,000 bodies again; a",
    `second in which the HTTP loop ran ${P99_TARGET_MS} ms or more late (journal commits not counted, ±10 ms)`,
    "delayed every request then: garbage collection, parsing, or the CPU taken by other processes.",
    "",
    ok ? "PASS" : "FAIL (see the targets above)",
  ].join("\n");
  return { text, ok };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const minutes = Number(process.env.SOAK_MINUTES ?? 10);
  if (!(minutes > 0 && minutes <= 120)) throw new Error("SOAK_MINUTES must be between 0 and 120");
  const result = await runSoakProof(minutes);
  console.log(result.text);
  process.exitCode = result.ok ? 0 : 1;
}
