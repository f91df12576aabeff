// The page's "add a customer" form: a name and a number, checked the way the rest of the product reads
// them, so the new phone can write at once and the bot's own commands (/staff add +…, /forget +…) would
// take the same number.
import { readPhone, stripInvisible } from "../commands/args.js";
import type { Person } from "./cast.js";

/** WhatsApp's profile names are short; a name longer than this would not fit a phone's header anyway. */
export const MAX_NAME = 60;

export type NewCustomer = { ok: true; person: Person } | { ok: false; problem: string };

/** What is already on the page: the business's own number and every phone. */
export type Taken = { businessWaId: string; holder: (waId: string) => Person | undefined };

/**
 * "Amara Obi" and "+44 20 7946 0000" (spaces, dashes, dots and brackets as people paste them) make a
 * customer with wa_id "442079460000". Every refusal says what to type instead.
 */
export function readNewCustomer(input: { name?: unknown; phone?: unknown }, taken: Taken): NewCustomer {
  const name = typeof input.name === "string" ? input.name.normalize("NFC").replace(/\s+/gu, " ").trim() : "";
  if (name === "")
    return { ok: false, problem: "Type the customer's name, as their WhatsApp profile shows it." };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001F\u007F]/u.test(name)) return { ok: false, problem: "The name has a control character." };
  if ([...name].length > MAX_NAME)
    return { ok: false, problem: `The name is longer than ${MAX_NAME} characters.` };

  const typed = typeof input.phone === "string" ? stripInvisible(input.phone).replace(/[\s().-]/gu, "") : "";
  const phone = typed === "" ? null : readPhone(typed, false);
  if (phone === null) {
    return {
      ok: false,
      problem: "Type the number with its country code, 6 to 15 digits, e.g. +1 555 010 0150.",
    };
  }
  const waId = phone.slice(1);
  if (waId === taken.businessWaId) {
    return { ok: false, problem: `${phone} is the business's own number; a customer writes to it.` };
  }
  const holder = taken.holder(waId);
  if (holder) {
    const whose = holder.name === phone ? "a phone on this page" : `${holder.name}'s phone`;
    return { ok: false, problem: `${phone} is already ${whose}.` };
  }
  return { ok: true, person: { waId, name, side: "customer" } };
}

/** "+1 555 010 0104": the first free number of the fictional range the sandbox's people use, or "". */
export function suggestNumber(taken: Taken): string {
  for (let n = 104; n <= 199; n++) {
    const waId = `15550100${n}`;
    if (waId !== taken.businessWaId && taken.holder(waId) === undefined) return `+1 555 010 0${n}`;
  }
  return "";
}
