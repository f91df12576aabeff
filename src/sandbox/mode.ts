// Which program `npm start` runs. The sandbox is for a fresh clone with no Meta account: it starts only
// when NONE of the four WHATSAPP_* secrets is set, so a deployment that sets even one of them (and forgot
// another) gets the real bot's "Missing …" lines instead of a fake inbox answering on its port.
// No imports on purpose: runtime/node.ts loads this module before deciding anything.

/** The same four names config.ts requires (mode.test.ts keeps the two lists equal). */
export const WHATSAPP_SECRET_NAMES = [
  "WHATSAPP_APP_SECRET",
  "WHATSAPP_VERIFY_TOKEN",
  "WHATSAPP_ACCESS_TOKEN",
  "WHATSAPP_PHONE_NUMBER_ID",
] as const;

/** True only when every WHATSAPP_* secret is absent or blank (config.ts treats blank as absent too). */
export function wantsSandbox(env: Record<string, string | undefined>): boolean {
  return WHATSAPP_SECRET_NAMES.every((name) => (env[name] ?? "").trim() === "");
}
