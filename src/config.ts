// The configuration of SPEC §9, validated once at each entry point. Only runtime/ passes the
// environment in; everything else receives a typed Config.
import { z } from "zod";
import { handleFrom } from "./domain/names.js";

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

/** The four secrets a real deployment needs; with none of them set, `npm start` runs the sandbox. */
export const SECRET_NAMES = [
  "WHATSAPP_APP_SECRET",
  "WHATSAPP_VERIFY_TOKEN",
  "WHATSAPP_ACCESS_TOKEN",
  "WHATSAPP_PHONE_NUMBER_ID",
] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  WHATSAPP_APP_SECRET: optionalText,
  WHATSAPP_VERIFY_TOKEN: optionalText,
  WHATSAPP_ACCESS_TOKEN: optionalText,
  // One number, or several of one WhatsApp Business Account separated by commas (SPEC §15).
  WHATSAPP_PHONE_NUMBER_ID: optionalText.pipe(
    z
      .string()
      .regex(
        /^\d+(\s*,\s*\d+)*$/,
        "must be the numeric phone number id from Meta's dashboard (several: separated by commas)",
      )
      .optional(),
  ),
  GRAPH_API_URL: z.url({ protocol: /^https?$/ }).default("https://graph.facebook.com"),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "must look like v25.0")
    .default("v25.0"),
  INBOX_ADMINS: optionalText,
  STAFF_GROUP_ID: optionalText,
  STAFF_NOTIFY_TEMPLATE: optionalText,
  WHATSAPP_BUSINESS_ACCOUNT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be the numeric WhatsApp Business Account id from WhatsApp Manager")
      .optional(),
  ),
  REOPEN_WINDOW_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  METRICS_TOKEN: optionalText,
  /** Days a processed raw webhook body is kept (inbox/retention.ts); 0 = deleted once filed. */
  RAW_RETENTION_DAYS: z.coerce.number().int("must be a whole number of days").min(0).max(3650).default(30),
});

export type AdminSeed = { handle: string; phone: string };

export type Config = {
  port: number;
  dataDir: string;
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  /** The number this Inbox serves: the first of phoneNumberIds until the runtime picks one (forNumber). */
  phoneNumberId: string;
  /** Every business number this process serves, in the order given; the first is the primary. */
  phoneNumberIds: string[];
  graphApiUrl: string;
  graphApiVersion: string;
  admins: AdminSeed[];
  staffGroupId: string | null;
  staffNotifyTemplate: string | null;
  /** For /templates (SPEC §4): null means the approved templates are not read, and /template is unchecked. */
  businessAccountId: string | null;
  reopenWindowHours: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Required as a Bearer token on GET /metrics when set (SPEC §17.18); null leaves it open. */
  metricsToken: string | null;
  rawRetentionDays: number;
};

export type ConfigResult =
  | { ok: true; config: Config }
  | { ok: false; missingSecrets: string[]; problems: string[] };

/**
 * Parses `INBOX_ADMINS`: comma-separated `handle:+phone` or a bare phone (with or without +).
 * Bare phones get handles admin, admin2, … (SPEC §1).
 */
export function parseAdminList(value: string | undefined): { admins: AdminSeed[]; problems: string[] } {
  const admins: AdminSeed[] = [];
  const problems: string[] = [];
  if (!value) return { admins, problems };
  let bare = 0;
  for (const item of value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [left, right] = item.includes(":") ? item.split(":", 2) : [undefined, item];
    const digits = (right ?? "").replace(/[\s-]/g, "").replace(/^\+/, "");
    if (!/^\d{6,15}$/.test(digits)) {
      problems.push(`INBOX_ADMINS: "${item}" is not handle:+phone or a phone number`);
      continue;
    }
    // The handle's normal form, as /staff add would store it (domain/names.ts).
    let handle = left === undefined ? undefined : handleFrom(left.trim().replace(/^[@＠]/, ""));
    if (handle === null) {
      problems.push(`INBOX_ADMINS: handle "${left}" must be 1-32 letters, digits, _ . or -`);
      continue;
    }
    if (handle === undefined) {
      bare += 1;
      handle = bare === 1 ? "admin" : `admin${bare}`;
    }
    admins.push({ handle, phone: `+${digits}` });
  }
  return { admins, problems };
}

export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join(".") || "environment"}: ${issue.message}`);
    }
    return { ok: false, missingSecrets: [], problems };
  }
  const e = parsed.data;
  const missingSecrets = SECRET_NAMES.filter((name) => !e[name]);
  const { admins, problems: adminProblems } = parseAdminList(e.INBOX_ADMINS);
  problems.push(...adminProblems);
  const phoneNumberIds = (e.WHATSAPP_PHONE_NUMBER_ID ?? "").split(",").map((id) => id.trim());
  if (new Set(phoneNumberIds).size !== phoneNumberIds.length) {
    problems.push("WHATSAPP_PHONE_NUMBER_ID: a number is listed twice");
  }
  if (missingSecrets.length > 0 || problems.length > 0) {
    return { ok: false, missingSecrets, problems };
  }
  return {
    ok: true,
    config: {
      port: e.PORT,
      dataDir: e.DATA_DIR,
      appSecret: e.WHATSAPP_APP_SECRET ?? "",
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? "",
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? "",
      phoneNumberId: phoneNumberIds[0] ?? "",
      phoneNumberIds,
      graphApiUrl: e.GRAPH_API_URL.replace(/\/+$/, ""),
      graphApiVersion: e.GRAPH_API_VERSION,
      admins,
      staffGroupId: e.STAFF_GROUP_ID ?? null,
      staffNotifyTemplate: e.STAFF_NOTIFY_TEMPLATE ?? null,
      businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID ?? null,
      reopenWindowHours: e.REOPEN_WINDOW_HOURS,
      logLevel: e.LOG_LEVEL,
      metricsToken: e.METRICS_TOKEN ?? null,
      rawRetentionDays: e.RAW_RETENTION_DAYS,
    },
  };
}

/**
 * The Config of one of the numbers a process serves: everything else (INBOX_ADMINS, STAFF_GROUP_ID,
 * STAFF_NOTIFY_TEMPLATE, METRICS_TOKEN, …) applies to every number alike (SPEC §17.17).
 */
export function forNumber(config: Config, phoneNumberId: string): Config {
  return { ...config, phoneNumberId };
}

/**
 * What a tool run beside the bot needs (scripts/backup.ts): DATA_DIR and PORT as the bot reads them, and
 * the app secret when set. No secret is required, so it also works where only DATA_DIR is set.
 */
export function parseToolEnv(
  env: Record<string, string | undefined>,
): { ok: true; dataDir: string; port: number; appSecret: string | null } | { ok: false; problems: string[] } {
  const parsed = envSchema.pick({ DATA_DIR: true, PORT: true, WHATSAPP_APP_SECRET: true }).safeParse(env);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const e = parsed.data;
  return { ok: true, dataDir: e.DATA_DIR, port: e.PORT, appSecret: e.WHATSAPP_APP_SECRET ?? null };
}
