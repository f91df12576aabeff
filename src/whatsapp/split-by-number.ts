// Splits one verified webhook body into one part per Durable Object. Meta may batch updates of several
// business numbers of one WhatsApp Business Account in a POST; each number's Inbox lives in its own
// object (idFromName(phone_number_id)), so each gets only the changes that carry its number.
//
// Determinism matters: Meta redelivers byte-identical bodies, and an object recognises a redelivery by
// the hash of what it stored. The same body must therefore always split into the same parts, byte for
// byte (JSON.stringify of the same parse is). A body that goes to one object whole is forwarded
// unchanged, so its hash is the hash Meta signed.

export type BatchPart = {
  /** The name of the Durable Object that stores this part. */
  target: string;
  body: string;
  /** True when `body` is the original text, unchanged. */
  whole: boolean;
};

/** Maps a change's `metadata.phone_number_id` (null when it has none) to the object that stores it. */
export type RouteOf = (phoneNumberId: string | null) => string;

/**
 * Numbers this deployment serves go to their own object; everything else (no number, or a number it does
 * not serve) goes to the primary number's object, where it is stored and logged but never processed as
 * that number's: the Inbox skips updates whose number is not its own (SPEC §9), as on Node.
 */
export function routeTo(served: readonly string[]): RouteOf {
  const primary = served[0] ?? "";
  return (phoneNumberId) =>
    phoneNumberId !== null && served.includes(phoneNumberId) ? phoneNumberId : primary;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function phoneNumberIdOf(change: unknown): string | null {
  if (!isObject(change) || !isObject(change.value) || !isObject(change.value.metadata)) return null;
  const id = change.value.metadata.phone_number_id;
  return typeof id === "string" && id !== "" ? id : null;
}

/**
 * Largest body stored as one part. A Durable Object's SQLite refuses a value over 2 MB (SQLITE_TOOBIG),
 * and Meta's bodies go up to 3 MB: a larger part is split further (see halve), with room to spare.
 */
export const MAX_PART_BYTES = 1_000_000;

const encoder = new TextEncoder();

export function splitByBusinessNumber(
  parsed: unknown,
  raw: string,
  routeOf: RouteOf,
  maxBytes = MAX_PART_BYTES,
): BatchPart[] {
  if (!isObject(parsed) || !Array.isArray(parsed.entry)) {
    return [{ target: routeOf(null), body: raw, whole: true }];
  }
  const body = parsed;

  // target → entries holding only that target's changes, in the order they came.
  const entriesByTarget = new Map<string, unknown[]>();
  const add = (target: string, entry: unknown) => {
    const list = entriesByTarget.get(target) ?? [];
    list.push(entry);
    entriesByTarget.set(target, list);
  };
  for (const entry of body.entry as unknown[]) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) {
      add(routeOf(null), entry);
      continue;
    }
    const changesByTarget = new Map<string, unknown[]>();
    for (const change of entry.changes) {
      const target = routeOf(phoneNumberIdOf(change));
      const list = changesByTarget.get(target) ?? [];
      list.push(change);
      changesByTarget.set(target, list);
    }
    if (changesByTarget.size === 0) add(routeOf(null), entry);
    for (const [target, changes] of changesByTarget) add(target, { ...entry, changes });
  }

  const pieces =
    entriesByTarget.size <= 1
      ? [{ target: firstKey(entriesByTarget) ?? routeOf(null), own: body, text: raw, whole: true }]
      : [...entriesByTarget].map(([target, entry]) => {
          const own: Json = { ...body, entry };
          return { target, own, text: JSON.stringify(own), whole: false };
        });
  return pieces.flatMap(({ target, own, text, whole }) =>
    encoder.encode(text).byteLength <= maxBytes
      ? [{ target, body: text, whole }]
      : fitting(own, maxBytes).map((piece) => ({ target, body: piece, whole: false })),
  );
}

function firstKey<K>(map: Map<K, unknown>): K | undefined {
  const first = map.keys().next();
  return first.done === true ? undefined : first.value;
}

/** Halves `body` until every piece fits; a piece that cannot be halved is returned as it is. */
function fitting(body: Json, maxBytes: number): string[] {
  const text = JSON.stringify(body);
  if (encoder.encode(text).byteLength <= maxBytes) return [text];
  const halves = halve(body);
  return halves === null ? [text] : halves.flatMap((half) => fitting(half, maxBytes));
}

/** The value arrays whose elements are updates; everything else in a value (metadata, contacts) is context. */
const UPDATE_LISTS = ["messages", "statuses", "errors"] as const;

/**
 * Two bodies that hold between them exactly the updates of `body`, each with the context it needs: at the
 * coarsest level that has more than one element (entries, then changes, then the updates of one change's
 * value). The second half of a value repeats its metadata and contacts, so every message still finds its
 * sender's profile. Null when `body` holds a single update.
 */
function halve(body: Json): [Json, Json] | null {
  const entries = body.entry as unknown[];
  if (entries.length > 1) {
    const mid = Math.ceil(entries.length / 2);
    return [
      { ...body, entry: entries.slice(0, mid) },
      { ...body, entry: entries.slice(mid) },
    ];
  }
  const entry = entries[0];
  if (!isObject(entry) || !Array.isArray(entry.changes)) return null;
  const withChanges = (changes: unknown[]): Json => ({ ...body, entry: [{ ...entry, changes }] });
  if (entry.changes.length > 1) {
    const mid = Math.ceil(entry.changes.length / 2);
    return [withChanges(entry.changes.slice(0, mid)), withChanges(entry.changes.slice(mid))];
  }
  const change = entry.changes[0];
  if (!isObject(change) || !isObject(change.value)) return null;
  const value = change.value;
  const updates = UPDATE_LISTS.flatMap((list) =>
    Array.isArray(value[list]) ? (value[list] as unknown[]).map((item) => ({ list, item })) : [],
  );
  if (updates.length < 2) return null;
  const withUpdates = (some: typeof updates): Json => {
    const lists: Record<string, unknown[]> = {};
    for (const { list, item } of some) {
      lists[list] ??= [];
      lists[list].push(item);
    }
    const context = Object.fromEntries(Object.entries(value).filter(([key]) => !isUpdateList(key)));
    return withChanges([{ ...change, value: { ...context, ...lists } }]);
  };
  const mid = Math.ceil(updates.length / 2);
  return [withUpdates(updates.slice(0, mid)), withUpdates(updates.slice(mid))];
}

function isUpdateList(key: string): boolean {
  return (UPDATE_LISTS as readonly string[]).includes(key);
}
