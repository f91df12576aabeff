import { describe, expect, it } from "vitest";
import { classifyGraphError, type GraphOutcome, isTemplateError } from "./graph-errors.js";

type Row = [code: number, outcome: GraphOutcome];

const byCode: Row[] = [
  // retry
  [1, "retry"],
  [2, "retry"],
  [4, "retry"],
  [80007, "retry"],
  [130429, "retry"],
  [131000, "retry"],
  [131016, "retry"],
  [131057, "retry"],
  [133004, "retry"],
  // per-recipient backoff
  [131056, "recipient_backoff"],
  // fail
  [131047, "fail"],
  [131026, "fail"],
  [100, "fail"],
  [131008, "fail"],
  [131009, "fail"],
  [131021, "fail"],
  [131050, "fail"],
  [131051, "fail"],
  [130403, "fail"],
  [132000, "fail"],
  [132001, "fail"],
  [132012, "fail"],
  [132015, "fail"],
  [132016, "fail"],
  [132005, "fail"],
  [132007, "fail"],
  [132018, "fail"],
  [132999, "fail"],
  [368, "fail"],
  [131031, "fail"],
  [131048, "fail"],
  [131049, "fail"],
  [135000, "fail"],
  [999999, "fail"],
  // stop
  [0, "stop"],
  [3, "stop"],
  [10, "stop"],
  [190, "stop"],
  [200, "stop"],
  [250, "stop"],
  [299, "stop"],
  [131005, "stop"],
  [131042, "stop"],
];

describe("classifyGraphError by Meta code", () => {
  it.each(byCode)("code %i → %s", (code, outcome) => {
    const result = classifyGraphError({ httpStatus: 400, code });
    expect(result.outcome).toBe(outcome);
    expect(result.windowClosed).toBe(code === 131047);
    expect(result.reason).toContain(String(code));
  });

  it("names what is wrong with a template call; the rest of the 132000 range is a template problem", () => {
    expect(classifyGraphError({ httpStatus: 400, code: 132001 }).reason).toBe(
      "Meta 132001: the template does not exist in this language, or is not approved",
    );
    expect(classifyGraphError({ httpStatus: 400, code: 132000 }).reason).toMatch(
      /number of template parameters/,
    );
    expect(classifyGraphError({ httpStatus: 400, code: 132777 }).reason).toBe(
      "Meta 132777: template problem",
    );
  });

  it.each([
    [132000, true],
    [132999, true],
    [131999, false],
    [133000, false],
    [null, false],
  ])("isTemplateError(%s) = %s", (code, expected) => {
    expect(isTemplateError(code)).toBe(expected);
  });

  it("the code wins over the HTTP status", () => {
    expect(classifyGraphError({ httpStatus: 500, code: 131047 }).outcome).toBe("fail");
    expect(classifyGraphError({ httpStatus: 401, code: 130429 }).outcome).toBe("retry");
  });

  it("an unknown code fails without retry, unless it comes with a 401/403: then sending stops", () => {
    expect(classifyGraphError({ httpStatus: 400, code: 999999 })).toMatchObject({ outcome: "fail" });
    expect(classifyGraphError({ httpStatus: 500, code: 999999 })).toMatchObject({ outcome: "fail" });
    for (const httpStatus of [401, 403]) {
      expect(classifyGraphError({ httpStatus, code: 999999 })).toEqual({
        outcome: "stop",
        windowClosed: false,
        reason: `Meta 999999 (HTTP ${httpStatus}): not authorised`,
      });
    }
  });
});

describe("classifyGraphError without a Meta code", () => {
  const byStatus: Array<[number | null, GraphOutcome]> = [
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [504, "retry"],
    [429, "retry"],
    [401, "stop"],
    [403, "stop"],
    [400, "fail"],
    [404, "fail"],
    [null, "fail"],
  ];
  it.each(byStatus)("HTTP %s → %s", (httpStatus, outcome) => {
    expect(classifyGraphError({ httpStatus, code: null }).outcome).toBe(outcome);
  });

  it("network errors and timeouts are retried", () => {
    expect(classifyGraphError({ httpStatus: null, code: null, networkError: true })).toEqual({
      outcome: "retry",
      windowClosed: false,
      reason: "network error",
    });
    expect(classifyGraphError({ httpStatus: null, code: null, timedOut: true }).outcome).toBe("retry");
  });
});
