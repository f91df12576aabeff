// Counts the Inbox's sends to Meta by outcome and Meta's error code, for /metrics. It wraps the fetch the
// Graph client is given, so nothing in the outbox or the client changes: a POST to /<number>/messages is
// a send; the answer is read here only when it is a refusal (its error code is in the body), and handed
// on unchanged.
import type { GraphFetch, GraphResponse } from "../whatsapp/graph-client.js";
import type { SendCount } from "./inbox-figures.js";

/** accepted: a 2xx; refused: Meta answered with an error; network_error: no answer (refused, reset, timed out). */
export type SendOutcome = "accepted" | "refused" | "network_error";

export function countingSends(fetch: GraphFetch): { fetch: GraphFetch; read: () => SendCount[] } {
  const counts = new Map<string, SendCount>();
  const add = (outcome: SendOutcome, errorCode: string) => {
    const key = `${outcome}\u0000${errorCode}`;
    const entry = counts.get(key) ?? { outcome, errorCode, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  };
  const counted: GraphFetch = async (url, init) => {
    if (init.method !== "POST" || !/\/messages(\?|$)/.test(url)) return fetch(url, init);
    let response: GraphResponse;
    try {
      response = await fetch(url, init);
    } catch (error) {
      add("network_error", "");
      throw error;
    }
    if (response.status >= 200 && response.status < 300) {
      add("accepted", "");
      return response;
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The body broke off: the client will see the same failure when it reads.
      add("network_error", "");
      throw error;
    }
    add("refused", metaErrorCode(text) ?? `http_${response.status}`);
    return {
      status: response.status,
      headers: response.headers,
      text: async () => text,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    };
  };
  return { fetch: counted, read: () => [...counts.values()].map((entry) => ({ ...entry })) };
}

/** Meta's `error.code` (e.g. 131047, 130429), as text; null when the body has none. */
function metaErrorCode(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    const code = body?.error?.code;
    return typeof code === "number" || typeof code === "string" ? String(code) : null;
  } catch {
    return null;
  }
}
