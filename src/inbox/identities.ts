// Who is writing: a staff member or a customer. Identities may carry a phone-based wa_id, a BSUID,
// or both (SPEC §1, reference §9), so every lookup tries each and fills in what was missing.
import { eq } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { contacts, staff } from "../store/schema.js";
import type { Identity } from "../whatsapp/updates.js";

export type StaffRow = typeof staff.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;

/** An active staff member matching this sender, with any newly learned ids saved. */
export function findActiveStaff(tx: InboxDb, who: Identity): StaffRow | undefined {
  if (!who.waId && !who.bsuid) return undefined;
  const rows = hot(tx).staffByIdentity.all({
    waId: who.waId,
    phone: who.waId ? `+${who.waId}` : null,
    bsuid: who.bsuid,
  });
  const row = rows.find((r) => r.active);
  if (!row) return undefined;
  const learn: Partial<StaffRow> = {};
  if (who.waId && row.waId !== who.waId) learn.waId = who.waId;
  if (who.bsuid && row.bsuid !== who.bsuid) learn.bsuid = who.bsuid;
  if (Object.keys(learn).length > 0) {
    tx.update(staff).set(learn).where(eq(staff.id, row.id)).run();
    Object.assign(row, learn);
  }
  return row;
}

/** The customer's contact row, created on first contact; name and ids kept current. */
export function upsertContact(tx: InboxDb, who: Identity, now: number): ContactRow {
  const q = hot(tx);
  const existing =
    who.waId || who.bsuid ? q.contactsByIdentity.all({ waId: who.waId, bsuid: who.bsuid }) : [];
  // Prefer the row that matches the phone-based id; a second row can only exist if the same person
  // was first seen by BSUID alone, which we keep separate rather than merge histories silently.
  const row = existing.find((c) => who.waId && c.waId === who.waId) ?? existing[0];
  if (!row) {
    const inserted = q.insertContact.get({
      waId: who.waId,
      bsuid: who.bsuid,
      name: who.name,
      username: who.username,
      now,
    });
    if (!inserted) throw new Error("contact insert returned nothing");
    return inserted;
  }
  const changes: Partial<ContactRow> = {};
  if (who.name && who.name !== row.name) changes.name = who.name;
  if (who.username && who.username !== row.username) changes.username = who.username;
  if (who.waId && !row.waId && !existing.some((c) => c.waId === who.waId)) changes.waId = who.waId;
  if (who.bsuid && !row.bsuid && !existing.some((c) => c.bsuid === who.bsuid)) changes.bsuid = who.bsuid;
  if (Object.keys(changes).length === 0) return row;
  tx.update(contacts)
    .set({ ...changes, updatedAt: now })
    .where(eq(contacts.id, row.id))
    .run();
  return { ...row, ...changes, updatedAt: now };
}

/**
 * `system` user_changed_number: the same person now writes from a new id. The contact keeps its
 * conversations; its ids move to the new ones unless another contact already holds them.
 */
export function linkChangedNumber(
  tx: InboxDb,
  contact: ContactRow,
  changedTo: { waId: string | null; bsuid: string | null },
  now: number,
): ContactRow {
  const changes: Partial<ContactRow> = {};
  if (changedTo.waId && changedTo.waId !== contact.waId) {
    const taken = tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.waId, changedTo.waId))
      .get();
    if (!taken) changes.waId = changedTo.waId;
  }
  if (changedTo.bsuid && changedTo.bsuid !== contact.bsuid) {
    const taken = tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.bsuid, changedTo.bsuid))
      .get();
    if (!taken) changes.bsuid = changedTo.bsuid;
  }
  if (Object.keys(changes).length === 0) return contact;
  tx.update(contacts)
    .set({ ...changes, updatedAt: now })
    .where(eq(contacts.id, contact.id))
    .run();
  return { ...contact, ...changes, updatedAt: now };
}

/** Where to send a contact a message: the phone-based id when known, else the BSUID. */
export function contactAddress(contact: Pick<ContactRow, "waId" | "bsuid">): string | null {
  return contact.waId ?? contact.bsuid;
}

const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * A right-to-left name is wrapped in Unicode isolates (U+2068 … U+2069): without them the line it sits
 * in ("#2 · ليلى 🌸 · +1555…") is laid out right to left and the phone number shows as "1555…+".
 */
export function contactLabel(contact: Pick<ContactRow, "name" | "waId" | "bsuid" | "username">): string {
  // Every customer has a wa_id or a BSUID (normalize ignores a message with neither); only /forget
  // (inbox/forget.ts) leaves a contact with no name and no id.
  const label =
    contact.name ?? contact.username ?? (contact.waId ? `+${contact.waId}` : (contact.bsuid ?? "forgotten"));
  return RIGHT_TO_LEFT.test(label) ? `\u2068${label}\u2069` : label;
}

/**
 * The customer with their number, each once (SPEC §16): "Sheena · +15557770001", and just
 * "+15557770001" when the number is all we know of them.
 */
export function contactWithNumber(contact: Pick<ContactRow, "name" | "waId" | "bsuid" | "username">): string {
  const label = contactLabel(contact);
  const phone = contact.waId ? `+${contact.waId}` : null;
  return phone === null || label === phone ? label : `${label} · ${phone}`;
}
