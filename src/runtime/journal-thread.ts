// The journal thread (see journal.ts): appends each body in a group commit at synchronous=FULL and
// answers the HTTP thread with the entry's id once it is on disk; then hands the batch to the Inbox
// thread over their own channel. It does nothing else, so its fsyncs start as soon as bodies arrive.
import type { MessagePort } from "node:worker_threads";
import { workerData } from "node:worker_threads";
import type { StoreResult } from "../inbox/inbox.js";
import type { LogLevel } from "../log.js";
import { BacklogGate } from "./backlog-gate.js";
import { GroupCommitter } from "./group-commit.js";
import { Journal, type JournalEntry, replayJournal } from "./journal.js";
import { serveThread, threadLog } from "./thread.js";

/** Journal → Inbox thread. */
export type JournalToInbox = { kind: "entries"; entries: JournalEntry[]; replayed: boolean };
/** Inbox thread → journal: how far it got (journal ids; `filing` = bodies copied but not yet filed). */
export type InboxProgress = { kind: "progress"; copiedUpTo: number; durableUpTo: number; filing: number };

export type JournalThreadData = { file: string; logLevel: LogLevel; inbox: MessagePort };
export type AppendRequest = { body: string; sha256: string };

const { file, logLevel, inbox } = workerData as JournalThreadData;
const log = threadLog(logLevel);

void serveThread<AppendRequest, StoreResult, null>(async () => {
  const journal = new Journal(file);
  const gate = new BacklogGate();
  let copiedUpTo = 0;
  let forgottenUpTo = 0;
  let onProgress: (() => void) | null = null;

  const committer = new GroupCommitter(
    journal.sqlite,
    (body, sha256) => journal.append(body, sha256, Date.now()),
    (batch) => {
      const entries = batch.map(({ body, sha256, result }) => ({ id: result.id, body, sha256 }));
      gate.appended(entries.at(-1)?.id ?? 0);
      inbox.postMessage({ kind: "entries", entries, replayed: false } satisfies JournalToInbox);
    },
  );

  inbox.on("message", (progress: InboxProgress) => {
    copiedUpTo = progress.copiedUpTo;
    if (progress.durableUpTo > forgottenUpTo) {
      forgottenUpTo = progress.durableUpTo;
      try {
        journal.forget(forgottenUpTo);
      } catch (error) {
        // Kept entries are only copied again (and recognised) after a restart: log and go on.
        log.warn("journal entries could not be deleted", { error: String(error) });
      }
    }
    gate.progress(progress.copiedUpTo, progress.filing);
    onProgress?.();
  });

  // Entries left from before a restart go first, before this thread serves any request.
  const replayed = await replayJournal(
    journal,
    (entries) => {
      gate.appended(entries.at(-1)?.id ?? 0);
      inbox.postMessage({ kind: "entries", entries, replayed: true } satisfies JournalToInbox);
    },
    (upTo) =>
      new Promise<void>((resolve) => {
        onProgress = () => {
          if (copiedUpTo >= upTo) resolve();
        };
      }),
  );
  onProgress = null;
  if (replayed > 0) log.info("journal replayed", { upTo: replayed });

  return {
    ready: null,
    async answer({ body, sha256 }) {
      const result = await committer.store(body, sha256);
      await gate.pass();
      return result;
    },
    stop() {
      committer.flush();
      // Everything held is on disk: answer it, the Inbox files it after the restart if not before.
      gate.releaseAll();
      journal.close();
    },
  };
});
