// Runs the Inbox's processing after the 200: fresh bodies right away (with their parsed JSON, so they
// are not parsed twice), and anything left pending (a crash, a retry) on a timer.
import type { Clock } from "../../clock.js";
import type { EventCounts, Inbox, StoreResult } from "../../inbox/inbox.js";
import type { Logger } from "../../log.js";

export type EventPumpOptions = {
  inbox: Inbox;
  log: Logger;
  clock: Clock;
  /** Called after processing committed, e.g. to wake the outbox dispatcher. */
  afterProcessing: () => void;
  retryIntervalMs?: number;
};

type Fresh = { id: number; parsed: unknown; ackStartedAt: number; bytes: number };

/**
 * Bodies filed per turn of the event loop. Between turns the loop reads and acknowledges new webhooks,
 * so a burst being filed never holds up the 200s behind it.
 */
const SLICE = 16;

export class EventPump {
  private fresh: Fresh[] = [];
  private scheduled = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private sweeping = false;

  constructor(private readonly opts: EventPumpOptions) {}

  /** Bodies accepted and not yet filed. */
  get waiting(): number {
    return this.fresh.length;
  }

  start(): void {
    this.timer = setInterval(() => this.sweep(), this.opts.retryIntervalMs ?? 1000);
    this.sweep();
  }

  /** A body was stored and acknowledged: process it as soon as the response is on its way. */
  accept(result: StoreResult, parsed: unknown, ackStartedAt: number, bytes: number): void {
    if (result.duplicate || this.stopped) return;
    this.fresh.push({ id: result.id, parsed, ackStartedAt, bytes });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drainFresh());
    }
  }

  /**
   * Stops taking work and finishes what was accepted. Processing is synchronous, so once this returns
   * nothing is half-done; rows not reached stay pending for the next start.
   */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.fresh.length > 0) this.drainFresh();
  }

  private drainFresh(): void {
    this.scheduled = false;
    const batch = this.fresh.splice(0, SLICE);
    if (this.fresh.length > 0 && !this.stopped) {
      this.scheduled = true;
      setImmediate(() => this.drainFresh());
    }
    if (batch.length === 0) return;
    const started = performance.now();
    try {
      const counts = this.opts.inbox.processEvents(batch.map((b) => ({ id: b.id, parsedBody: b.parsed })));
      const processMs = performance.now() - started;
      batch.forEach((item, i) => {
        this.logWebhook(item, counts[i], processMs, batch.length);
      });
    } catch (error) {
      // The batch did not commit: its events stay pending and the sweep retries them.
      this.opts.log.error("processing failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.opts.afterProcessing();
  }

  /**
   * Files what the fresh path did not: bodies left from before a restart, and failed ones whose retry is
   * due. While fresh bodies are queued they are the fresh path's, so the sweep waits; and it files one
   * slice per turn, so a backlog after a restart never stalls the acknowledgements.
   */
  private sweep(): void {
    if (this.stopped || this.sweeping || this.fresh.length > 0) return;
    this.sweeping = true;
    try {
      const { processed } = this.opts.inbox.processPending(SLICE);
      if (processed > 0) this.opts.afterProcessing();
      if (processed === SLICE) {
        setImmediate(() => {
          this.sweeping = false;
          this.sweep();
        });
        return;
      }
    } catch (error) {
      this.opts.log.error("event sweep failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.sweeping = false;
  }

  private logWebhook(item: Fresh, counts: EventCounts | undefined, processMs: number, batch: number): void {
    this.opts.log.info("webhook", {
      eventId: item.id,
      bytes: item.bytes,
      ...counts,
      latencyMs: round(performance.now() - item.ackStartedAt),
      processMs: round(processMs),
      batch,
    });
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
