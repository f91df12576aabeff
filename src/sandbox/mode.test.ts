// The sandbox must never start when real secrets are set (issue 6), whoever asks for it.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { parseConfig, SECRET_NAMES } from "../config.js";
import { silentLogger } from "../log.js";
import { startPipeline } from "../runtime/node/pipeline.js";
import { openNodeDatabase } from "../store/open-node.js";
import { wantsSandbox } from "./mode.js";
import { startSandbox } from "./sandbox.js";

const REAL = {
  WHATSAPP_APP_SECRET: "s",
  WHATSAPP_VERIFY_TOKEN: "v",
  WHATSAPP_ACCESS_TOKEN: "t",
  WHATSAPP_PHONE_NUMBER_ID: "106540352242922",
};

describe("wantsSandbox", () => {
  it.each([
    ["no secrets", {}, true],
    [
      "blank secrets count as none (config.ts agrees)",
      { WHATSAPP_APP_SECRET: " ", WHATSAPP_ACCESS_TOKEN: "" },
      true,
    ],
    ["all four", REAL, false],
    ["only one: the Missing lines, not a sandbox", { WHATSAPP_ACCESS_TOKEN: "t" }, false],
    ["three of four", { ...REAL, WHATSAPP_VERIFY_TOKEN: undefined }, false],
  ])("%s", (_name, env: Record<string, string | undefined>, expected) => {
    expect(wantsSandbox({ PORT: "3000", ...env })).toBe(expected);
  });
});

describe("the sandbox never runs next to real secrets", () => {
  it.each(SECRET_NAMES)("startSandbox refuses when %s is set", async (name) => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-")), PORT: "0", [name]: REAL[name] };
    await expect(startSandbox({ env })).rejects.toThrow(/refusing to start the sandbox/);
  });

  it("the real bot's app has no /sandbox or /graph routes", async () => {
    const parsed = parseConfig(REAL);
    if (!parsed.ok) throw new Error("config");
    const node = await startPipeline({
      config: parsed.config,
      log: silentLogger,
      inbox: {
        clock: manualClock(),
        fetch: async () => new Response("{}"),
        open: () => openNodeDatabase(":memory:"),
        timers: false,
      },
    });
    for (const path of ["/sandbox", "/sandbox/events", "/graph/v25.0/106540352242922/messages"]) {
      expect((await node.app.request(path)).status).toBe(404);
    }
    await node.stop();
  });
});

describe("npm start (runtime/node/main.ts)", () => {
  const entry = ["--import", "tsx", "src/runtime/node/main.ts"];
  const baseEnv = () => ({
    PATH: process.env.PATH,
    DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-")),
    PORT: "0",
  });

  it("with some but not all secrets: the Missing lines and exit 1, no sandbox", () => {
    const run = spawnSync(process.execPath, entry, {
      env: { ...baseEnv(), WHATSAPP_ACCESS_TOKEN: "t" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Missing WHATSAPP_APP_SECRET");
    expect(run.stderr).toContain("Missing WHATSAPP_PHONE_NUMBER_ID");
    expect(run.stderr).not.toContain("Missing WHATSAPP_ACCESS_TOKEN");
    expect(run.stdout).not.toMatch(/sandbox/i);
  });

  it("with none: the sandbox prints its URL and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, entry, { env: baseEnv() });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on("data", () => {
        const found = /Open (http:\/\/127\.0\.0\.1:\d+\/sandbox)/.exec(out)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    expect((await fetch(url)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
