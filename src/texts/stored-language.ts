// The catalog in the language an inbox is set to (the `language` setting, SPEC §16), for code that has a
// transaction but no command context: notices, held summaries, folded messages.
import { eq } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { settings } from "../store/schema.js";
import { type Catalog, DEFAULT_LANGUAGE, textsIn } from "./catalog.js";

export function inboxTexts(tx: InboxDb): Catalog {
  const stored = tx
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, "language"))
    .get();
  return textsIn(stored?.value ?? DEFAULT_LANGUAGE);
}
