// The catalog in the language an inbox is set to (the `language` setting, SPEC §16), for code that has a
// transaction but no command context: notices, held summaries, folded messages.
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { type Catalog, DEFAULT_LANGUAGE, textsIn } from "./catalog.js";

export function inboxTexts(tx: InboxDb): Catalog {
  const stored = hot(tx).settingValue.get({ key: "language" });
  return textsIn(stored?.value ?? DEFAULT_LANGUAGE);
}
