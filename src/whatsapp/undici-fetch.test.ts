import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGraphClient } from "./graph-client.js";
import { nodeFetchWithAgent } from "./undici-fetch.js";

// msw does not see undici's own fetch, so this runs against a real local server: it proves the client's
// request shapes (JSON and hand-built multipart) pass through undici unchanged.
const received: Array<{ url: string; contentType: string; body: string }> = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received.push({
      url: req.url ?? "",
      contentType: req.headers["content-type"] ?? "",
      body: Buffer.concat(chunks).toString(),
    });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.url?.endsWith("/media") ? { id: "M1" } : { messages: [{ id: "wamid.U" }] }));
  });
});
let baseUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it("sends JSON and multipart through a keep-alive undici Agent", async () => {
  const fetch = nodeFetchWithAgent();
  const graph = createGraphClient({ baseUrl, version: "v25.0", phoneNumberId: "1", accessToken: "t", fetch });
  expect(
    await graph.sendMessage({ recipient: "1555", kind: "individual" }, { type: "text", text: { body: "x" } }),
  ).toEqual({
    ok: true,
    wamid: "wamid.U",
  });
  expect(await graph.uploadMedia(new TextEncoder().encode("PDF"), "application/pdf", "a.pdf")).toEqual({
    ok: true,
    mediaId: "M1",
  });
  await fetch.close();
  expect(received[0]).toMatchObject({ url: "/v25.0/1/messages", contentType: "application/json" });
  expect(received[1]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  expect(received[1]?.body).toContain('filename="a.pdf"');
  expect(received[1]?.body).toContain("PDF");
});
