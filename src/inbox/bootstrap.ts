// INBOX_ADMINS (SPEC §1): each listed admin is created when no staff row, active or removed, has that
// phone. An existing row is never changed by a restart, so commands stay the source of truth.
import { eq, or } from "drizzle-orm";
import type { AdminSeed } from "../config.js";
import type { InboxDb } from "../store/db.js";
import { staff } from "../store/schema.js";

export function bootstrapAdmins(db: InboxDb, admins: readonly AdminSeed[], now: number): string[] {
  const created: string[] = [];
  db.transaction(
    (tx) => {
      for (const admin of admins) {
        const existing = tx
          .select({ id: staff.id })
          .from(staff)
          .where(or(eq(staff.phone, admin.phone), eq(staff.waId, admin.phone.slice(1))))
          .get();
        if (existing) continue;
        const handle = freeHandle(tx, admin.handle);
        tx.insert(staff)
          .values({ handle, phone: admin.phone, waId: admin.phone.slice(1), role: "admin", createdAt: now })
          .run();
        created.push(handle);
      }
    },
    { behavior: "immediate" },
  );
  return created;
}

/** admin, admin2, … : a configured handle already taken by someone else gets a number. */
function freeHandle(tx: InboxDb, wanted: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? wanted : `${wanted}${n}`;
    if (!tx.select({ id: staff.id }).from(staff).where(eq(staff.handle, candidate)).get()) return candidate;
  }
}
