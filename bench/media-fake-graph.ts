// A fake of Meta's media endpoints on 127.0.0.1 for bench/media-bench.ts. It holds no file whole: a
// download is one 1 MB block of random bytes repeated, and an upload is hashed as it streams in (the
// file part of the multipart body, found by its boundary), so the bench measures the relay's memory,
// not the fake's.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const PHONE_NUMBER_ID = "106540352242922";
const BLOCK = randomBytes(1024 * 1024);

export type FakeFile = { size: number; mime: string; sha256: string };
export type Upload = { id: string; size: number; sha256: string };

/** The sha256 of `size` bytes of the repeated block, computed by streaming it once. */
function digestOf(size: number): string {
  const hash = createHash("sha256");
  for (let at = 0; at < size; at += BLOCK.length)
    hash.update(BLOCK.subarray(0, Math.min(BLOCK.length, size - at)));
  return hash.digest("hex");
}

export async function startFakeGraph(port = 0) {
  const files = new Map<string, FakeFile>();
  const uploads = new Map<string, Upload>();
  let seq = 0;
  let sent = 0;

  function addFile(size: number, mime: string): string {
    seq += 1;
    const id = `M${seq}`;
    files.set(id, { size, mime, sha256: digestOf(size) });
    return id;
  }

  function json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  function download(res: ServerResponse, file: FakeFile): void {
    res.writeHead(200, { "content-type": file.mime, "content-length": file.size });
    let at = 0;
    const pump = () => {
      while (at < file.size) {
        const chunk = BLOCK.subarray(0, Math.min(BLOCK.length, file.size - at));
        at += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
      res.end();
    };
    pump();
  }

  /** Hashes the file part of a multipart body as it arrives, holding back only the closing boundary. */
  function upload(req: IncomingMessage, res: ServerResponse) {
    const boundary = /boundary=(.+)$/.exec(req.headers["content-type"] ?? "")?.[1];
    if (!boundary) return json(res, 400, { error: { code: 100, message: "no boundary" } });
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const hash = createHash("sha256");
    let head: Buffer | null = Buffer.alloc(0);
    let held = Buffer.alloc(0);
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      let data = chunk;
      if (head !== null) {
        head = Buffer.concat([head, data]);
        const fileAt = head.indexOf('name="file"');
        const start = fileAt < 0 ? -1 : head.indexOf("\r\n\r\n", fileAt);
        if (start < 0) return;
        data = head.subarray(start + 4);
        head = null;
      }
      const joined = Buffer.concat([held, data]);
      const keep = Math.min(joined.length, tail.length);
      const body = joined.subarray(0, joined.length - keep);
      hash.update(body);
      size += body.length;
      held = Buffer.from(joined.subarray(joined.length - keep));
    });
    req.on("end", () => {
      if (!held.equals(tail)) return json(res, 400, { error: { code: 100, message: "bad multipart" } });
      seq += 1;
      const id = `UP${seq}`;
      uploads.set(id, { id, size, sha256: hash.digest("hex") });
      json(res, 200, { id });
    });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const parts = url.pathname.split("/").filter(Boolean);
    // The bench drives the fake from another process: add a file, read what was uploaded.
    if (parts[0] === "control") {
      if (parts[1] === "files") {
        const size = Number(url.searchParams.get("size"));
        const id = addFile(size, url.searchParams.get("mime") ?? "application/octet-stream");
        return json(res, 200, { id, ...files.get(id) });
      }
      if (parts[1] === "uploads") return json(res, 200, [...uploads.values()]);
      return json(res, 404, {});
    }
    if (req.method === "POST" && parts[1] === PHONE_NUMBER_ID && parts[2] === "media")
      return upload(req, res);
    if (req.method === "POST" && parts[1] === PHONE_NUMBER_ID && parts[2] === "messages") {
      req.resume();
      req.on("end", () => {
        sent += 1;
        json(res, 200, { messages: [{ id: `wamid.B.${sent}` }] });
      });
      return;
    }
    if (req.method === "GET" && parts[0] === "cdn") {
      const file = files.get(parts[1] ?? "");
      return file ? download(res, file) : json(res, 404, {});
    }
    if (req.method === "GET" && parts.length === 2) {
      const id = parts[1] ?? "";
      const file = files.get(id);
      if (!file) return json(res, 400, { error: { code: 100 } });
      const { port } = server.address() as AddressInfo;
      return json(res, 200, {
        url: `http://127.0.0.1:${port}/cdn/${id}`,
        mime_type: file.mime,
        sha256: file.sha256,
        file_size: file.size,
        id,
      });
    }
    json(res, 404, {});
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    files,
    uploads,
    addFile,
    sentCount: () => sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Run as its own process by media-bench.ts, so the fake's buffers are not counted in the relay's RSS.
if (process.argv[1]?.endsWith("media-fake-graph.ts")) {
  const fake = await startFakeGraph();
  process.stdout.write(`${fake.url}\n`);
  process.on("SIGTERM", () => {
    void fake.close().then(() => process.exit(0));
  });
}
