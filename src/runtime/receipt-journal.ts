// The receipt journal at work (see journal.ts): appends each body in a group commit at
// synchronous=FULL and resolves once it is on disk; hands each commit's batch to the Inbox thread over
// their channel; forgets what the Inbox has durably copied; and holds acknowledgements while the
// Inbox is too far behind (backlog-gate.ts). At open it first hands over what a crash left behind.
import { type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import type { StoreResult } from "../inbox/inbox.js";
import type { Logger } from "../log.js";
import type { AckTimer } from "./ack-timings.js";
import { BacklogGate } from "./backlog-gate.js";
import { GroupCommitter } from "./group-commit.js";
import { type Journal, type JournalEntry, replayJournal } from "./journal.js";

/** Journal → Inbox thread. */
export type JournalToInbox = { kind: "entries"; entries: JournalEntry[]; replayed: boolean };
/** Inbox thread → journal: how far it got (journal ids; `filing` = bodies copied but not yet filed). */
export type InboxProgress = { kind: "progress"; copiedUpTo: number; durableUpTo: number; filing: number };

export type ReceiptJournal = {
  /** Resolves once the body is in a commit that reached the disk (invariant 1). */
  store: (body: string, sha256: string) => Promise<StoreResult>;
  /** Shutting down: answers every held body (each is on disk) and holds none from now on. */
  stopHolding: () => void;
  /** Commits what is queued and hands it to the Inbox thread. */
  flush: () => void;
  /** After the Inbox thread stopped: takes its last progress, forgets what it copied, closes the file. */
  close: () => void;
};

/** Puts the opened journal to work; resolves once its leftovers are copied by the Inbox thread. */
export async function openReceiptJournal(
  journal: Journal,
  inbox: MessagePort,
  log: Logger,
  timer?: AckTimer,
): Promise<ReceiptJournal> {
  const gate = new BacklogGate();
  let copiedUpTo = 0;
  let forgottenUpTo = 0;
  let onProgress: (() => void) | null = null;

  const committer = new GroupCommitter(
    journal.sqlite,
    (body, sha256) => journal.append(body, sha256, Date.now()),
    (batch, commitMs) => {
      timer?.journalCommit(commitMs, batch.length);
      const entries = batch.map(({ body, sha256, result }) => ({ id: result.id, body, sha256 }));
      gate.appended(entries.at(-1)?.id ?? 0);
      inbox.postMessage({ kind: "entries", entries, replayed: false } satisfies JournalToInbox);
    },
  );

  const onProgressMessage = (progress: InboxProgress) => {
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
  };
  inbox.on("message", onProgressMessage);

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
    async store(body, sha256) {
      const result = await committer.store(body, sha256);
      const held = gate.pass();
      if (held) {
        const since = performance.now();
        await held;
        timer?.held(performance.now() - since);
      }
      return result;
    },
    stopHolding: () => gate.open(),
    flush: () => committer.flush(),
    close() {
      for (let m = receiveMessageOnPort(inbox); m !== undefined; m = receiveMessageOnPort(inbox)) {
        onProgressMessage(m.message as InboxProgress);
      }
      inbox.close();
      journal.close();
    },
  };
}
