// npm run bench (third part): the two waits people feel, on the real bot (`npm start`'s pipeline, a
// child process) under a steady 320 req/s of mixed traffic:
// - customer message in → its forward to the owner handed to the Graph API;
// - staff command in → its answer handed to the Graph API.
// Probes are sent by 2 × PROBE_STAFF people of their own, each at most once per 6 s, so Meta's pair
// limit (which the bot respects) never delays them; the rest of the traffic is the soak's mix.
import { startFakeGraph } from "../proof/fake-graph.js";
import { freePort, nextWamid, postWebhook, sleep, textBody } from "../proof/harness.js";
import { createSoakTraffic, SOAK_ADMINS } from "../proof/soak-traffic.js";
import { startBot } from "../test/kit/bot-process.js";

const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const RATE = 320;
const PROBES_PER_SECOND = 10;
/** People per kind of probe: each one sends a probe every 2 × PROBE_STAFF / 10 = 8 s (> Meta's 6 s). */
const PROBE_STAFF = 40;

const ownerPhone = (i: number) => `1555700${String(1000 + i)}`;
const askerPhone = (i: number) => `1555800${String(1000 + i)}`;
const customerPhone = (i: number) => `1555900${String(1000 + i)}`;

type Probe = { kind: "notice" | "answer"; to: string; token: string; sentAt: number };

export async function runLatencyBench() {
  const graph = await startFakeGraph();
  const owners = Array.from({ length: PROBE_STAFF }, (_, i) => `o${i}:+${ownerPhone(i)}`);
  const askers = Array.from({ length: PROBE_STAFF }, (_, i) => `q${i}:+${askerPhone(i)}`);
  const bot = await startBot({
    port: await freePort(),
    graphUrl: graph.url,
    env: {
      INBOX_ADMINS: [SOAK_ADMINS, ...owners, ...askers].join(","),
      // New-conversation notices go to one group instead of to every admin.
      STAFF_GROUP_ID: "120363000000000001",
      LOG_LEVEL: "warn",
    },
  });
  try {
    // Set-up, one at a time so probe customer i opens conversation #(i + 1), which owner i takes.
    for (let i = 0; i < PROBE_STAFF; i++) {
      await postWebhook(bot.url, textBody(customerPhone(i), nextWamid("SETUP"), "Hello", `Probe ${i}`));
      await sleep(20);
    }
    for (let i = 0; i < PROBE_STAFF; i++) {
      await postWebhook(bot.url, textBody(ownerPhone(i), nextWamid("SETUP"), `/assign me #${i + 1}`));
      await postWebhook(bot.url, textBody(askerPhone(i), nextWamid("SETUP"), "/whoami"));
    }
    await sleep(8_000); // every set-up answer sent, and each probe person's pair allowance back

    const probes: Probe[] = [];
    let sequence = 0;
    const probeBody = (): string => {
      const i = Math.floor(sequence / 2) % PROBE_STAFF;
      const kind = sequence % 2 === 0 ? "notice" : "answer";
      sequence += 1;
      const token = `probe-${sequence}`;
      probes.push({ kind, to: kind === "notice" ? ownerPhone(i) : askerPhone(i), token, sentAt: Date.now() });
      return kind === "notice"
        ? textBody(customerPhone(i), nextWamid("PROBE"), `Where is ${token}?`)
        : textBody(askerPhone(i), nextWamid("PROBE"), "/mine");
    };
    const traffic = createSoakTraffic(graph, undefined, PROBE_STAFF + 1);
    const load = await steadyLoad(bot.url, (n) =>
      n % (RATE / PROBES_PER_SECOND) === 0 ? probeBody() : traffic.nextBody(),
    );
    await sleep(5_000);

    const waits = { notice: [] as number[], answer: [] as number[] };
    let missing = 0;
    for (const probe of probes) {
      const handed = graph.requests.find(
        (r) =>
          r.to.replace(/^\+/, "") === probe.to &&
          r.at >= probe.sentAt &&
          (probe.kind === "answer" || (r.text ?? "").includes(probe.token)),
      );
      if (handed === undefined) missing += 1;
      else waits[probe.kind].push(handed.at - probe.sentAt);
    }
    return { load, waits, missing, probes: probes.length };
  } finally {
    await bot.stop();
    await graph.close();
  }
}

/**
 * RATE requests a second, spread evenly (autocannon's overallRate sends each second's share in a burst,
 * which measures how a burst drains rather than the wait at a steady rate).
 */
async function steadyLoad(url: string, body: (n: number) => string) {
  const started = performance.now();
  const answers: Array<Promise<number | null>> = [];
  const acks: number[] = [];
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed >= SECONDS * 1000) break;
    const due = Math.floor((elapsed / 1000) * RATE);
    while (answers.length < due) {
      const sentAt = performance.now();
      answers.push(
        postWebhook(url, body(answers.length)).then((status) => {
          acks.push(performance.now() - sentAt);
          return status;
        }),
      );
    }
    await sleep(1);
  }
  const statuses = await Promise.all(answers);
  return { sent: statuses.length, ok: statuses.filter((s) => s === 200).length, acks };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runLatencyBench();
  console.log(
    `\nLatency at a steady ${RATE} req/s of mixed traffic for ${SECONDS} s (${r.load.sent} requests, ${r.load.sent - r.load.ok} not answered 200):`,
  );
  console.log("| wait | probes | p50 | p99 | max |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [name, values] of [
    ["customer message → forward to the owner handed to Graph", r.waits.notice],
    ["staff command → answer handed to Graph", r.waits.answer],
  ] as const) {
    console.log(
      `| ${name} | ${values.length} | ${percentile(values, 50)} ms | ${percentile(values, 99)} ms | ${Math.max(...values)} ms |`,
    );
  }
  console.log(
    `| the webhook's 200 (the load's own requests) | ${r.load.acks.length} | ${percentile(r.load.acks, 50).toFixed(1)} ms | ${percentile(r.load.acks, 99).toFixed(1)} ms | ${Math.max(...r.load.acks).toFixed(1)} ms |`,
  );
  if (r.missing > 0) console.log(`${r.missing} of ${r.probes} probes never reached the Graph API`);
}
