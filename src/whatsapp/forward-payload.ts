// A customer's location or shared contacts as a message the bot can send on (SPEC §11): read from the
// message as Meta sent it, since the send API takes the same shapes. Kept in whatsapp/, the only code
// that reads Meta's raw field names.
import { MAX_SHARED_CONTACT_CARDS } from "./body-limits.js";
import type { GraphMessage } from "./graph-client.js";
import type { InboundMessage } from "./updates.js";
import { contactsMessageSchema, locationMessageSchema, vcardSchema } from "./webhook-message-schema.js";

/** Cards sent on: enough for any real share, and a bounded payload. */
const CARDS_SENT = 20;

export function forwardableMessage(msg: InboundMessage): GraphMessage | null {
  if (msg.type === "location") {
    const parsed = locationMessageSchema.safeParse(msg.raw);
    if (!parsed.success) return null;
    const { latitude, longitude, name, address } = parsed.data.location;
    const location: Record<string, unknown> = { latitude, longitude };
    if (name) location.name = name;
    if (address) location.address = address;
    return { type: "location", location };
  }
  if (msg.type === "contacts") {
    const parsed = contactsMessageSchema.safeParse(msg.raw);
    if (!parsed.success) return null;
    const cards = parsed.data.contacts
      .slice(0, Math.min(CARDS_SENT, MAX_SHARED_CONTACT_CARDS))
      // The send API requires a name with formatted_name; a card without one cannot go.
      .filter((card) => vcardSchema.safeParse(card).success && hasFormattedName(card));
    return cards.length === 0 ? null : { type: "contacts", contacts: cards };
  }
  return null;
}

function hasFormattedName(card: unknown): boolean {
  const name = typeof card === "object" && card !== null ? (card as { name?: unknown }).name : undefined;
  const formatted =
    typeof name === "object" && name !== null
      ? (name as { formatted_name?: unknown }).formatted_name
      : undefined;
  return typeof formatted === "string" && formatted.trim() !== "";
}
