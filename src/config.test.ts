import { describe, expect, it } from "vitest";
import { parseAdminList, parseConfig } from "./config.js";

const SECRETS = {
  WHATSAPP_APP_SECRET: "s",
  WHATSAPP_VERIFY_TOKEN: "v",
  WHATSAPP_ACCESS_TOKEN: "t",
  WHATSAPP_PHONE_NUMBER_ID: "106540352242922",
};

describe("parseConfig", () => {
  it("applies SPEC §9 defaults", () => {
    const result = parseConfig(SECRETS);
    expect(result).toEqual({
      ok: true,
      config: {
        port: 3000,
        dataDir: "./data",
        appSecret: "s",
        verifyToken: "v",
        accessToken: "t",
        phoneNumberId: "106540352242922",
        phoneNumberIds: ["106540352242922"],
        graphApiUrl: "https://graph.facebook.com",
        graphApiVersion: "v25.0",
        admins: [],
        staffGroupId: null,
        staffNotifyTemplate: null,
        businessAccountId: null,
        reopenWindowHours: 24,
        logLevel: "info",
        metricsToken: null,
        rawRetentionDays: 30,
      },
    });
  });

  it("reads several business numbers, comma-separated, the first the primary; each once", () => {
    const several = parseConfig({
      ...SECRETS,
      WHATSAPP_PHONE_NUMBER_ID: " 106540352242922 , 106540352242923",
    });
    expect(several.ok && several.config.phoneNumberIds).toEqual(["106540352242922", "106540352242923"]);
    expect(several.ok && several.config.phoneNumberId).toBe("106540352242922");
    const twice = parseConfig({ ...SECRETS, WHATSAPP_PHONE_NUMBER_ID: "106540352242922,106540352242922" });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems.join("\n")).toContain("listed twice");
    expect(parseConfig({ ...SECRETS, WHATSAPP_PHONE_NUMBER_ID: "106540352242922," }).ok).toBe(false);
  });

  it("reads METRICS_TOKEN; blank means /metrics is open", () => {
    const set = parseConfig({ ...SECRETS, METRICS_TOKEN: " s3cret " });
    expect(set.ok && set.config.metricsToken).toBe("s3cret");
    const blank = parseConfig({ ...SECRETS, METRICS_TOKEN: "  " });
    expect(blank.ok && blank.config.metricsToken).toBeNull();
  });

  it("names every missing secret, in order", () => {
    const result = parseConfig({ WHATSAPP_VERIFY_TOKEN: "v", WHATSAPP_APP_SECRET: "  " });
    expect(result).toMatchObject({
      ok: false,
      missingSecrets: ["WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID"],
    });
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "70000"],
    ["GRAPH_API_VERSION", "25"],
    ["GRAPH_API_URL", "ftp://x"],
    ["REOPEN_WINDOW_HOURS", "-1"],
    ["WHATSAPP_PHONE_NUMBER_ID", "+1 555"],
    ["WHATSAPP_BUSINESS_ACCOUNT_ID", "waba-102290129340398"],
    ["LOG_LEVEL", "loud"],
    ["RAW_RETENTION_DAYS", "-1"],
    ["RAW_RETENTION_DAYS", "2.5"],
    ["RAW_RETENTION_DAYS", "a month"],
  ])("reports a bad %s=%s by name", (name, value) => {
    const result = parseConfig({ ...SECRETS, [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toContain(name);
  });

  it("reads WHATSAPP_BUSINESS_ACCOUNT_ID, trimmed; blank means not set", () => {
    const set = parseConfig({ ...SECRETS, WHATSAPP_BUSINESS_ACCOUNT_ID: " 102290129340398 " });
    expect(set.ok && set.config.businessAccountId).toBe("102290129340398");
    const blank = parseConfig({ ...SECRETS, WHATSAPP_BUSINESS_ACCOUNT_ID: "  " });
    expect(blank.ok && blank.config.businessAccountId).toBe(null);
  });

  it("keeps REOPEN_WINDOW_HOURS=0 (never reopen) and strips a trailing slash from GRAPH_API_URL", () => {
    const result = parseConfig({
      ...SECRETS,
      REOPEN_WINDOW_HOURS: "0",
      GRAPH_API_URL: "http://127.0.0.1:9999/",
    });
    expect(result.ok && result.config.reopenWindowHours).toBe(0);
    expect(result.ok && result.config.graphApiUrl).toBe("http://127.0.0.1:9999");
  });
});

describe("RAW_RETENTION_DAYS", () => {
  it("reads whole days, 0 included (deleted once filed)", () => {
    for (const [value, days] of [
      ["7", 7],
      ["0", 0],
      [" 365 ", 365],
    ] as const) {
      const result = parseConfig({ ...SECRETS, RAW_RETENTION_DAYS: value });
      expect(result.ok && result.config.rawRetentionDays).toBe(days);
    }
  });
});

describe("parseAdminList (INBOX_ADMINS)", () => {
  it.each([
    ["", []],
    ["+15550000001", [{ handle: "admin", phone: "+15550000001" }]],
    [
      "15550000001, +15550000002",
      [
        { handle: "admin", phone: "+15550000001" },
        { handle: "admin2", phone: "+15550000002" },
      ],
    ],
    [
      "Maria:+15550000001,bob:15550000002,+15550000003",
      [
        { handle: "maria", phone: "+15550000001" },
        { handle: "bob", phone: "+15550000002" },
        { handle: "admin", phone: "+15550000003" },
      ],
    ],
    // Any script, in the normal form /staff add stores (SPEC §16).
    [
      "@Zoe\u0308:+15550000001,María:+15550000002",
      [
        { handle: "zoë", phone: "+15550000001" },
        { handle: "maría", phone: "+15550000002" },
      ],
    ],
  ])("%j", (value, admins) => {
    expect(parseAdminList(value)).toEqual({ admins, problems: [] });
  });

  it.each(["maria", "maria:+12", "ma ria:+15550000001", "😀:+15550000001"])(
    "refuses %j with a clear problem",
    (value) => {
      const { admins, problems } = parseAdminList(value);
      expect(admins).toEqual([]);
      expect(problems[0]).toMatch(/^INBOX_ADMINS: /);
    },
  );
});
