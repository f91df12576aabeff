// /forget +phone [confirm]: erase a customer (SPEC §15). The number must carry its "+", as in /assign:
// a bare number here is too easy to mistype into someone else's.
import { type Args, type ArgsResult, accept, quote, readPhone, reject } from "../args.js";
import type { CommandSpec } from "./spec.js";

export function parseForgetArgs(args: Args): ArgsResult {
  const [phoneToken, confirmToken, ...more] = args.tokens;
  if (phoneToken === undefined) return reject("Whose data? /forget +15551234567");
  const phone = readPhone(phoneToken.text, true);
  if (phone === null) return reject(`${quote(phoneToken.text)} is not a phone number like +15551234567`);
  if (more.length > 0) return reject("/forget takes a phone number and then, to confirm, the word confirm");
  if (confirmToken === undefined) return accept({ name: "forget", phone, confirm: false });
  if (confirmToken.text.toLowerCase() !== "confirm")
    return reject(`${quote(confirmToken.text)}: only the word confirm may follow the number`);
  return accept({ name: "forget", phone, confirm: true });
}

export const FORGET_SPECS: readonly CommandSpec[] = [
  {
    word: "forget",
    aliases: [],
    usage: "Usage: /forget +phone, then /forget +phone confirm within 10 minutes",
    summary: "erase a customer's name, messages and number (admins)",
    family: "staff",
    parseArgs: parseForgetArgs,
  },
];
