// The load both webhook benchmarks send (npm run bench, npm run bench:worker): signed POST /webhook,
// each body one text message with a new wamid from one of 2,000 customers, through autocannon.
import { createHmac } from "node:crypto";
import autocannon from "autocannon";
import { BENCH_PHONE_NUMBER_ID, BENCH_SECRET, health } from "../test/kit/bot-process.js";

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
let sequence = 0;
/** Distinguishes this run's wamids from any earlier run against the same database. */
const RUN = `${process.pid}.${Date.now()}`;

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
                  id: `wamid.BENCH.${RUN}.${sequence}`,
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

export async function load(url: string, options: { connections: number; overallRate?: number }) {
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

export async function drained(url: string, startedAt: number, sent: number) {
  for (;;) {
    const h = await health(url);
    if (h.eventsPending === 0) return { events: sent, seconds: (performance.now() - startedAt) / 1000 };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
