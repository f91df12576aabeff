// The Node runtime's fetch for the Graph client: undici with one keep-alive Agent, so sends reuse warm
// TLS connections to graph.facebook.com instead of paying a handshake per message. Timeouts live here and
// in the client; retries do not (the outbox schedules them, reliability §B2).
import { Agent, fetch as undiciFetch } from "undici";
import type { GraphFetch } from "./graph-client.js";

export type NodeFetch = GraphFetch & { close: () => Promise<void> };

export type NodeFetchOptions = {
  headersTimeout?: number;
  bodyTimeout?: number;
};

export function nodeFetchWithAgent(options: NodeFetchOptions = {}): NodeFetch {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    connections: 32,
    headersTimeout: options.headersTimeout ?? 15_000,
    bodyTimeout: options.bodyTimeout ?? 60_000,
  });
  const fetch: GraphFetch = (input, init) => undiciFetch(input, { ...init, dispatcher: agent });
  return Object.assign(fetch, { close: () => agent.close() });
}
