// Every phone's chat with the business number, as the simulator sees it: what each person typed and what
// the bot sent them, with delivery ticks. Memory only: a sandbox starts fresh (see sandbox.ts).
import { randomBytes } from "node:crypto";
import type { Person } from "./cast.js";
import type { Choices } from "./choices.js";

/** pending → sent → delivered → read; failed when Meta (the simulator) refused it. */
export type ChatStatus = "pending" | "sent" | "delivered" | "read" | "failed";

export type ChatEntry = {
  /**
   * DOM-safe (wamids are not: they hold "+" and "/") and unique across restarts: the log's instance, then
   * a sequence number. A page left open through a restart must not take a new "m1" for its old one.
   */
  key: string;
  /** wa_id of the phone this chat is on. */
  phone: string;
  wamid: string;
  /** "system": the sandbox's own notes in a chat, e.g. a clock jump; never sent anywhere. */
  author: "person" | "business" | "system";
  /** Graph/webhook message type: text, template, image… */
  type: string;
  text: string;
  quoted: { wamid: string; text: string } | null;
  status: ChatStatus;
  error: string | null;
  /** Sandbox clock, ms. */
  at: number;
  /** Reply buttons or list rows under a bot message (SPEC §12), which the phone can tap. */
  choices?: Choices | null;
  /** The reaction this phone's person put on it (shown under it), if any. */
  reaction?: string | null;
  /** A photo, voice note, document…: its id in the simulated Meta's media store (served to the page). */
  media?: { id: string; mime: string; filename: string | null } | null;
};

export type ChatChange =
  | { kind: "entry"; entry: ChatEntry; added: boolean }
  | { kind: "person"; person: Person };

const STATUS_ORDER: Record<ChatStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** A new one on every start, so keys and the page can tell one sandbox run from the next. */
export function newInstanceId(): string {
  return randomBytes(6).toString("hex");
}

export class ChatLog {
  private readonly entries: ChatEntry[] = [];
  private readonly byWamid = new Map<string, ChatEntry>();
  private readonly people = new Map<string, Person>();
  private readonly listeners = new Set<(change: ChatChange) => void>();

  constructor(
    people: readonly Person[],
    /** Which run of the sandbox this is; the page reloads when its stream reports another. */
    readonly instance: string = newInstanceId(),
  ) {
    for (const person of people) this.people.set(person.waId, person);
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  subscribe(listener: (change: ChatChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  person(waId: string): Person | undefined {
    return this.people.get(waId);
  }

  allPeople(): Person[] {
    return [...this.people.values()];
  }

  /** A new phone, e.g. a customer added from the page; the caller has checked that the number is free. */
  addPerson(person: Person): Person {
    if (this.people.has(person.waId)) throw new Error(`+${person.waId} already has a phone`);
    this.people.set(person.waId, person);
    this.emit({ kind: "person", person });
    return person;
  }

  /** A number the bot writes to that nobody holds yet (e.g. staff added by /staff add) gets a phone. */
  ensurePerson(waId: string): Person {
    const known = this.people.get(waId);
    if (known) return known;
    const person: Person = { waId, name: `+${waId}`, side: "other" };
    this.people.set(waId, person);
    this.emit({ kind: "person", person });
    return person;
  }

  add(entry: Omit<ChatEntry, "key">): ChatEntry {
    const added: ChatEntry = { ...entry, key: `${this.instance}-${this.entries.length + 1}` };
    this.entries.push(added);
    this.byWamid.set(added.wamid, added);
    this.emit({ kind: "entry", entry: added, added: true });
    return added;
  }

  /** A line across every chat (e.g. "25 hours later"), so a clock jump is visible where it matters. */
  addNote(text: string, at: number): void {
    for (const person of this.people.values()) {
      this.add({
        phone: person.waId,
        wamid: `note.${this.instance}.${this.entries.length + 1}`,
        author: "system",
        type: "note",
        text,
        quoted: null,
        status: "read",
        error: null,
        at,
      });
    }
  }

  find(wamid: string): ChatEntry | undefined {
    return this.byWamid.get(wamid);
  }

  /** Statuses only move forward (a late "delivered" after "read" changes nothing), like the bot's own. */
  setStatus(wamid: string, status: ChatStatus, error: string | null = null): ChatEntry | undefined {
    const entry = this.byWamid.get(wamid);
    if (!entry || entry.status === "failed" || STATUS_ORDER[status] <= STATUS_ORDER[entry.status])
      return entry;
    entry.status = status;
    entry.error = error;
    this.emit({ kind: "entry", entry, added: false });
    return entry;
  }

  /** A person reacted to a message in their chat ("" removes it). */
  setReaction(wamid: string, emoji: string): ChatEntry | undefined {
    const entry = this.byWamid.get(wamid);
    if (!entry) return undefined;
    entry.reaction = emoji === "" ? null : emoji;
    this.emit({ kind: "entry", entry, added: false });
    return entry;
  }

  chat(phone: string): ChatEntry[] {
    return this.entries.filter((e) => e.phone === phone);
  }

  all(): readonly ChatEntry[] {
    return this.entries;
  }

  private emit(change: ChatChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
