// msw does not see undici's request API, so this runs against a real local server: a download streamed
// into a multipart upload arrives byte for byte, with the Content-Length the download announced.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { undiciMediaStreams } from "./undici-media.js";

const file = randomBytes(700_000);
let upload: { length: string | undefined; body: Buffer; auth: string | undefined } | null = null;
const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/file") {
    res.writeHead(200, { "content-type": "application/pdf", "content-length": file.length });
    res.end(file);
    return;
  }
  if (req.method === "GET") {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: 100 } }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    upload = {
      length: req.headers["content-length"],
      body: Buffer.concat(chunks),
      auth: req.headers.authorization,
    };
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ id: "UP1" }));
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

it("streams a download into a multipart upload, byte for byte, with its Content-Length", async () => {
  const streams = undiciMediaStreams({ baseUrl, version: "v25.0", phoneNumberId: "1", accessToken: "tok" });
  const signal = new AbortController().signal;
  const download = await streams.openDownload(`${baseUrl}/file`, signal);
  if (!download.ok) throw new Error(download.reason);
  expect(download.length).toBe(file.length);
  let seen = 0;
  const result = await streams.upload(
    { body: download.body, mimeType: "application/pdf", filename: "a.pdf", length: download.length },
    (chunk) => {
      seen += chunk.length;
    },
    signal,
  );
  expect(result).toEqual({ ok: true, mediaId: "UP1" });
  expect(seen).toBe(file.length);
  const got = upload as unknown as { length: string | undefined; body: Buffer; auth: string | undefined };
  expect(got.auth).toBe("Bearer tok");
  expect(Number(got.length)).toBe(got.body.length);
  const start = got.body.indexOf("\r\n\r\n", got.body.indexOf('name="file"')) + 4;
  const part = got.body.subarray(start, start + file.length);
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  expect(sha(part)).toBe(sha(file));
});

it("a 404 on the download is an API failure with its status, not a throw", async () => {
  const streams = undiciMediaStreams({ baseUrl, version: "v25.0", phoneNumberId: "1", accessToken: "tok" });
  const download = await streams.openDownload(`${baseUrl}/gone`, new AbortController().signal);
  expect(download).toMatchObject({ ok: false, httpStatus: 404, source: "api" });
});
