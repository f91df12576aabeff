// migrations/ as the Durable Object's migrator wants it: the journal plus each file's SQL text, bundled
// into the Worker (wrangler's Text rule for *.sql in wrangler.toml; esbuild's text loader in the tests).
// A Worker has no file system to read the folder from at run time, as Node's migrator does.
//
// After `npm run db:generate` adds a migration, import it here as m<idx, 4 digits>. A missing line makes
// every object fail at start with "Missing migration: <tag>", which the worker tests catch.

import m0000 from "../../../migrations/0000_init.sql";
import m0001 from "../../../migrations/0001_last_admin_trigger.sql";
import m0002 from "../../../migrations/0002_indexes_for_pacing_health_and_closed.sql";
import m0003 from "../../../migrations/0003_stranger_replies.sql";
import m0004 from "../../../migrations/0004_templates.sql";
import m0005 from "../../../migrations/0005_awaiting_reply_since.sql";
import m0006 from "../../../migrations/0006_media.sql";
import m0008 from "../../../migrations/0008_timers_and_settings_history.sql";
import m0009 from "../../../migrations/0009_stats.sql";
import m0010 from "../../../migrations/0010_forget.sql";
import journal from "../../../migrations/meta/_journal.json";

export const workerMigrations = {
  journal,
  migrations: { m0000, m0001, m0002, m0003, m0004, m0005, m0006, m0008, m0009, m0010 },
};
