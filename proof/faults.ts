// Issue 7, part 2: Graph API faults. The real bot (child process, 127.0.0.1) talks to a fake Graph API
// that misbehaves on cue: bursts of 5xx, 429 / 130429, answers slower than the client's 10 s timeout,
// connection resets, 131047 for a customer, 131056 (pair rate limit) for one staff member, an unknown
// code in a 403, and 190, a bare 401 and a code-less 403 for everything. For each retryable fault: staff
// keep running commands (so answers queue), the fault clears, and the script shows the outbox drains,
// nothing is lost, and retries are paced (attempts per second), not a hot loop. `npx tsx proof/faults.ts`
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databasePath } from "../src/store/open-node.js";
import {
  deliveriesPerRow,
  type FakeGraph,
  type Fault,
  type GraphRequest,
  startFakeGraph,
  UNKNOWN_CODE,
} from "./fake-graph.js";
import {
  BENCH_PHONE_NUMBER_ID,
  type BotProcess,
  healthz,
  machine,
  nextWamid,
  openReadOnly,
  postWebhook,
  sleep,
  startProofBot,
  table,
  textBody,
  waitFor,
} from "./harness.js";

const STAFF = ["15550002001", "15550002002", "15550002003", "15550002004"];
const ADMINS = STAFF.map((phone, i) => `f${i + 1}:+${phone}`).join(",");
const CUSTOMER = "15556001000";
const COMMANDS_PER_FAULT = 20;
const REPLIES = 3;

type Ctx = { graph: FakeGraph; bot: BotProcess; dataDir: string; dbFile: string };

async function say(ctx: Ctx, from: string, text: string): Promise<void> {
  const status = await postWebhook(ctx.bot.url, textBody(from, nextWamid("FAULT"), text, "Faye"));
  if (status !== 200) throw new Error(`webhook answered ${status}`);
}

