// The traffic of the crash proof. Busy customers write as fast as 24 connections allow (their
// conversations stay in New); at a human pace, staff run commands on conversations #1–#20 (take,
// reply, note, close, reopen, hand back, show) and those 20 customers write again now and then.
// A body counts as acknowledged only once its 200 has been read.
//
// Staff are /away, so New conversations notify nobody: otherwise hundreds of New notices, paced at
// Meta's pair limit (about one message per 6 s per recipient), would take many minutes to drain, and
// the proof is about what a kill does to the outbox, not about pacing.
import { nextWamid, postWebhook, sleep, textBody } from "./harness.js";

const STAFF = Array.from({ length: 12 }, (_, i) => `1555000${String(1001 + i)}`);
export const STAFF_ADMINS = STAFF.map((phone, i) => `s${i + 1}:+${phone}`).join(",");
export const QUIET_CUSTOMERS = Array.from({ length: 20 }, (_, i) => `1555300${String(1000 + i)}`);
const BUSY_CUSTOMERS = Array.from({ length: 400 }, (_, i) => `1555400${String(1000 + i)}`);
const BUSY_CONNECTIONS = 24;
const PEOPLE_EVERY_MS = 50;
const PEOPLE_CONNECTIONS = 2;

export type Acked = { wamid: string; body: string };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function staffCommand(): string {
  const n = 1 + Math.floor(Math.random() * QUIET_CUSTOMERS.length);
  const k = Math.floor(Math.random() * 1000);
  return pick([
    `/assign me #${n}`,
    `/assign me #${n}`,
    `/reply #${n} Thanks for waiting, your order ${k} is on its way.`,
    `/reply #${n} Could you send the order number, please? (${k})`,
    `/note #${n} checked the warehouse (${k})`,
    `/close #${n} solved`,
    `/reopen #${n}`,
    `/unassign #${n}`,
    `/show #${n}`,
    "/whoami",
  ]);
}

export class CrashLoad {
  readonly acked: Acked[] = [];
  /** Requests that got no answer at all: cut off by a kill, so never acknowledged. */
  unanswered = 0;
  /** Answers other than 200 (a 5xx here would be a finding). */
  readonly otherStatuses = new Map<number, number>();
  private running = false;
  private loops: Promise<void>[] = [];

  /** Staff go /away, then the 20 quiet customers write once: conversations #1–#20. */
  async setUp(url: string): Promise<void> {
    for (const phone of STAFF) await this.send(url, phone, "/away");
    for (const phone of QUIET_CUSTOMERS) await this.send(url, phone, "Hello, where is my order?", "Quiet");
  }

  start(url: string): void {
    this.running = true;
    this.loops = [
      ...Array.from({ length: BUSY_CONNECTIONS }, () => this.busyLoop(url)),
      ...Array.from({ length: PEOPLE_CONNECTIONS }, () => this.peopleLoop(url)),
    ];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async busyLoop(url: string): Promise<void> {
    while (this.running) {
      const answered = await this.send(url, pick(BUSY_CUSTOMERS), "Any news on my delivery?", "Busy");
      if (!answered) await sleep(20);
    }
  }

  private async peopleLoop(url: string): Promise<void> {
    while (this.running) {
      if (Math.random() < 0.15) await this.send(url, pick(QUIET_CUSTOMERS), "Any update?", "Quiet");
      else await this.send(url, pick(STAFF), staffCommand());
      await sleep(PEOPLE_EVERY_MS);
    }
  }

  /** True when the bot answered (whatever the status). */
  private async send(url: string, from: string, text: string, name?: string): Promise<boolean> {
    const wamid = nextWamid("CRASH");
    const body = textBody(from, wamid, text, name);
    const status = await postWebhook(url, body);
    if (status === 200) this.acked.push({ wamid, body });
    else if (status === null) this.unanswered += 1;
    else this.otherStatuses.set(status, (this.otherStatuses.get(status) ?? 0) + 1);
    return status !== null;
  }
}
