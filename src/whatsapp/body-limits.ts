// How much of one webhook body is read (issue 18, case 5). A signed body can be up to 3 MiB, which holds
// 1.5 million tiny list elements ("0,") or an object nested 500,000 deep. Meta sends neither, but reading one
// such body whole held every other message up and took far more memory than the bot otherwise needs
// (docs/performance.md). So each body is read up to fixed limits; what lies beyond them is not read, stays
// in raw_events as received, and is reported as one IgnoredChange per list that says how much was left.
import { ignored } from "./normalize-common.js";
import type { IgnoredChange } from "./updates.js";

/**
 * Elements of each list read per body (all entries together, all changes together, …).
 *
 * Meta batches "a maximum of 1000 updates" per POST (reference/whatsapp-cloud-api.md, Batching), and each
 * update brings at most one entry, one change and one contact, so no real body holds more than 1,000 of any
 * of these. 5,000 is five times that: a limit a real body never meets, and one that keeps the worst body
 * (every list full of elements that fail validation) to some 30,000 element checks, a fraction of a second.
 * The limit is per body, not per list: 300 entries of 5,000 elements each would otherwise be 1.5 million.
 */
export const LIST_LIMITS = {
  entry: 5_000,
  changes: 5_000,
  messages: 5_000,
  statuses: 5_000,
  /** value.errors and statuses[].errors together; Meta sends one error per failed status. */
  errors: 5_000,
  contacts: 5_000,
} as const;

export type ListName = keyof typeof LIST_LIMITS;

const LIST_LABELS: Record<ListName, string> = {
  entry: "entry",
  changes: "entry[].changes",
  messages: "value.messages",
  statuses: "value.statuses",
  errors: "value.errors and statuses[].errors",
  contacts: "value.contacts",
};

/**
 * Cards of one shared-contacts message that are read for its text. A person shares a few contacts at a
 * time; past this many, the text ends with "+N more" and the cards stay in the stored copy of the message.
 */
export const MAX_SHARED_CONTACT_CARDS = 100;

/**
 * Nesting kept in the copy of a message stored with it. Meta's message objects are at most 5 levels deep
 * (message → contacts[] → card → phones[] → phone). The copy is written with JSON.stringify, which recurses
 * and overflows the stack somewhere past 4,000 levels: a message nested 10,000 deep could never be stored,
 * so its body failed and was retried forever. Deeper values are replaced by CUT_MARKER in the copy.
 */
export const MAX_RAW_DEPTH = 32;
export const CUT_MARKER = `[cut: nested deeper than ${MAX_RAW_DEPTH} levels; the webhook body keeps it]`;

/** What is left of one body's limits, and what was not read because of them. */
export class ReadBudget {
  private readonly left: Record<ListName, number> = { ...LIST_LIMITS };
  private readonly notRead: Record<ListName, number> = {
    entry: 0,
    changes: 0,
    messages: 0,
    statuses: 0,
    errors: 0,
    contacts: 0,
  };

  /** The elements of `list` still within this body's limit, in order; the rest are counted as not read. */
  take(name: ListName, list: readonly unknown[]): readonly unknown[] {
    const allowed = Math.min(list.length, this.left[name]);
    this.left[name] -= allowed;
    this.notRead[name] += list.length - allowed;
    return allowed === list.length ? list : list.slice(0, allowed);
  }

  /** One IgnoredChange per list that was cut; none for a body within every limit. */
  report(): IgnoredChange[] {
    return (Object.keys(this.notRead) as ListName[])
      .filter((name) => this.notRead[name] > 0)
      .map((name) =>
        ignored(
          null,
          `${LIST_LABELS[name]}: ${count(LIST_LIMITS[name])} per body are read, ${count(this.notRead[name])} more were not read (the body is kept in raw_events as received)`,
          { list: name, limit: LIST_LIMITS[name], notRead: this.notRead[name] },
        ),
      );
  }
}

/**
 * `value` with everything nested deeper than `levels` replaced by CUT_MARKER, and how many values were cut.
 * A value within the limit is returned as the very same object (no copy); otherwise only the path to each
 * cut is copied. Recursion is at most `levels` deep.
 */
export function cutDeeperThan(value: unknown, levels = MAX_RAW_DEPTH): { value: unknown; cut: number } {
  let cut = 0;
  const visit = (node: unknown, left: number): unknown => {
    if (typeof node !== "object" || node === null) return node;
    if (left === 0) {
      cut += 1;
      return CUT_MARKER;
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        const kept = visit(child, left - 1);
        if (kept !== child) {
          copy ??= [...node];
          copy[i] = kept;
        }
      }
      return copy ?? node;
    }
    const record = node as Record<string, unknown>;
    let replaced: Map<string, unknown> | null = null;
    for (const key of Object.keys(record)) {
      const child = record[key];
      const kept = visit(child, left - 1);
      if (kept !== child) {
        replaced ??= new Map();
        replaced.set(key, kept);
      }
    }
    if (replaced === null) return node;
    const cuts = replaced;
    // fromEntries defines each key as an own property, so a "__proto__" key from JSON stays a plain key.
    return Object.fromEntries(
      Object.entries(record).map(([key, child]) => [key, cuts.has(key) ? cuts.get(key) : child]),
    );
  };
  const kept = visit(value, levels);
  return { value: kept, cut };
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
