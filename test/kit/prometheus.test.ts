import { describe, expect, it } from "vitest";
import { parsePrometheus } from "./prometheus.js";

const histogram = (buckets: [string, number][], count: number) =>
  [
    "# HELP h_seconds a histogram",
    "# TYPE h_seconds histogram",
    ...buckets.map(([le, n]) => `h_seconds_bucket{le="${le}",n="1"} ${n}`),
    `h_seconds_sum{n="1"} 0.5`,
    `h_seconds_count{n="1"} ${count}`,
    "",
  ].join("\n");

describe("parsePrometheus (the reader the /metrics tests trust)", () => {
  it("reads families, labels with escapes, and special values", () => {
    const text =
      '# HELP c_total a counter\n# TYPE c_total counter\nc_total{a="x\\"y",b="1"} 3\n# TYPE g gauge\ng NaN\ng{k="v"} +Inf\n';
    const parsed = parsePrometheus(text);
    expect(parsed.value("c_total", { a: 'x"y', b: "1" })).toBe(3);
    expect(parsed.value("g", { k: "v" })).toBe(Infinity);
    expect(parsed.sum("c_total")).toBe(3);
    expect(
      parsePrometheus(
        histogram(
          [
            ["0.1", 1],
            ["+Inf", 2],
          ],
          2,
        ),
      ).value("h_seconds_count", { n: "1" }),
    ).toBe(2);
  });

  it.each([
    ["a sample of an undeclared family", "x 1\n"],
    ["no final newline", "# TYPE x gauge\nx 1"],
    ["a value that is not a number", "# TYPE x gauge\nx one\n"],
    ["an unquoted label", "# TYPE x gauge\nx{a=b} 1\n"],
    ["a stray comment", "# TYPE x gauge\n# hello\nx 1\n"],
    ["two TYPEs", "# TYPE x gauge\n# TYPE x gauge\nx 1\n"],
    [
      "buckets going down",
      histogram(
        [
          ["0.1", 2],
          ["+Inf", 1],
        ],
        1,
      ),
    ],
    [
      "+Inf unlike _count",
      histogram(
        [
          ["0.1", 1],
          ["+Inf", 2],
        ],
        3,
      ),
    ],
    ["no +Inf bucket", histogram([["0.1", 1]], 1)],
  ])("refuses %s", (_, text) => {
    expect(() => parsePrometheus(text)).toThrow();
  });
});
