// A customer message longer than one WhatsApp message reaches staff in numbered parts, nothing lost
// (SPEC §16): "#4 · Sheena · +1555… (1/3)" heads each part, the tail (the window line, "Reply /assign me
// #4") closes the last. Pure string work; lengths are UTF-16 units, as Meta counts them, and a part never
// ends inside a surrogate pair (an emoji stays whole).

/** Where to look back for a space to break at, so words stay whole when they can. */
const WORD_LOOKBACK = 200;

export type Parts = {
  /** The heading alone, when everything fits in one message. */
  head: string;
  /** The heading of part i of n: head plus " (i/n)". */
  numbered: (i: number, of: number) => string;
  body: string;
  /** Closes the only or the last message; "" for none. */
  tail: string;
  limit: number;
};

export function inParts(p: Parts): string[] {
  const single = join(p.head, p.body, p.tail);
  if (single.length <= p.limit) return [single];
  // The part count changes the heading's length ("(9/9)" vs "(10/10)"): settle it by trying again.
  let of = 2;
  for (let tries = 0; tries < 10; tries++) {
    const chunks = split(p, of);
    if (chunks.length <= of) {
      const n = chunks.length;
      return chunks.map((chunk, i) => join(p.numbered(i + 1, n), chunk, i === n - 1 ? p.tail : ""));
    }
    of = chunks.length;
  }
  throw new Error("message parts did not settle");
}

function join(head: string, body: string, tail: string): string {
  return tail === "" ? `${head}\n${body}` : `${head}\n${body}\n${tail}`;
}

/** The body in chunks that fit beside the widest heading for `of` parts (and the tail in the last). */
function split(p: Parts, of: number): string[] {
  const budget = p.limit - p.numbered(of, of).length - 1;
  const lastBudget = budget - (p.tail === "" ? 0 : p.tail.length + 1);
  if (lastBudget < 1) throw new Error("a message part has no room for text");
  const chunks: string[] = [];
  let rest = p.body;
  while (rest.length > lastBudget) {
    // Leave something for the last part, which must also hold the tail.
    const size = cutPoint(rest, Math.min(budget, rest.length - 1));
    chunks.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  chunks.push(rest);
  return chunks;
}

/** How many units of `text` to take, at most `max` (≥ 1): after a space when one is near, never mid-pair. */
function cutPoint(text: string, max: number): number {
  let cut = max;
  const last = text.charCodeAt(cut - 1);
  if (cut > 1 && last >= 0xd800 && last <= 0xdbff) cut -= 1;
  const window = text.slice(Math.max(0, cut - WORD_LOOKBACK), cut);
  const space = window.search(/\s\S*$/u);
  if (space >= 0) {
    const at = cut - window.length + space + 1;
    if (at > 0) return at;
  }
  return cut;
}
