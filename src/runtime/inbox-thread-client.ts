// The HTTP side's handle on an Inbox core running on its own thread (inbox-thread.ts). The event loop
// that answers Meta then never waits for SQLite: not for the group commit's fsync (2.7 ms on our
// disks, half the time of a request's whole budget at 320 req/s), not for filing, not for the outbox.
// Messages are plain data; each request carries a sequence number its answer echoes.
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import type { HealthReport } from "../http/app.js";
import type { StoreResult } from "../inbox/inbox.js";
import type { Logger } from "../log.js";

export type ToInbox =
  | { kind: "store"; seq: number; body: string; sha256: string; bytes: number }
  | { kind: "health"; seq: number }
  | { kind: "stop" };

export type FromInbox =
  | { kind: "ready" }
  | { kind: "failed"; error: string }
  | { kind: "stored"; seq: number; result: StoreResult }
  /** A store or health request that failed: the HTTP side answers 503 (store) or 500 (health). */
  | { kind: "request-failed"; seq: number; error: string }
  | { kind: "health"; seq: number; report: Omit<HealthReport, "ok"> }
  | { kind: "stopped" };

type WithoutSeq<T> = T extends unknown ? Omit<T, "seq"> : never;

export type InboxThread = {
  store: (body: string, sha256: string, bytes: number) => Promise<StoreResult>;
  health: () => Promise<Omit<HealthReport, "ok">>;
  /** Files what was accepted, waits for sends in flight, closes the database, ends the thread. */
  stop: () => Promise<void>;
};

// Worker threads do not inherit tsx's loader hooks on Node 20, so the thread registers tsx itself
// before importing its entry (a build with plain .js files would import it directly).
const ENTRY = new URL("./inbox-thread.ts", import.meta.url).href;
const BOOT = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); })`;

/** Starts the thread and resolves once its database is open and migrated; rejects if it cannot start. */
export function startInboxThread(
  config: Config,
  log: Logger,
  onCrash: (error: Error) => void,
): Promise<InboxThread> {
  const worker = new Worker(BOOT, { eval: true, workerData: config });
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let seq = 0;
  let ready = false;
  let stopped: (() => void) | null = null;

  function ask<T>(message: WithoutSeq<Extract<ToInbox, { seq: number }>>): Promise<T> {
    seq += 1;
    const id = seq;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage({ ...message, seq: id });
    });
  }

  function failAll(error: Error): void {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  }

  return new Promise((resolveStart, rejectStart) => {
    worker.on("message", (message: FromInbox) => {
      switch (message.kind) {
        case "ready":
          ready = true;
          resolveStart({
            store: (body, sha256, bytes) => ask<StoreResult>({ kind: "store", body, sha256, bytes }),
            health: () => ask<Omit<HealthReport, "ok">>({ kind: "health" }),
            stop: () =>
              new Promise<void>((resolve) => {
                stopped = resolve;
                worker.postMessage({ kind: "stop" } satisfies ToInbox);
              }),
          });
          return;
        case "failed":
          rejectStart(new Error(message.error));
          return;
        case "stored":
          settle(message.seq, (w) => w.resolve(message.result as never));
          return;
        case "health":
          settle(message.seq, (w) => w.resolve(message.report as never));
          return;
        case "request-failed":
          settle(message.seq, (w) => w.reject(new Error(message.error)));
          return;
        case "stopped":
          stopped?.();
          return;
      }
    });
    worker.on("error", (error) => {
      log.error("inbox thread failed", { error: error.message });
      failAll(error);
      if (ready) onCrash(error);
      else rejectStart(error);
    });
    worker.on("exit", (code) => {
      if (stopped !== null) return stopped();
      const error = new Error(`inbox thread exited with code ${code}`);
      failAll(error);
      if (ready) onCrash(error);
      else rejectStart(error);
    });
  });

  function settle(
    id: number,
    finish: (w: { resolve: (value: never) => void; reject: (e: Error) => void }) => void,
  ) {
    const w = waiting.get(id);
    if (w === undefined) return;
    waiting.delete(id);
    finish(w);
  }
}
