// The Cloudflare side of the runtime: the shapes of the Workers APIs this project uses, and the Worker's
// environment turned into one Config per business number. With config.ts, the only code on Workers that
// reads the environment.
//
// The Workers types are written out here (only what is used) instead of @cloudflare/workers-types:
// that package declares its own global fetch, Request and Response, which clash with Node's in this
// one TypeScript program.
import { type Config, type ConfigResult, parseConfig } from "../../config.js";
import { jsonLogger, type Logger } from "../../log.js";

export type DurableObjectId = { toString: () => string; readonly name?: string };

export type DurableObjectStub = {
  fetch: (
    input: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ) => Promise<Response>;
};

export type DurableObjectNamespace = {
  idFromName: (name: string) => DurableObjectId;
  get: (id: DurableObjectId) => DurableObjectStub;
};

/** The subset of a SQLite-backed object's storage used here (drizzle's driver uses `sql` and `transactionSync`). */
export type DurableObjectStorage = {
  getAlarm: () => Promise<number | null>;
  setAlarm: (scheduledTime: number) => Promise<void>;
  get: <T>(key: string) => Promise<T | undefined>;
  put: (key: string, value: unknown) => Promise<void>;
};

export type DurableObjectState = {
  readonly id: DurableObjectId;
  readonly storage: DurableObjectStorage;
  blockConcurrencyWhile: <T>(callback: () => Promise<T>) => Promise<T>;
};

/** Bindings from wrangler.toml; everything else is a var or a secret (strings). */
export type WorkerEnv = { INBOX: DurableObjectNamespace } & Record<string, unknown>;

/**
 * The business numbers this deployment serves: `WHATSAPP_PHONE_NUMBER_ID` holds one id or, on Workers,
 * several separated by commas. The first is the primary number (see routeOf in whatsapp/split-by-number.ts).
 */
export function servedNumbers(env: WorkerEnv): string[] {
  const value = env.WHATSAPP_PHONE_NUMBER_ID;
  if (typeof value !== "string") return [];
  return value
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
}

function stringVars(env: WorkerEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string") vars[name] = value;
  return vars;
}

/** The Node Config of one business number: the same variables, validated by the same parseConfig. */
export function configForNumber(env: WorkerEnv, phoneNumberId: string): ConfigResult {
  return parseConfig({ ...stringVars(env), WHATSAPP_PHONE_NUMBER_ID: phoneNumberId });
}

export type WorkerConfig =
  | { ok: true; numbers: string[]; configs: Map<string, Config>; log: Logger }
  | { ok: false; problems: string[]; log: Logger };

/** Every served number's Config; a problem with any of them is a problem with the deployment. */
export function parseWorkerConfig(env: WorkerEnv): WorkerConfig {
  const numbers = servedNumbers(env);
  const configs = new Map<string, Config>();
  const problems: string[] = [];
  if (numbers.length === 0) problems.push("Missing WHATSAPP_PHONE_NUMBER_ID");
  for (const id of numbers) {
    const parsed = configForNumber(env, id);
    if (parsed.ok) configs.set(id, parsed.config);
    else problems.push(...parsed.missingSecrets.map((name) => `Missing ${name}`), ...parsed.problems);
  }
  const first = configs.values().next();
  const log = workerLogger(first.done === true ? "info" : first.value.logLevel);
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)], log };
  return { ok: true, numbers, configs, log };
}

/** JSON lines on console.log, which Workers Logs and `wrangler tail` collect (there is no stdout). */
export function workerLogger(level: Config["logLevel"]): Logger {
  return jsonLogger(level, (line) => console.log(line.trimEnd()));
}
