// The soak's mixed traffic, one signed body per request: half status webhooks for messages the bot
// sent (sent → delivered → read), a third customer messages (mostly returning customers, a few new
// ones), the rest staff commands (take, reply, note, show, the views). The bodies are Meta-shaped.
import type autocannon from "autocannon";
import { makeStatusWebhook } from "../test/kit/fixtures.js";
import type { FakeGraph } from "./fake-graph.js";
import { nextWamid, signature, textBody } from "./harness.js";

export const SOAK_STAFF = Array.from({ length: 20 }, (_, i) => `1555000${String(3001 + i)}`);
export const SOAK_ADMINS = SOAK_STAFF.map((phone, i) => `a${i + 1}:+${phone}`).join(",");
const CUSTOMER_POOL = 2000;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Shares of statuses, customer messages and staff commands, in percent. */
export type SoakMix = { status: number; customer: number; staff: number };
export const DEFAULT_MIX: SoakMix = { status: 50, customer: 35, staff: 15 };

/**
 * `firstConversation`: the lowest #N the staff commands touch, so conversations opened before the soak
 * (a benchmark's own probes) are left alone.
 */
export function createSoakTraffic(graph: FakeGraph, mix: SoakMix = DEFAULT_MIX, firstConversation = 1) {
  let known = 50;
  let conversations = 50;
  const customer = () => {
    // About one message in fifty comes from someone new; the rest from people who wrote before.
    if (Math.random() < 0.02 && known < CUSTOMER_POOL) known += 1;
    return String(15_558_000_000 + Math.floor(Math.random() * known));
  };

  function staffCommand(): string {
    const n = firstConversation + Math.floor(Math.random() * conversations);
    return pick([
      `/assign me #${n}`,
      `/reply #${n} Thanks, it ships today.`,
      `/note #${n} called the courier`,
      `/show #${n}`,
      "/new",
      "/mine",
      `/close #${n}`,
    ]);
  }

  function statusBody(): string | null {
    const sent = graph.requests.length;
    if (sent === 0) return null;
    const n = 1 + Math.floor(Math.random() * sent);
    const to = graph.requests[n - 1]?.to ?? "15558000000";
    return JSON.stringify(
      makeStatusWebhook({
        id: `wamid.PROOF.${n}`,
        status: pick(["sent", "delivered", "delivered", "read"]),
        timestamp: Math.floor(Date.now() / 1000),
        recipientId: to,
      }),
    );
  }

  function nextBody(): string {
    const roll = Math.random() * (mix.status + mix.customer + mix.staff);
    if (roll < mix.status) {
      const status = statusBody();
      if (status !== null) return status;
    }
    if (roll < mix.status + mix.customer) {
      conversations = Math.max(conversations, known);
      return textBody(customer(), nextWamid("SOAK"), "Hello, where is my order?", "Soak customer");
    }
    return textBody(pick(SOAK_STAFF), nextWamid("SOAKSTAFF"), staffCommand());
  }

  /** autocannon's per-request hook: a fresh body and its signature every time. */
  function setupRequest(request: autocannon.Request): autocannon.Request {
    const body = nextBody();
    request.body = body;
    request.headers = { "content-type": "application/json", "x-hub-signature-256": signature(body) };
    return request;
  }

  return { setupRequest, nextBody };
}
