// /forget +phone [confirm]: erase a customer (SPEC §15). The number must carry its "+", as in /assign:
// a bare number here is too easy to mistype into someone else's.
import { type Args, type ArgsResult, accept, quote, readPhone, reject } from "../args.js";
import type { CommandSpec } from "./spec.js";

export function parseForgetArgs(args: Args): ArgsResult {
  const [phoneToken, confirmToken, ...more] = args.tokens;
  if (phoneToken === undefined) return reject((t) => t.argForgetWhom());
  const phone = readPhone(phoneToken.text, true);
  if (phone === null) return reject((t) => t.argNotPhone({ text: quote(phoneToken.text) }));
  if (more.length > 0) return reject((t) => t.argForgetTakes());
  if (confirmToken === undefined) return accept({ name: "forget", phone, confirm: false });
  if (confirmToken.text.toLowerCase() !== "confirm")
    return reject((t) => t.argForgetOnlyConfirm({ text: quote(confirmToken.text) }));
  return accept({ name: "forget", phone, confirm: true });
}

export const FORGET_SPECS: readonly CommandSpec[] = [
  {
    word: "forget",
    aliases: [],
    family: "staff",
    parseArgs: parseForgetArgs,
  },
];
