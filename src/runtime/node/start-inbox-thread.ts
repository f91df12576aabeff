// Places the Inbox side (inbox-side.ts) on a worker thread of its own: the production placement.
import { type MessagePort, Worker } from "node:worker_threads";
import type { Config } from "../../config.js";

/**
 * The built bot (dist/, `npm start`) boots the thread from dist/inbox-thread.js beside this file. Run from
 * TypeScript (`npm run dev`, the tests), worker threads do not inherit tsx's loader hooks on Node 20, so
 * the thread registers tsx itself before importing its entry.
 */
export function startInboxThread(
  config: Config,
  port: MessagePort,
  failedToStart: (error: Error) => void,
  crashed: (error: Error) => void,
): Worker {
  const options = { name: "inbox thread", workerData: { config, port }, transferList: [port] };
  let worker: Worker;
  if (import.meta.url.endsWith(".ts")) {
    const entry = new URL("./inbox-thread.ts", import.meta.url).href;
    const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    worker = new Worker(boot, { ...options, eval: true });
  } else {
    worker = new Worker(new URL("./inbox-thread.js", import.meta.url), options);
  }
  worker.on("error", (error) => {
    failedToStart(error);
    crashed(error);
  });
  worker.on("exit", (code) => {
    const error = new Error(`the inbox thread exited with code ${code}`);
    failedToStart(error);
    crashed(error);
  });
  return worker;
}
