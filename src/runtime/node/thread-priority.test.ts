import { readlinkSync } from "node:fs";
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

const onLinux = process.platform === "linux";

describe.runIf(onLinux)("lowerThisThreadPriority", () => {
  it("lowers the calling thread only: the process's main thread keeps its priority", async () => {
    const entry = new URL("./thread-priority.ts", import.meta.url).href;
    const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })
      .then(({ lowerThisThreadPriority }) => require("node:worker_threads").parentPort.postMessage(lowerThisThreadPriority(10)));`;
    const before = getPriority(process.pid);
    const worker = new Worker(code, { eval: true });
    const nice = await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    expect(nice).toBe(Math.min(19, before + 10));
    const mainTid = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    expect(getPriority(mainTid)).toBe(before);
  });
});
