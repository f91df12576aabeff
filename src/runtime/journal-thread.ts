// The journal thread (see journal.ts): appends each body in a group commit at synchronous=FULL and
// answers the HTTP thread with the entry's id once it is on disk; then hands the batch to the Inbox
// thread over their own channel. It does nothing else, so its fsyncs start as soon as bodies arrive.
import type { MessagePort } from "node:worker_threads";
import { workerData } from "node:worker_threads";
import type { StoreResult } from "../inbox/inbox.js";
import type { LogLevel } from "../log.js";
import { GroupCommitter } from "./group-commit.js";
import { Journal, type JournalEntry } from "./journal.js";
import { serveThread, threadLog } from "./thread.js";

/** Journal → Inbox thread. */
export type JournalToInbox = { kind: "entries"; entries: JournalEntry[]; replayed: boolean };
/** Inbox thread → journal: how far it got (journal ids; `filing` = bodies copied but not yet filed). */
export type InboxProgress = { kind: "progress"; copiedUpTo: number; durableUpTo: number; filing: number };

export type JournalThreadData = { file: string; logLevel: LogLevel; inbox: MessagePort };
export type AppendRequest = { body: string; sha256: string };

/**
 * Bodies acknowledged but not yet filed, past which acknowledgements wait for the Inbox to catch up.
 * Without it an overload would be acknowledged at the journal's speed and pile up in the Inbox
 * thread's memory; with it Meta sees the filing speed, as it did before the journal existed.
 */
export const MAX_BACKLOG = 1000;
const REPLAY_CHUNK = 200;

const { file, logLevel, inbox } = workerData as JournalThreadData;
const log = threadLog(logLevel);

void serveThread<AppendRequest, StoreResult, null>(async () => {
  const journal = new Journal(file);
  let appendedUpTo = 0;
  let progress: InboxProgress = { kind: "progress", copiedUpTo: 0, durableUpTo: 0, filing: 0 };
  let forgottenUpTo = 0;
  const held: Array<() => void> = [];
  let onProgress: (() => void) | null = null;

  const committer = new GroupCommitter(
    journal.sqlite,
    (body, sha256) => journal.append(body, sha256, Date.now()),
    (batch) => {
      const entries = batch.map(({ body, sha256, result }) => ({ id: result.id, body, sha256 }));
      appendedUpTo = entries.at(-1)?.id ?? appendedUpTo;
      inbox.postMessage({ kind: "entries", entries, replayed: false } satisfies JournalToInbox);
    },
  );

  const behind = () => appendedUpTo - progress.copiedUpTo + progress.filing > MAX_BACKLOG;
  inbox.on("message", (message: InboxProgress) => {
    progress = message;
    if (progress.durableUpTo > forgottenUpTo) {
      forgottenUpTo = progress.durableUpTo;
      try {
        journal.forget(forgottenUpTo);
      } catch (error) {
        // Kept entries are only copied again (and recognised) after a restart: log and go on.
        log.warn("journal entries could not be deleted", { error: String(error) });
      }
    }
    if (!behind()) for (const release of held.splice(0)) release();
    onProgress?.();
  });

  // Entries left from before a restart go first, a chunk at a time, each once the previous is copied:
  // new entries must not overtake them, or the Inbox's progress would pass ids it never saw.
  for (let last = 0; ; ) {
    const entries = journal.entriesAfter(last, REPLAY_CHUNK);
    if (entries.length === 0) break;
    last = entries.at(-1)?.id ?? last;
    appendedUpTo = last;
    inbox.postMessage({ kind: "entries", entries, replayed: true } satisfies JournalToInbox);
    const upTo = last;
    await new Promise<void>((resolve) => {
      onProgress = () => {
        if (progress.copiedUpTo >= upTo) resolve();
      };
    });
    onProgress = null;
  }
  if (appendedUpTo > 0) log.info("journal replayed", { upTo: appendedUpTo });

  return {
    ready: null,
    async answer({ body, sha256 }) {
      const result = await committer.store(body, sha256);
      if (behind()) await new Promise<void>((resolve) => held.push(resolve));
      return result;
    },
    stop() {
      committer.flush();
      // Everything held is on disk: answer it, the Inbox files it after the restart if not before.
      for (const release of held.splice(0)) release();
      journal.close();
    },
  };
});
