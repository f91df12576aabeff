// Holds acknowledgements while the Inbox thread is too far behind the journal. Without it an overload
// would be acknowledged at the journal's speed and pile up in the Inbox thread's memory; with it Meta
// sees the filing speed (as before the journal existed) and nothing waits once filing catches up.

/**
 * Bodies acknowledged but not yet filed (copied or not), past which acknowledgements wait: about one
 * second of filing on our machines.
 */
export const MAX_BACKLOG = 1000;

export class BacklogGate {
  private appendedUpTo = 0;
  private copiedUpTo = 0;
  private filing = 0;
  private readonly held: Array<() => void> = [];
  private opened = false;

  constructor(private readonly max = MAX_BACKLOG) {}

  /** The journal committed entries up to this id. */
  appended(upTo: number): void {
    this.appendedUpTo = Math.max(this.appendedUpTo, upTo);
  }

  /** The Inbox thread copied up to `copiedUpTo` and has `filing` bodies still to file. */
  progress(copiedUpTo: number, filing: number): void {
    this.copiedUpTo = copiedUpTo;
    this.filing = filing;
    if (!this.behind()) this.releaseAll();
  }

  /** Resolves at once, or when the Inbox has caught up to within the limit. */
  pass(): Promise<void> | undefined {
    if (!this.behind()) return undefined;
    return new Promise((resolve) => this.held.push(resolve));
  }

  /** Releases everything held and holds nothing from now on (shutdown: every held body is on disk). */
  open(): void {
    this.opened = true;
    this.releaseAll();
  }

  private releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }

  get waiting(): number {
    return this.held.length;
  }

  private behind(): boolean {
    if (this.opened) return false;
    return this.appendedUpTo - this.copiedUpTo + this.filing > this.max;
  }
}
