// npm run backup -- <folder>: one consistent copy of every inbox database in DATA_DIR, as
// <folder>/inbox-<phone number id>-<UTC time>.db, while the bot runs (src/store/backup.ts says how).
// Reads DATA_DIR, PORT and WHATSAPP_APP_SECRET from the environment the bot reads (src/config.ts).
// Exit code 0 when every database was copied; 1 with the reason otherwise.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseToolEnv } from "../src/config.js";
import {
  backupDatabase,
  backupStamp,
  findDatabases,
  postBarriers,
  waitForBarrier,
} from "../src/store/backup.js";

async function main(): Promise<number> {
  const folder = process.argv[2];
  if (folder === undefined || process.argv.length > 3) {
    console.error("Usage: npm run backup -- <folder>   (DATA_DIR, PORT, WHATSAPP_APP_SECRET as for the bot)");
    return 1;
  }
  const env = parseToolEnv(process.env);
  if (!env.ok) {
    for (const problem of env.problems) console.error(problem);
    return 1;
  }
  const dataDir = resolve(env.dataDir);
  if (!existsSync(dataDir)) {
    console.error(`DATA_DIR ${dataDir} does not exist: nothing to back up (is DATA_DIR the bot's?)`);
    return 1;
  }
  const databases = findDatabases(dataDir);
  if (databases.length === 0) {
    console.error(`No inbox-<phone number id>.db in ${dataDir}: nothing to back up (is DATA_DIR the bot's?)`);
    return 1;
  }
  const target = resolve(folder);
  mkdirSync(target, { recursive: true });
  const began = new Date();
  const stamp = backupStamp(began);
  // From here on, a body the bot acknowledged is in the copy (the barrier below): say so at once.
  console.log(`Backing up ${dataDir}: began ${began.toISOString()}`);

  // Everything acknowledged before now must be in the inbox databases before they are copied.
  let running = false;
  if (env.appSecret === null) {
    console.log("WHATSAPP_APP_SECRET is not set: assuming no bot is running on this DATA_DIR.");
  } else {
    const numbers = databases.map((d) => d.phoneNumberId);
    const posted = await postBarriers({ port: env.port, appSecret: env.appSecret, numbers, now: began });
    running = posted.running;
    if (!posted.running)
      console.log(`No bot answers on port ${env.port} (${posted.reason}): copying as it is.`);
    else {
      for (const barrier of posted.barriers) {
        const database = databases.find((d) => d.phoneNumberId === barrier.phoneNumberId);
        if (database && !(await waitForBarrier(database.file, barrier.sha256))) {
          console.error(
            `The bot did not copy the backup's barrier into ${database.file} within 30 s: bodies acknowledged in the last moments may be only in its journal. Copying anyway.`,
          );
        }
      }
    }
  }

  for (const database of databases) {
    const destination = join(target, `inbox-${database.phoneNumberId}-${stamp}.db`);
    const { pages } = await backupDatabase(database.file, destination);
    const size = statSync(destination).size;
    console.log(
      `${destination}  (${database.phoneNumberId}: ${pages} pages, ${(size / 1_048_576).toFixed(1)} MiB)`,
    );
    // A running bot's journal is locked and everything in it is in the copy already (the barrier). A
    // stopped bot's may hold what it had not copied when it stopped: it goes beside the database.
    if (!running && existsSync(database.journal)) {
      const journalCopy = join(target, `journal-${database.phoneNumberId}-${stamp}.db`);
      try {
        await backupDatabase(database.journal, journalCopy, { readonly: false });
        console.log(
          `${journalCopy}  (its receipt journal: restore it beside the database as journal-${database.phoneNumberId}.db)`,
        );
      } catch (error) {
        // Locked: a bot runs on this DATA_DIR after all, on another PORT than this environment says.
        console.error(
          `Could not copy ${database.journal} (${error instanceof Error ? error.message : String(error)}): if a bot runs on this DATA_DIR, run the backup with its PORT so bodies it acknowledged a moment ago are in the copy.`,
        );
      }
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
