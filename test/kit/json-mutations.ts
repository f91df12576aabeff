// Mutations of real webhook payloads for the hostile-input test: a fixture's JSON with a few of its
// values deleted, replaced, retyped, duplicated, nested deeper or blown up. Each keeps the body valid
// JSON, so Meta's rule applies: a signed JSON body is answered 200 once stored, whatever its shape.
import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number };

const OPS = ["delete", "replace", "retype", "duplicate", "deepen", "huge"] as const;
type Op = (typeof OPS)[number];
type Mutation = { at: number; op: Op; value: Json };

/** Every place a value sits in the document, depth first (the root itself is not a slot). */
function slots(doc: Json): Slot[] {
  const found: Slot[] = [];
  const walk = (value: Json) => {
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        found.push({ parent: value, key: i });
        walk(child);
      });
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        found.push({ parent: value, key });
        walk(child);
      }
    }
  };
  walk(doc);
  return found;
}

function read(slot: Slot): Json {
  const { parent, key } = slot;
  return (Array.isArray(parent) ? parent[Number(key)] : parent[String(key)]) ?? null;
}

function write(slot: Slot, value: Json): void {
  if (Array.isArray(slot.parent)) slot.parent[Number(slot.key)] = value;
  else slot.parent[String(slot.key)] = value;
}

/** The same value as another type: "123" ↔ 123, an object ↔ an array holding it, null → "". */
function retype(value: Json): Json {
  if (typeof value === "string") return Number.isNaN(Number(value)) ? value.length : Number(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : 0;
  if (value === null) return "";
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return [value];
}

function apply(doc: Json, m: Mutation): void {
  const all = slots(doc);
  const slot = all[m.at % Math.max(1, all.length)];
  if (slot === undefined) return;
  const current = read(slot);
  switch (m.op) {
    case "delete":
      if (Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
      else delete slot.parent[String(slot.key)];
      return;
    case "replace":
      write(slot, m.value);
      return;
    case "retype":
      write(slot, retype(current));
      return;
    case "duplicate":
      if (Array.isArray(current)) current.push(...structuredClone(current));
      else if (Array.isArray(slot.parent)) slot.parent.push(structuredClone(current));
      else write(slot, [current, structuredClone(current)]);
      return;
    case "deepen":
      write(slot, { value: [[{ deeper: current }]] });
      return;
    case "huge":
      write(slot, typeof current === "number" ? -9.007199254740991e21 : "𝕏\u202e".repeat(20_000));
      return;
  }
}

/** A fixture's text with 1–5 mutations, serialised again (so the signature covers the mutated bytes). */
export function mutatedJson(fixtures: readonly string[]): fc.Arbitrary<string> {
  const mutation = fc.record({
    at: fc.nat(),
    op: fc.constantFrom(...OPS),
    value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  });
  return fc
    .tuple(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 5 }))
    .map(([text, mutations]) => {
      const doc = JSON.parse(text) as Json;
      for (const m of mutations) apply(doc, m);
      return JSON.stringify(doc);
    });
}
