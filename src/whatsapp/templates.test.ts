import { describe, expect, it } from "vitest";
import { placeholdersOf, readTemplate, readTemplatePage } from "./templates.js";

const approved = (components: unknown[], extra: Record<string, unknown> = {}) => ({
  name: "t",
  language: "en_US",
  status: "APPROVED",
  components,
  ...extra,
});

describe("placeholdersOf", () => {
  it.each([
    ["no parameters", []],
    ["Order {{1}} ships {{2}}", ["1", "2"]],
    ["{{2}} before {{1}}, {{1}} again", ["1", "2"]],
    ["spaces {{ 1 }} and {{10}} and {{2}}", ["1", "2", "10"]],
    ["Hi {{first_name}}, order {{order_id}} for {{first_name}}", ["first_name", "order_id"]],
    ["not a placeholder: {1} {{}} {{a b}} {{-1}}", []],
  ])("%s → %j", (text, expected) => {
    expect(placeholdersOf(text)).toEqual(expected);
  });
});

describe("readTemplate", () => {
  it("counts the body's positional parameters", () => {
    expect(readTemplate(approved([{ type: "BODY", text: "Order {{1}} is {{2}}" }]))).toEqual({
      name: "t",
      language: "en_US",
      parameters: ["1", "2"],
      headerParameters: 0,
      named: false,
      mediaHeader: null,
    });
  });

  it("puts a text header's parameter first, and marks it as the header's", () => {
    const t = readTemplate(
      approved([
        { type: "HEADER", format: "TEXT", text: "For {{1}}" },
        { type: "BODY", text: "Arrives {{1}} at {{2}}" },
      ]),
    );
    expect([t?.parameters, t?.headerParameters]).toEqual([["1", "1", "2"], 1]);
  });

  it("named parameters by their names, from the text or from parameter_format", () => {
    const byText = readTemplate(approved([{ type: "BODY", text: "Hi {{name}}, {{order}}" }]));
    expect([byText?.named, byText?.parameters]).toEqual([true, ["name", "order"]]);
    const byFormat = readTemplate(approved([{ type: "BODY", text: "Hi" }], { parameter_format: "NAMED" }));
    expect(byFormat?.named).toBe(true);
  });

  it("a media header is named, and is not a parameter a command can give", () => {
    const t = readTemplate(
      approved([
        { type: "HEADER", format: "IMAGE", example: { header_handle: ["https://x"] } },
        { type: "BODY", text: "Look {{1}}" },
      ]),
    );
    expect([t?.mediaHeader, t?.parameters, t?.headerParameters]).toEqual(["image", ["1"], 0]);
  });

  it("lower-case component types are read too; a URL button's parameter is not counted", () => {
    const t = readTemplate(
      approved([
        { type: "body", text: "{{1}}" },
        { type: "BUTTONS", buttons: [{ type: "URL", url: "https://x.test/{{1}}" }] },
      ]),
    );
    expect(t?.parameters).toEqual(["1"]);
  });

  it.each([
    ["pending", { status: "PENDING" }],
    ["rejected", { status: "REJECTED" }],
    ["paused", { status: "PAUSED" }],
    ["disabled", { status: "DISABLED" }],
    ["without a status", { status: undefined }],
    ["without a name", { name: "" }],
    ["without a language", { language: 7 }],
  ])("leaves out a template %s", (_, extra) => {
    expect(readTemplate(approved([{ type: "BODY", text: "x" }], extra))).toBe(null);
  });

  it("leaves out what is not an object", () => {
    expect(readTemplate("order_update")).toBe(null);
    expect(readTemplate(null)).toBe(null);
  });
});

describe("readTemplatePage", () => {
  it("null for a body without a data list", () => {
    expect(readTemplatePage({ error: { code: 100 } })).toBe(null);
    expect(readTemplatePage("<html>")).toBe(null);
  });

  it("the next cursor only when paging.next says there is more", () => {
    const data: unknown[] = [];
    expect(readTemplatePage({ data, paging: { cursors: { after: "A" } } })?.after).toBe(null);
    expect(
      readTemplatePage({ data, paging: { cursors: { after: "A" }, next: "https://g/x?after=B" } })?.after,
    ).toBe("A");
    // Without cursors, the `after` of the next URL; the URL itself is never followed.
    expect(readTemplatePage({ data, paging: { next: "https://elsewhere.test/x?after=B" } })?.after).toBe("B");
    expect(readTemplatePage({ data, paging: { next: "not a url" } })?.after).toBe(null);
  });
});
