import { describe, expect, it } from "vitest";
import type { ApprovedTemplate } from "../whatsapp/templates.js";
import { checkTemplateCall, nearNames } from "./template-check.js";

const template = (
  name: string,
  language: string,
  parameters: string[] = [],
  extra: Partial<ApprovedTemplate> = {},
) =>
  ({
    name,
    language,
    parameters,
    headerParameters: 0,
    named: false,
    mediaHeader: null,
    ...extra,
  }) satisfies ApprovedTemplate;

const LIST: ApprovedTemplate[] = [
  template("order_update", "en_US", ["1"]),
  template("order_update", "es", ["1"]),
  template("hello_world", "en_US"),
  template("appointment_reminder", "es", ["customer_name", "date"], { named: true }),
  template("reservation_confirmation", "en_US", ["guests"], { named: true, mediaHeader: "image" }),
];

describe("checkTemplateCall", () => {
  it.each([
    [
      "name, language and count all match",
      { name: "order_update", language: "es", params: ["4521"] },
      "order_update/es",
    ],
    [
      "the only language is taken when none is given",
      { name: "hello_world", language: null, params: [] },
      "hello_world/en_US",
    ],
    [
      "named parameters are counted like any",
      { name: "appointment_reminder", language: null, params: ["Ann", "Fri"] },
      "appointment_reminder/es",
    ],
  ])("accepts: %s", (_, call, expected) => {
    const result = checkTemplateCall(LIST, call);
    expect(result.ok ? `${result.template.name}/${result.template.language}` : result).toBe(expected);
  });

  it.each([
    ["an unknown name", { name: "order_updates", language: null, params: [] }, "unknown_name"],
    [
      "a name approved in other languages",
      { name: "order_update", language: "pt_BR", params: ["1"] },
      "unknown_language",
    ],
    [
      "a language that differs only by region",
      { name: "hello_world", language: "en", params: [] },
      "unknown_language",
    ],
    [
      "no language, several approved",
      { name: "order_update", language: null, params: ["1"] },
      "which_language",
    ],
    [
      "too many parameters",
      { name: "order_update", language: "en_US", params: ["1", "2"] },
      "parameter_count",
    ],
    [
      "too few parameters",
      { name: "appointment_reminder", language: "es", params: ["Ann"] },
      "parameter_count",
    ],
    [
      "parameters for a template without any",
      { name: "hello_world", language: "en_US", params: ["x"] },
      "parameter_count",
    ],
    [
      "a media header",
      { name: "reservation_confirmation", language: "en_US", params: ["4"] },
      "media_header",
    ],
  ])("refuses %s", (_, call, problem) => {
    const result = checkTemplateCall(LIST, call);
    expect(result.ok ? "ok" : result.problem).toBe(problem);
  });

  it("an empty list refuses every name (a list that was read, and is empty)", () => {
    expect(checkTemplateCall([], { name: "hello_world", language: null, params: [] })).toEqual({
      ok: false,
      problem: "unknown_name",
      near: [],
    });
  });
});

describe("nearNames", () => {
  const names = LIST.map((t) => t.name);
  it.each([
    ["order_updat", ["order_update"]],
    ["ordr_update", ["order_update"]],
    ["hello_wrold", ["hello_world"]],
    ["reminder", ["appointment_reminder"]],
    ["order", ["order_update"]],
    ["invoice", []],
  ])("%s → %j", (name, expected) => {
    expect(nearNames(name, names)).toEqual(expected);
  });

  it("at most three, the closest first", () => {
    expect(nearNames("promo", ["promo_1", "promo_2", "promo_3", "promo_4", "promos"])).toEqual([
      "promos",
      "promo_1",
      "promo_2",
    ]);
  });
});
