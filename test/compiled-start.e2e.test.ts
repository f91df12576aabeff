// `npm start` on a fresh copy of the repository (no dist/): it builds once, runs plain `node` on the built
// files (the process listening on the port is checked, not the README), the Inbox thread boots from
// dist/ too, and SIGTERM to the npm process (what Docker and systemd send) stops the bot gracefully, so
// a new `npm start` on the same DATA_DIR gets its lock at once and does not build again.
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, healthz, postWebhook, textBody, waitFor } from "./kit/bot-http.js";
import { BENCH_PHONE_NUMBER_ID, BENCH_SECRET } from "./kit/bot-process.js";

const ROOT = join(import.meta.dirname, "..");
/** What a clone has that the bot needs (node_modules is linked: installing is not under test). */
const COPIED = ["src", "migrations", "scripts", "package.json", "package-lock.json", "tsconfig.json"];

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "inbox-clone-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of COPIED) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(dir, "node_modules"));
  return dir;
}

type Started = { npm: ChildProcess; output: () => string; exited: Promise<number | null> };

function npmStart(cwd: string, env: Record<string, string>): Started {
  const npm = spawn("npm", ["start"], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  npm.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  cleanups.push(() => {
    if (npm.exitCode === null && npm.signalCode === null) npm.kill("SIGKILL");
  });
  return { npm, output: () => output, exited };
}

/** The pid whose socket listens on 127.0.0.1/0.0.0.0/:: `port` (Linux /proc). */
function listenerPid(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the socket's inode.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (inodes.has(target.replace(/^socket:\[(\d+)\]$/, "$1"))) return Number(pid);
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return null;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform === "linux")("npm start (compiled)", () => {
  it("builds a fresh copy once, runs node on dist/, and stops on SIGTERM to npm so a restart gets the lock", async () => {
    const copy = freshCopy();
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: join(copy, "data"),
      WHATSAPP_APP_SECRET: BENCH_SECRET,
      WHATSAPP_VERIFY_TOKEN: "bench",
      WHATSAPP_ACCESS_TOKEN: "bench-token",
      WHATSAPP_PHONE_NUMBER_ID: BENCH_PHONE_NUMBER_ID,
      GRAPH_API_URL: "http://127.0.0.1:9",
      LOG_LEVEL: "info",
    };
    const url = `http://127.0.0.1:${port}`;
    const up = () => healthz(url).then((report) => report.ok === true);

    const first = npmStart(copy, env);
    expect(await waitFor(up, 90_000, 100)).toBe(true);
    expect(first.output()).toContain("Building dist/ (dist/ is missing)");

    const pid = listenerPid(port);
    expect(pid).not.toBeNull();
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(argv).toEqual(["node", "dist/main.js"]);
    expect(realpathSync(`/proc/${pid}/cwd`)).toBe(realpathSync(copy));
    expect(readlinkSync(`/proc/${pid}/exe`)).toBe(realpathSync(process.execPath));
    expect(first.output()).toContain(`"file":"${join(realpathSync(copy), "dist", "inbox-thread.js")}"`);
    expect(first.output()).not.toMatch(/tsx/);

    // Work in flight at the signal is finished, not dropped.
    expect(await postWebhook(url, textBody("15551230001", "wamid.compiled.1", "hello"))).toBe(200);

    first.npm.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(await waitFor(async () => !alive(pid as number), 10_000, 50)).toBe(true);
    expect(first.output()).toContain('"msg":"shutting down","signal":"SIGTERM"');
    expect(first.output()).toContain('"msg":"stopped"');

    // Same DATA_DIR at once: the lock was released; dist/ is up to date, so no build.
    const second = npmStart(copy, env);
    expect(await waitFor(up, 30_000, 100)).toBe(true);
    expect(second.output()).not.toContain("Building dist/");
    expect((await healthz(url)).eventsPending).toBe(0);
    second.npm.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});
