// Worker-thread plumbing (the Node entry runs its Inbox core on a thread): booting a .ts entry under
// tsx, numbered requests whose answers echo the number, a start that settles once the thread is ready
// (or could not start), and a crash that reaches the caller. Messages are plain data.
import { writeSync } from "node:fs";
import { parentPort, type TransferListItem, Worker } from "node:worker_threads";
import { jsonLogger, type Logger, type LogLevel } from "../log.js";

export type ToThread<Req> = { kind: "request"; seq: number; request: Req } | { kind: "stop" };

export type FromThread<Res, Ready> =
  | { kind: "ready"; info: Ready }
  | { kind: "failed"; error: string }
  | { kind: "reply"; seq: number; value: Res }
  /** The request failed: the caller's promise rejects with this message. */
  | { kind: "request-failed"; seq: number; error: string }
  | { kind: "stopped" };

export type ThreadHandle<Req, Res> = {
  ask: (request: Req) => Promise<Res>;
  /** Lets the thread finish its work and close what it opened, then ends it. */
  stop: () => Promise<void>;
};

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Starts `entry` (a .ts module calling serveThread) and resolves once it is ready. */
export function startThread<Req, Res, Ready>(options: {
  entry: URL;
  name: string;
  workerData: unknown;
  transferList?: TransferListItem[];
  log: Logger;
  onCrash: (error: Error) => void;
}): Promise<{ thread: ThreadHandle<Req, Res>; ready: Ready }> {
  // Worker threads do not inherit tsx's loader hooks on Node 20, so the thread registers tsx itself
  // before importing its entry (a build with plain .js files would import it directly).
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(options.entry.href)}); })`;
  const worker = new Worker(boot, {
    eval: true,
    name: options.name,
    workerData: options.workerData,
    transferList: options.transferList,
  });
  const waiting = new Map<number, { resolve: (value: Res) => void; reject: (error: Error) => void }>();
  let seq = 0;
  let ready = false;
  let stopped: (() => void) | null = null;

  const thread: ThreadHandle<Req, Res> = {
    ask: (request) =>
      new Promise<Res>((resolve, reject) => {
        seq += 1;
        waiting.set(seq, { resolve, reject });
        worker.postMessage({ kind: "request", seq, request } satisfies ToThread<Req>);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = resolve;
        worker.postMessage({ kind: "stop" } satisfies ToThread<Req>);
      }),
  };

  const settle = (id: number) => {
    const entry = waiting.get(id);
    waiting.delete(id);
    return entry;
  };
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };

  return new Promise((resolveStart, rejectStart) => {
    const fail = (error: Error) => {
      failAll(error);
      if (ready) options.onCrash(error);
      else rejectStart(error);
    };
    worker.on("message", (message: FromThread<Res, Ready>) => {
      switch (message.kind) {
        case "ready":
          ready = true;
          resolveStart({ thread, ready: message.info });
          return;
        case "failed":
          rejectStart(new Error(message.error));
          return;
        case "reply":
          settle(message.seq)?.resolve(message.value);
          return;
        case "request-failed":
          settle(message.seq)?.reject(new Error(message.error));
          return;
        case "stopped":
          stopped?.();
          return;
      }
    });
    worker.on("error", (error) => {
      options.log.error(`${options.name} failed`, { error: error.message });
      fail(error);
    });
    worker.on("exit", (code) => {
      if (stopped !== null) return stopped();
      fail(new Error(`${options.name} exited with code ${code}`));
    });
  });
}

export type ThreadService<Req, Res, Ready> = {
  ready: Ready;
  answer: (request: Req) => Res | Promise<Res>;
  stop: () => Promise<void> | void;
};

/** The thread's side: builds its service (a failure is reported and ends the thread), then serves. */
export async function serveThread<Req, Res, Ready>(
  start: () => ThreadService<Req, Res, Ready> | Promise<ThreadService<Req, Res, Ready>>,
): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("serveThread runs in a worker thread");
  const post = (message: FromThread<Res, Ready>) => port.postMessage(message);
  let service: ThreadService<Req, Res, Ready>;
  try {
    service = await start();
  } catch (error) {
    post({ kind: "failed", error: messageOf(error) });
    process.exit(1);
  }
  port.on("message", (message: ToThread<Req>) => {
    if (message.kind === "stop") {
      void Promise.resolve(service.stop()).then(() => {
        post({ kind: "stopped" });
        port.close();
      });
      return;
    }
    const { seq } = message;
    try {
      const value = service.answer(message.request);
      if (value instanceof Promise) {
        value.then(
          (v) => post({ kind: "reply", seq, value: v }),
          (error: unknown) => post({ kind: "request-failed", seq, error: messageOf(error) }),
        );
      } else {
        post({ kind: "reply", seq, value });
      }
    } catch (error) {
      // A failing request must not take the thread (and with it the process) down.
      post({ kind: "request-failed", seq, error: messageOf(error) });
    }
  });
  post({ kind: "ready", info: service.ready });
}

/**
 * A thread's log, written straight to fd 1: relaying each line through the HTTP thread would put the
 * log back on the loop the threads exist to keep free. Lines are short, so each write is atomic.
 */
export function threadLog(level: LogLevel): Logger {
  return jsonLogger(level, (line) => {
    try {
      writeSync(1, line);
    } catch {
      // stdout is gone (a closed pipe): the log is lost, the thread goes on.
    }
  });
}
