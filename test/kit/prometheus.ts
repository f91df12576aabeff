// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests of GET /metrics:
// every line must be a HELP, a TYPE or a sample of a family declared before it, label values must be
// escaped, and a histogram's buckets must be cumulative and end with +Inf equal to its _count. It
// throws on the first line that breaks a rule, naming it.

export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Exposition = {
  types: Map<string, string>;
  samples: Sample[];
  /** The sample's value; undefined when absent. Labels must match exactly. */
  value: (name: string, labels?: Record<string, string>) => number | undefined;
  /** The sum of every sample of `name` whose labels include `labels`. */
  sum: (name: string, labels?: Record<string, string>) => number;
};

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
// Prometheus reads values with Go's ParseFloat, which ignores the case of NaN and Inf: prom-client writes
// "Nan" for a gauge with no samples yet (nodejs_eventloop_lag_mean_seconds before its first second).
const VALUE = "[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|[Ii]nf|[Nn]a[Nn])";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?[0-9]+)?$`);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SUFFIXES: Record<string, string[]> = {
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

export function parsePrometheus(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) !== "") throw new Error("the exposition does not end with a newline");
  for (const [i, line] of lines.slice(0, -1).entries()) {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    if (line === "") continue;
    if (line.startsWith("#")) {
      const type = TYPE.exec(line);
      if (type) {
        if (types.has(type[1] as string)) throw new Error(`${where}: a second TYPE for the family`);
        types.set(type[1] as string, type[2] as string);
      } else if (!HELP.test(line)) {
        throw new Error(`${where}: a comment that is neither HELP nor TYPE`);
      }
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`${where}: not a sample line`);
    const name = match[1] as string;
    const family = familyOf(name, types);
    if (family === undefined) throw new Error(`${where}: no TYPE declared for ${name}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c));
    }
    const raw = match[3] as string;
    const value = /inf$/i.test(raw)
      ? raw.startsWith("-")
        ? -Infinity
        : Infinity
      : /nan/i.test(raw)
        ? Number.NaN
        : Number(raw);
    samples.push({ name, labels, value });
  }
  checkHistograms(types, samples);
  const matches = (sample: Sample, labels: Record<string, string>) =>
    Object.entries(labels).every(([k, v]) => sample.labels[k] === v);
  return {
    types,
    samples,
    value: (name, labels = {}) =>
      samples.find(
        (s) =>
          s.name === name &&
          matches(s, labels) &&
          Object.keys(s.labels).length === Object.keys(labels).length,
      )?.value,
    sum: (name, labels = {}) =>
      samples.filter((s) => s.name === name && matches(s, labels)).reduce((n, s) => n + s.value, 0),
  };
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const [family, type] of types) {
    for (const suffix of SUFFIXES[type] ?? []) if (suffix !== "" && name === family + suffix) return family;
  }
  return undefined;
}

function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== "histogram") continue;
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      if (s.labels.le === undefined) throw new Error(`${family}_bucket without le`);
      const { le: _, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      let last = 0;
      for (const b of buckets) {
        if (b.value < last) throw new Error(`${family}${key}: buckets are not cumulative`);
        last = b.value;
      }
      if (buckets.at(-1)?.labels.le !== "+Inf") throw new Error(`${family}${key}: no +Inf bucket last`);
      const count = samples.find(
        (s) => s.name === `${family}_count` && JSON.stringify(s.labels) === key,
      )?.value;
      if (count !== last) throw new Error(`${family}${key}: +Inf bucket ${last} != _count ${count}`);
    }
  }
}
