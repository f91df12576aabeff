import { describe, expect, it } from "vitest";
import type { GraphFetch, GraphRequestInit } from "../whatsapp/graph-client.js";
import { countingSends } from "./send-counter.js";

const init = (method: "GET" | "POST"): GraphRequestInit => ({
  method,
  headers: {},
  body: "{}",
  signal: new AbortController().signal,
});
const answer = (status: number, body: string) => ({
  status,
  headers: { get: () => null },
  text: async () => body,
  arrayBuffer: async () => new TextEncoder().encode(body).buffer as ArrayBuffer,
});
const SEND = "https://graph.facebook.com/v25.0/106540352242922/messages";

describe("countingSends", () => {
  it("counts sends by outcome and Meta's error code, and hands every answer on readable", async () => {
    const replies: Array<() => Promise<ReturnType<typeof answer>>> = [
      async () => answer(200, '{"messages":[{"id":"wamid.1"}]}'),
      async () => answer(400, '{"error":{"code":131047,"message":"Re-engagement message"}}'),
      async () => answer(400, '{"error":{"code":131047}}'),
      async () => answer(502, "<html>bad gateway</html>"),
      async () => {
        throw new TypeError("fetch failed");
      },
    ];
    const fetch: GraphFetch = () => (replies.shift() as () => Promise<ReturnType<typeof answer>>)();
    const sends = countingSends(fetch);
    expect(await (await sends.fetch(SEND, init("POST"))).text()).toContain("wamid.1");
    const refused = await sends.fetch(SEND, init("POST"));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Re-engagement");
    expect(new TextDecoder().decode(await refused.arrayBuffer())).toContain("131047");
    await sends.fetch(SEND, init("POST"));
    expect(await (await sends.fetch(SEND, init("POST"))).text()).toContain("bad gateway");
    await expect(sends.fetch(SEND, init("POST"))).rejects.toThrow("fetch failed");
    expect(sends.read()).toEqual([
      { outcome: "accepted", errorCode: "", count: 1 },
      { outcome: "refused", errorCode: "131047", count: 2 },
      { outcome: "refused", errorCode: "http_502", count: 1 },
      { outcome: "network_error", errorCode: "", count: 1 },
    ]);
  });

  it("does not count what is not a send (the template listing, a media download)", async () => {
    const sends = countingSends(async () => answer(500, '{"error":{"code":1}}'));
    await sends.fetch("https://graph.facebook.com/v25.0/102290129340398/message_templates", init("GET"));
    await sends.fetch("https://graph.facebook.com/v25.0/102290129340398/message_templates", init("POST"));
    expect(sends.read()).toEqual([]);
  });
});
