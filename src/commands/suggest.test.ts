import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, nearestWord } from "./suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["assign", "assign", 0],
    ["asign", "assign", 1],
    ["assing", "assign", 1],
    ["hlep", "help", 1],
    ["tempalte", "template", 1],
    ["reasign", "reassign", 1],
    ["xyz", "new", 3],
    ["😀", "a", 1],
    ["", "new", 3],
  ])("%s ↔ %s = %d", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });

  it("is a metric-like distance: zero only for equal strings, symmetric, bounded by the longer length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(Array.from(a).length, Array.from(b).length));
      }),
    );
  });
});

describe("nearestWord", () => {
  const words = ["assigned", "assign", "reassign", "close"];
  it("picks the nearest, ties by order, nothing beyond distance 2", () => {
    expect(nearestWord("asign", words)).toBe("assign");
    expect(nearestWord("assignd", words)).toBe("assigned");
    expect(nearestWord("clos", words)).toBe("close");
    expect(nearestWord("banana", words)).toBeNull();
    expect(nearestWord("x".repeat(10_000), words)).toBeNull();
  });
});
