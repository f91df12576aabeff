// Which program `npm start` runs. The sandbox is for a fresh clone with no Meta account: it starts only
// when NONE of the four WHATSAPP_* secrets is set, so a deployment that sets even one of them (and forgot
// another) gets the real bot's "Missing …" lines instead of a fake inbox answering on its port.
import { SECRET_NAMES } from "../config.js";

/** True only when every WHATSAPP_* secret is absent or blank (config.ts treats blank as absent too). */
export function wantsSandbox(env: Record<string, string | undefined>): boolean {
  return SECRET_NAMES.every((name) => (env[name] ?? "").trim() === "");
}
