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

export function splitByBusinessNumber(parsed: unknown, raw: string, routeOf: RouteOf): BatchPart[] {
  if (!isObject(parsed) || !Array.isArray(parsed.entry))
    return [{ target: routeOf(null), body: raw, whole: true }];

  // target → entries holding only that target's changes, in the order they came.
  const entriesByTarget = new Map<string, unknown[]>();
  const add = (target: string, entry: unknown) => {
    const list = entriesByTarget.get(target) ?? [];
    list.push(entry);
    entriesByTarget.set(target, list);
  };
  for (const entry of parsed.entry) {
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

  if (entriesByTarget.size <= 1) {
    const only = entriesByTarget.keys().next();
    return [{ target: only.done === true ? routeOf(null) : only.value, body: raw, whole: true }];
  }
  return [...entriesByTarget].map(([target, entry]) => ({
    target,
    body: JSON.stringify({ ...parsed, entry }),
    whole: false,
  }));
}
