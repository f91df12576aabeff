// A fake Graph API for the proof scripts, on 127.0.0.1: it records every send (when, to whom, the
// outbox row ids in biz_opaque_callback_data, what it answered) and can be told to misbehave the way
// Meta does: 5xx bursts, 429 / 130429, answers slower than the client's timeout, connection resets,
// 131047 for customers, 190 for everyone, a bare 401, a 403 with no Graph error code or an unknown one, and
// 131056 (pair rate limit) for the next few sends to one recipient.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | "none"
  | "5xx"
  | "429"
  | "slow"
  | "reset"
  | "131047"
  | "190"
  | "401"
  | "403"
  | "403-unknown"
  | "131056";

/** The code the "403-unknown" fault answers with: in none of Meta's lists, nor in graph-errors.ts. */
export const UNKNOWN_CODE = 999_999;

/** What the fake did with one request. "accepted": Meta would have sent the message. */
export type Outcome = "accepted" | "accepted-late" | "refused" | "reset";

export type GraphRequest = {
  at: number;
  to: string;
  type: string;
  text: string | null;
  /** Outbox row ids the bot put in biz_opaque_callback_data ("12" or "12,13" when coalesced). */
  rowIds: number[];
  outcome: Outcome;
  fault: Fault;
};

export type FakeGraph = {
  url: string;
  requests: GraphRequest[];
  setFault: (fault: Fault) => void;
  /** Recipients (digits) that count as customers for the 131047 fault. */
  customers: Set<string>;
  /** Meta's pair rate limit: the next `refusals` sends to `to` (digits) get 131056, whatever the fault. */
  limitPair: (to: string, refusals: number) => void;
  close: () => Promise<void>;
};

/** Longer than the Graph client's 10 s timeout, so the bot gives up before the answer comes. */
export const SLOW_MS = 12_000;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

const metaError = (code: number, message: string, details?: string) => ({
  error: { message, type: "OAuthException", code, ...(details ? { error_data: { details } } : {}) },
});

/**
 * `latencyMs`: how long an accepted send takes to answer, drawn uniformly from [min, max]. Meta takes a
 * few hundred milliseconds; with 0 a kill would almost never catch a send in flight.
 */
export async function startFakeGraph(options: { latencyMs?: [number, number] } = {}): Promise<FakeGraph> {
  const [minLatency, maxLatency] = options.latencyMs ?? [0, 0];
  let fault: Fault = "none";
  let counter = 0;
  let flip = 0;
  const requests: GraphRequest[] = [];
  const customers = new Set<string>();
  const pairLimited = new Map<string, number>();
  const pending = new Set<ReturnType<typeof setTimeout>>();

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // Not a send: recorded with no recipient.
    }
    const to = String(body.to ?? body.recipient ?? "").replace(/^\+/, "");
    const text = body.type === "text" ? String((body.text as { body?: unknown })?.body ?? "") : null;
    const opaque = typeof body.biz_opaque_callback_data === "string" ? body.biz_opaque_callback_data : "";
    const rowIds = opaque === "" ? [] : opaque.split(",").map(Number);
    const record = (outcome: Outcome, as: Fault = fault) =>
      requests.push({ at: Date.now(), to, type: String(body.type ?? ""), text, rowIds, outcome, fault: as });
    const answer = () => {
      counter += 1;
      json(res, 200, { messaging_product: "whatsapp", messages: [{ id: `wamid.PROOF.${counter}` }] });
    };
    const accept = () => {
      const delay = minLatency + Math.random() * (maxLatency - minLatency);
      if (delay <= 0) return answer();
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!res.destroyed) answer();
      }, delay);
      pending.add(timer);
    };

    const refusals = pairLimited.get(to) ?? 0;
    if (refusals > 0) {
      pairLimited.set(to, refusals - 1);
      record("refused", "131056");
      return json(
        res,
        400,
        metaError(
          131056,
          "(#131056) (Business Account, Consumer Account) pair rate limit hit",
          "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time",
        ),
      );
    }
    const now: Fault = fault === "131047" && !customers.has(to) ? "none" : fault;
    switch (now) {
      case "none":
        record("accepted");
        return accept();
      case "5xx":
        record("refused");
        // Meta's two shapes: a bare gateway error, and code 2 ("temporary downtime") in a 500.
        if (flip++ % 2 === 0) return json(res, 503, { error: "Service Unavailable" });
        return json(res, 500, metaError(2, "Service temporarily unavailable"));
      case "429":
        record("refused");
        return json(
          res,
          429,
          metaError(130429, "(#130429) Rate limit hit", "Cloud API message throughput reached"),
        );
      case "slow": {
        // The message goes out; only the answer is late (the ambiguous case of reliability §B2).
        record("accepted-late");
        const timer = setTimeout(() => {
          pending.delete(timer);
          if (!res.destroyed) answer();
        }, SLOW_MS);
        pending.add(timer);
        return;
      }
      case "reset":
        record("reset");
        req.socket.destroy();
        return;
      case "131047":
        record("refused");
        return json(
          res,
          400,
          metaError(
            131047,
            "Re-engagement message",
            "More than 24 hours have passed since the customer last replied",
          ),
        );
      case "190":
        record("refused");
        return json(res, 401, metaError(190, "Error validating access token: Session has expired"));
      case "401":
        // No body at all, as a proxy or a gateway in front of Graph might answer.
        record("refused");
        res.writeHead(401);
        res.end();
        return;
      case "403":
        // Not Graph's JSON: a plain-text refusal, so the bot has only the HTTP status to go on.
        record("refused");
        res.writeHead(403, { "content-type": "text/plain" });
        res.end("Forbidden");
        return;
      case "403-unknown":
        record("refused");
        return json(res, 403, metaError(UNKNOWN_CODE, "(#999999) Something Meta has not documented"));
      case "131056":
        // As a global fault: every recipient is pair-limited (limitPair is the targeted form).
        record("refused");
        return json(res, 400, metaError(131056, "(#131056) pair rate limit hit"));
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    customers,
    limitPair: (to, refusals) => {
      pairLimited.set(to, refusals);
    },
    setFault: (f) => {
      fault = f;
    },
    close: () => {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** How many requests each outbox row got, counting only those Meta would have sent. */
export function deliveriesPerRow(requests: readonly GraphRequest[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of requests) {
    if (r.outcome !== "accepted" && r.outcome !== "accepted-late") continue;
    for (const id of r.rowIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
