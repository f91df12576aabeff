// Runs the Worker and its Durable Objects in the real local Workers runtime (workerd, through Miniflare),
// offline. The Worker is bundled here with esbuild (as wrangler does, with the same Text rule for *.sql),
// so a fresh clone needs no build step; wrangler.toml itself supplies the compatibility date, the object
// binding and the vars, so the tests run what `wrangler deploy` would configure.
// A fake Graph API answers the Worker's outbound fetches, in this process.
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { build } from "esbuild";
import { Miniflare, type Request as MiniflareRequest, Response as MiniflareResponse } from "miniflare";
import type { DurableObjectNamespace } from "../../src/runtime/workers/worker-env.js";
import { signBody } from "../../src/whatsapp/signature.js";
import { fakeGraphMedia } from "./miniflare-media.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WORKER_SECRET = "worker-test-secret";
export const WORKER_GRAPH = "https://graph.worker.test";

const bundles = new Map<string, Promise<string>>();

/** Bundles a Worker entry (path from the repo root) once per process; returns the bundle's text. */
export function bundleWorker(entry = "src/runtime/workers/worker.ts"): Promise<string> {
  let bundled = bundles.get(entry);
  if (bundled === undefined) {
    bundled = build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      // The conditions and fields wrangler resolves packages with for workerd.
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["browser", "module", "main"],
      loader: { ".sql": "text" },
      external: ["cloudflare:*"],
      logLevel: "silent",
    }).then((result) => {
      const file = result.outputFiles[0];
      if (file === undefined) throw new Error(`esbuild produced no bundle for ${entry}`);
      return file.text;
    });
    bundles.set(entry, bundled);
  }
  return bundled;
}

/** Runs test/kit/driver-checks.ts inside a SQLite-backed Durable Object; returns its report. */
export async function runDriverChecksInWorkerd(): Promise<unknown> {
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker("test/kit/driver-probe-worker.ts"),
    compatibilityDate: "2026-04-20",
    durableObjects: { INBOX: { className: "DriverProbe", useSQLite: true } },
  });
  try {
    const response = await mf.dispatchFetch("http://probe/");
    if (response.status !== 200)
      throw new Error(`probe answered ${response.status}: ${await response.text()}`);
    return await response.json();
  } finally {
    await mf.dispose();
  }
}

/** One message the Worker sent to the fake Graph API. */
export type GraphCall = {
  phoneNumberId: string;
  to: string;
  text: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
};

export type WorkerRuntimeOptions = {
  /** WHATSAPP_PHONE_NUMBER_ID: the served numbers, first = primary. */
  numbers: string[];
  /** More vars, over wrangler.toml's and the test defaults. */
  vars?: Record<string, string>;
  /** Listen on 127.0.0.1 (for a load generator); tests use dispatchFetch. */
  port?: number;
};

export type WorkerRuntime = Awaited<ReturnType<typeof startWorkerRuntime>>;

export async function startWorkerRuntime(options: WorkerRuntimeOptions) {
  const [script, wrangler] = await Promise.all([bundleWorker(), import("wrangler")]);
  const fromToml = wrangler.unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml")).workerOptions;
  const persist = await mkdtemp(join(tmpdir(), "inbox-worker-"));
  const graphCalls: GraphCall[] = [];
  const logs: string[] = [];

  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: fromToml.compatibilityDate,
    compatibilityFlags: fromToml.compatibilityFlags,
    durableObjects: fromToml.durableObjects,
    bindings: {
      ...fromToml.bindings,
      WHATSAPP_APP_SECRET: WORKER_SECRET,
      WHATSAPP_VERIFY_TOKEN: "worker-verify",
      WHATSAPP_ACCESS_TOKEN: "worker-token",
      WHATSAPP_PHONE_NUMBER_ID: options.numbers.join(","),
      GRAPH_API_URL: WORKER_GRAPH,
      INBOX_ADMINS: "ada:+15550000001",
      LOG_LEVEL: "warn",
      ...options.vars,
    },
    durableObjectsPersist: persist,
    ...(options.port === undefined ? {} : { host: "127.0.0.1", port: options.port }),
    handleStructuredLogs: ({ message }: { message: string }) => {
      logs.push(message);
    },
    outboundService: async (request: MiniflareRequest) => fakeGraph(request, graphCalls),
  });
  const url = await mf.ready;
  // Miniflare types the namespace with @cloudflare/workers-types, which this project does not install.
  const inbox = (await mf.getDurableObjectNamespace("INBOX")) as unknown as Pick<
    DurableObjectNamespace,
    "idFromName"
  >;

  /** Where an object's SQLite file is: Miniflare names it by the object's id. */
  function databaseFile(phoneNumberId: string): string | null {
    const name = `${inbox.idFromName(phoneNumberId).toString()}.sqlite`;
    for (const dir of readdirSync(persist, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      if (readdirSync(join(persist, dir.name)).includes(name)) return join(persist, dir.name, name);
    }
    return null;
  }

  return {
    mf,
    url: url.toString().replace(/\/$/, ""),
    graphCalls,
    logs,

    /** POST /webhook with Meta's signature (or the given header; null = none). */
    async post(body: unknown, signature?: string | null): Promise<Response> {
      const bytes = new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
      const header = signature === undefined ? await signBody(WORKER_SECRET, bytes) : signature;
      const response = await mf.dispatchFetch(`${url}webhook`, {
        method: "POST",
        body: bytes,
        headers: {
          "content-type": "application/json",
          ...(header === null ? {} : { "x-hub-signature-256": header }),
        },
      });
      return response as unknown as Response;
    },

    async get(path: string): Promise<Response> {
      return (await mf.dispatchFetch(`${url}${path.replace(/^\//, "")}`)) as unknown as Response;
    },

    /**
     * Rows from one number's object database, read from its file beside the running runtime (SQLite
     * allows readers while workerd writes). An object that never started has no file: no rows.
     */
    query<Row = Record<string, unknown>>(phoneNumberId: string, sql: string, ...params: unknown[]): Row[] {
      const file = databaseFile(phoneNumberId);
      if (file === null) return [];
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(sql).all(...params) as Row[];
      } finally {
        db.close();
      }
    },

    async dispose(): Promise<void> {
      await mf.dispose();
      await rm(persist, { recursive: true, force: true });
    },
  };
}

let wamids = 0;

/** Answers every send as Meta does (a fresh wamid) and records it. */
async function fakeGraph(request: MiniflareRequest, calls: GraphCall[]): Promise<MiniflareResponse> {
  const media = await fakeGraphMedia(request, WORKER_GRAPH);
  if (media !== null) return media;
  const url = new URL(request.url);
  const match = /^\/v[\d.]+\/(\d+)\/messages$/.exec(url.pathname);
  if (url.origin !== WORKER_GRAPH || request.method !== "POST" || match?.[1] === undefined) {
    return new MiniflareResponse("unexpected request in a test", { status: 599 });
  }
  const body = (await request.json()) as Record<string, unknown>;
  // What the person reads: a text's body, or the body of a message with buttons or a list.
  const text = (body.text ?? (body.interactive as { body?: unknown } | undefined)?.body) as
    | { body?: unknown; text?: unknown }
    | undefined;
  const read = text?.body ?? text?.text;
  calls.push({
    phoneNumberId: match[1],
    to: String(body.to ?? body.recipient ?? ""),
    text: typeof read === "string" ? read : null,
    authorization: request.headers.get("authorization"),
    body,
  });
  wamids += 1;
  return MiniflareResponse.json({
    messaging_product: "whatsapp",
    messages: [{ id: `wamid.WORKER.${wamids}` }],
  });
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