function query<T>(ctx: Ctx, sql: string, ...params: unknown[]): T[] {
  const db = openReadOnly(ctx.dbFile);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const maxOutboxId = (ctx: Ctx) =>
  query<{ id: number | null }>(ctx, "select max(id) as id from outbox")[0]?.id ?? 0;

/** Requests per whole second from `from` to `to`, as a list (the shape of the retries over time). */
function perSecond(requests: readonly GraphRequest[], from: number, to: number): number[] {
  const seconds = Math.max(1, Math.ceil((to - from) / 1000));
  const counts = Array.from({ length: seconds }, () => 0);
  for (const r of requests) {
    const i = Math.floor((r.at - from) / 1000);
    if (i >= 0 && i < seconds) counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

type PhaseResult = {
  fault: string;
  seconds: number;
  rows: number;
  attempts: number;
  peak: number;
  perRowMax: number;
  drainS: number | null;
  lost: number;
  duplicates: number;
  series: number[];
};

/** Staff send commands during the fault; the answers must all arrive once it clears. */
async function phase(ctx: Ctx, fault: Fault, label: string, durationMs: number): Promise<PhaseResult> {
  const firstId = maxOutboxId(ctx) + 1;
  const start = Date.now();
  const seen = ctx.graph.requests.length;
  ctx.graph.setFault(fault);
  for (let i = 0; i < COMMANDS_PER_FAULT; i++) {
    await say(ctx, STAFF[i % STAFF.length] ?? "", "/whoami");
    await sleep(100);
  }
  await sleep(Math.max(0, durationMs - (Date.now() - start)));
  ctx.graph.setFault("none");
  const cleared = Date.now();
  const during = ctx.graph.requests.slice(seen).filter((r) => r.at < cleared);
  const drained = await waitFor(async () => (await healthz(ctx.bot.url)).outboxPending === 0, 180_000);
  const drainS = drained ? (Date.now() - cleared) / 1000 : null;

  const rows = query<{ id: number; status: string }>(
    ctx,
    "select id, status from outbox where id >= ?",
    firstId,
  );
  const mine = ctx.graph.requests.slice(seen);
  const perRow = new Map<number, number>();
  for (const r of mine) for (const id of r.rowIds) perRow.set(id, (perRow.get(id) ?? 0) + 1);
  const delivered = deliveriesPerRow(mine);
  const series = perSecond(during, start, cleared);
  return {
    fault: label,
    seconds: Math.round((cleared - start) / 1000),
    rows: rows.length,
    attempts: during.length,
    peak: Math.max(0, ...series),
    perRowMax: Math.max(0, ...perRow.values()),
    drainS,
    lost: rows.filter((r) => r.status !== "sent").length,
    duplicates: [...delivered.values()].filter((n) => n > 1).length,
    series,
  };
}

/** 131047: Meta refuses free-form text to a customer whose window it considers closed. */
async function windowClosedByMeta(ctx: Ctx) {
  const firstId = maxOutboxId(ctx) + 1;
  const seen = ctx.graph.requests.length;
  ctx.graph.setFault("131047");
  for (let i = 0; i < REPLIES; i++)
    await say(ctx, STAFF[0] ?? "", `/reply #1 Here is the update you asked for (${i})`);
  await waitFor(async () => (await healthz(ctx.bot.url)).outboxPending === 0, 60_000);
  ctx.graph.setFault("none");
  const toCustomer = ctx.graph.requests.slice(seen).filter((r) => r.to === CUSTOMER);
  const attemptsPerRow = new Map<number, number>();
  for (const r of toCustomer)
    for (const id of r.rowIds) attemptsPerRow.set(id, (attemptsPerRow.get(id) ?? 0) + 1);
  const replies = query<{ status: string; lastError: string | null }>(
    ctx,
    "select status, last_error as lastError from outbox where id >= ? and recipient_kind = 'customer'",
    firstId,
  );
  const notices = query<{ payload: string }>(
    ctx,
    "select payload from outbox where id >= ? and recipient_kind = 'staff' and payload like '%not%'",
    firstId,
  );
  const windowRow = query<{ w: number | null }>(
    ctx,
    "select window_expires_at as w from conversations where id = 1",
  )[0];
  return {
    replies: replies.length,
    reachedMeta: toCustomer.length,
    retried: [...attemptsPerRow.values()].filter((n) => n > 1).length,
    failed: replies.filter((r) => r.status === "failed").length,
    windowClosed: windowRow?.w != null && windowRow.w <= Date.now(),
    told: notices.length,
  };
}

/**
 * 131056: Meta's pair rate limit, for one staff member only. Meta's advice is to retry after 4^X s (X = 0,
 * 1, … per consecutive refusal). Meta refuses the next two sends to that person (X = 0: 1 s, X = 1: 4 s);
 * during the second block the same person and someone else each ask again. The block must hold only that
 * recipient, spend no attempt, and deliver both answers once it ends; after a delivery X starts at 0 again.
 */
async function pairRateLimit(ctx: Ctx) {
  const held = STAFF[1] ?? "";
  const other = STAFF[2] ?? "";
  await waitFor(async () => (await healthz(ctx.bot.url)).outboxPending === 0, 30_000);
  const firstId = maxOutboxId(ctx) + 1;
  const seen = ctx.graph.requests.length;
  const to = (phone: string, from = seen) => ctx.graph.requests.slice(from).filter((r) => r.to === phone);
  const refused = (from = seen) => to(held, from).filter((r) => r.outcome === "refused");
  const accepted = (from = seen) => to(held, from).filter((r) => r.outcome === "accepted");

  ctx.graph.limitPair(held, 2);
  await say(ctx, held, "/whoami");
  const twice = await waitFor(async () => refused().length >= 2, 15_000, 20);
  const askedAt = Date.now(); // inside the 4 s block
  await say(ctx, held, "/whoami");
  await say(ctx, other, "/whoami");
  const delivered = await waitFor(async () => accepted().length >= 2, 20_000, 20);

  // Round two, after a delivery: one more 131056 must block for 4^0 = 1 s again, not 4^2 = 16 s.
  const seen2 = ctx.graph.requests.length;
  ctx.graph.limitPair(held, 1);
  await say(ctx, held, "/whoami");
  const again = await waitFor(async () => accepted(seen2).length >= 1, 20_000, 20);
  await waitFor(async () => (await healthz(ctx.bot.url)).outboxPending === 0, 30_000);

  const [r0, r1] = refused();
  const first = r0?.rowIds[0];
  const firstSent = accepted().find((r) => first !== undefined && r.rowIds.includes(first));
  const secondSent = accepted().find(
    (r) => r.at >= askedAt && first !== undefined && !r.rowIds.includes(first),
  );
  const otherSent = to(other).find((r) => r.at >= askedAt && r.outcome === "accepted");
  const [q0] = refused(seen2);
  const [q1] = accepted(seen2);
  const gap = (a?: GraphRequest, b?: GraphRequest) => (a && b ? b.at - a.at : null);
  // Requests to that person while a block was in force (from a refusal to the end of its 4^X s).
  const blocks = [
    [r0, 1000],
    [r1, 4000],
    [q0, 1000],
  ] as const;
  const insideBlocks = to(held).filter((r) =>
    blocks.some(([b, ms]) => b !== undefined && r.at > b.at && r.at < b.at + ms),
  ).length;
  const rows = query<{ status: string; attempts: number }>(
    ctx,
    "select status, attempts from outbox where id >= ? and recipient = ?",
    firstId,
    held,
  );
  const delivery = deliveriesPerRow(to(held));
  return {
    twice,
    delivered: delivered && again,
    x0: gap(r0, r1),
    x1: gap(r1, firstSent),
    reset: gap(q0, q1),
    otherMs: otherSent === undefined ? null : otherSent.at - askedAt,
    otherInBlock: otherSent !== undefined && firstSent !== undefined && otherSent.at < firstSent.at,
    heldMs: secondSent === undefined ? null : secondSent.at - askedAt,
    // The first row went out the moment the 4 s block ended; this is how long the second one waited on top.
    afterBlockMs: secondSent === undefined || firstSent === undefined ? null : secondSent.at - firstSent.at,
    insideBlocks,
    rows: rows.length,
    sent: rows.filter((r) => r.status === "sent").length,
    attemptsSpent: rows.reduce((n, r) => n + r.attempts, 0),
    duplicates: [...delivery.values()].filter((n) => n > 1).length,
  };
}

/**
 * 190 (token dead), a bare 401, a 403 with no Graph code or with one no list knows: sending stops,
 * /healthz says so, and only a restart (a new token) resumes.
 */
async function stopsSending(ctx: Ctx, fault: "190" | "401" | "403" | "403-unknown", quietMs: number) {
  const firstId = maxOutboxId(ctx) + 1;
  const seen = ctx.graph.requests.length;
  ctx.graph.setFault(fault);
  for (let i = 0; i < 8; i++) await say(ctx, STAFF[i % STAFF.length] ?? "", "/whoami");
  const stopped = await waitFor(async () => (await healthz(ctx.bot.url)).sending !== "ok", 30_000);
  const health = await healthz(ctx.bot.url);
  const stoppedAt = Date.now();
  const before = ctx.graph.requests.length;
  const refusedBeforeStop = before - seen;
  ctx.graph.setFault("none");
  for (let i = 0; i < 4; i++) await say(ctx, STAFF[i] ?? "", "/whoami");
  await sleep(quietMs);
  const whileStopped = ctx.graph.requests.length - before;
  const pendingWhileStopped = (await healthz(ctx.bot.url)).outboxPending;
  await ctx.bot.stop();
  ctx.bot = await startProofBot({ graphUrl: ctx.graph.url, dataDir: ctx.dataDir, admins: ADMINS });
  const restarted = Date.now();
  const drained = await waitFor(async () => (await healthz(ctx.bot.url)).outboxPending === 0, 120_000);
  const rows = query<{ status: string }>(ctx, "select status from outbox where id >= ?", firstId);
  return {
    stopped,
    refusedBeforeStop,
    reason: typeof health.sending === "object" ? health.sending.reason : "ok",
    stoppedFor: Math.round((restarted - stoppedAt) / 1000),
    whileStopped,
    pendingWhileStopped,
    drainS: drained ? (Date.now() - restarted) / 1000 : null,
    lost: rows.filter((r) => r.status !== "sent").length,
    rows: rows.length,
  };
}

export async function runFaultsProof(): Promise<{ text: string; ok: boolean }> {
  const header = `Graph API faults · ${machine()}`;
  const dataDir = mkdtempSync(join(tmpdir(), "inbox-faults-"));
  const graph = await startFakeGraph({ latencyMs: [20, 80] });
  graph.customers.add(CUSTOMER);
  const ctx: Ctx = {
    graph,
    dataDir,
    dbFile: databasePath(dataDir, BENCH_PHONE_NUMBER_ID),
    bot: await startProofBot({ graphUrl: graph.url, dataDir, admins: ADMINS }),
  };
  try {
    for (const phone of STAFF) await say(ctx, phone, "/whoami"); // opens each one's window
    await say(ctx, CUSTOMER, "Hi, is my parcel on its way?");
    await say(ctx, STAFF[0] ?? "", "/assign me #1");
    await waitFor(async () => (await healthz(ctx.bot.url)).outboxPending === 0, 30_000);

    const phases = [
      await phase(ctx, "5xx", "5xx burst (503 / 500 code 2)", 15_000),
      await phase(ctx, "429", "429 with code 130429", 15_000),
      await phase(ctx, "slow", "answers after 12 s (client timeout 10 s)", 25_000),
      await phase(ctx, "reset", "connection reset", 15_000),
    ];
    const w = await windowClosedByMeta(ctx);
    const p = await pairRateLimit(ctx);
    const stops = [
      { fault: "190", label: "190 (token expired)", ...(await stopsSending(ctx, "190", 10_000)) },
      { fault: "401", label: "401 with no body", ...(await stopsSending(ctx, "401", 5_000)) },
      { fault: "403", label: "403, plain text, no Graph code", ...(await stopsSending(ctx, "403", 5_000)) },
      {
        fault: "403 with an unknown code",
        label: `403 with unknown code ${UNKNOWN_CODE}`,
        ...(await stopsSending(ctx, "403-unknown", 5_000)),
      },
    ];
    const within = (ms: number | null, low: number, high: number) => ms !== null && ms >= low && ms <= high;
    const pairOk =
      p.twice &&
      p.delivered &&
      within(p.x0, 1000, 2500) &&
      within(p.x1, 4000, 5500) &&
      within(p.reset, 1000, 2500) &&
      p.otherInBlock &&
      p.insideBlocks === 0 &&
      p.sent === p.rows &&
      p.attemptsSpent === 0 &&
      p.duplicates === 0;
    const retryOk = phases.every((p) => p.lost === 0 && p.drainS !== null);
    const ok =
      retryOk &&
      phases.every((p) => p.fault.startsWith("answers after") || p.duplicates === 0) &&
      w.retried === 0 &&
      w.failed === w.replies &&
      w.windowClosed &&
      pairOk &&
      stops.every((t) => t.stopped && t.whileStopped === 0 && t.lost === 0 && t.drainS !== null);
    const seconds = (ms: number | null) =>
      ms === null ? "never" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
    const requests = (n: number) => `${n} request${n === 1 ? "" : "s"}`;
    const text = [
      header,
      "",
      table(
        [
          "fault",
          "lasted",
          "answers queued",
          "attempts during it",
          "attempts/s (peak)",
          "most attempts, one row",
          "drained after it cleared",
          "lost",
          "sent twice",
        ],
        phases.map((p) => [
          p.fault,
          `${p.seconds} s`,
          p.rows,
          p.attempts,
          p.peak,
          p.perRowMax,
          p.drainS === null ? "NOT drained" : `${p.drainS.toFixed(1)} s`,
          p.lost,
          p.duplicates,
        ]),
      ),
      "",
      "Attempts per second while each fault lasted:",
      ...phases.map((p) => `- ${p.fault}: ${p.series.join(" ")}`),
      "",
      table(
        ["fault", "result"],
        [
          [
            "131047 on /reply",
            `${REPLIES} × /reply: ${REPLIES - w.replies} refused at once (window already marked closed), ${w.replies} queued; ${w.reachedMeta} reached Meta, ${w.retried} retried, ${w.failed} failed; window marked closed: ${w.windowClosed ? "yes" : "NO"}; ${w.told} notices to the sender`,
          ],
          [
            "131056 to one staff member, twice (X = 0, 1)",
            `next send to them after the 1st refusal: ${seconds(p.x0)} (4^0 = 1 s), after the 2nd: ${seconds(p.x1)} (4^1 = 4 s); requests to them inside a block: ${p.insideBlocks}; another staff member's answer during the block: ${seconds(p.otherMs)}${p.otherInBlock ? "" : " (NOT during the block)"}; their own 2nd answer, asked during the block: ${seconds(p.heldMs)} (${seconds(p.afterBlockMs)} after the block ended)`,
          ],
          [
            "after 131056 clears",
            `${p.sent} of ${p.rows} rows to them sent, attempts spent: ${p.attemptsSpent}, sent twice: ${p.duplicates}; one more 131056 after a delivery: next send after ${seconds(p.reset)} (X back to 0)`,
          ],
          ...stops.flatMap((t) => [
            [
              t.label,
              `sending stopped: ${t.stopped ? "yes" : "NO"} (${requests(t.refusedBeforeStop)} refused before it); /healthz: "${t.reason}"; requests in the ${t.stoppedFor} s stopped (fault cleared, ${t.pendingWhileStopped} waiting): ${t.whileStopped}`,
            ],
            [
              `restart after ${t.fault}`,
              `${t.drainS === null ? "NOT drained" : `drained in ${t.drainS.toFixed(1)} s`}: ${t.rows - t.lost} of ${t.rows} rows sent, lost ${t.lost}`,
            ],
          ]),
        ],
      ),
      "",
      ok ? "PASS" : "FAIL",
    ].join("\n");
    return { text, ok };
  } finally {
    await ctx.bot.stop();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runFaultsProof();
  console.log(result.text);
  process.exitCode = result.ok ? 0 : 1;
}
