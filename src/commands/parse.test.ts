import { describe, expect, it } from "vitest";
import type { Catalog } from "../texts/catalog.js";
import { en } from "../texts/en.js";
import { es } from "../texts/es.js";
import type { Command, ParseResult } from "./command.js";
import { parseFailureAnswer } from "./handlers/help.js";
import { parseCommand } from "./parse.js";

const ok = (command: Command): ParseResult => ({ ok: true, command });
const usage = (command: string) => ({ ok: false, kind: "usage", command });
const unknown = (word: string, suggestion: string | null) => ({
  ok: false,
  kind: "unknown",
  word,
  suggestion,
});
const me = { kind: "me" } as const;
const handle = (h: string) => ({ kind: "handle", handle: h }) as const;

const RLM = "\u200F";
const LRM = "\u200E";

const ROWS: [string, object][] = [
  // not commands
  ["hello there", { ok: false, kind: "not_command" }],
  ["", { ok: false, kind: "not_command" }],
  ["   ", { ok: false, kind: "not_command" }],
  ["thanks /assign me", { ok: false, kind: "not_command" }],
  ["＃5 /help", { ok: false, kind: "not_command" }],
  // help
  ["/help", ok({ name: "help", topic: null })],
  ["/HELP Assign", ok({ name: "help", topic: "assign" })],
  ["/help /reassign", ok({ name: "help", topic: "reassign" })],
  ["/help staff add", ok({ name: "help", topic: "staff" })],
  ["/help /", ok({ name: "help", topic: null })],
  // views
  ["/new", ok({ name: "new", page: 1 })],
  ["/NEW 3", ok({ name: "new", page: 3 })],
  ["/new 007", ok({ name: "new", page: 7 })],
  ["/new 0", usage("new")],
  ["/new -1", usage("new")],
  ["/new two", usage("new")],
  ["/new 2 3", usage("new")],
  ["/new 9999999999999999", usage("new")],
  ["/new #2", usage("new")],
  ["/mine", ok({ name: "mine", page: 1 })],
  ["/mine 2", ok({ name: "mine", page: 2 })],
  ["/closed 4", ok({ name: "closed", page: 4 })],
  ["/assigned", ok({ name: "assigned", page: 1, filter: null })],
  ["/assigned 2", ok({ name: "assigned", page: 2, filter: null })],
  ["/assigned @Maria", ok({ name: "assigned", page: 1, filter: handle("maria") })],
  ["/assigned maria 3", ok({ name: "assigned", page: 3, filter: handle("maria") })],
  ["/assigned 3 team Sales", ok({ name: "assigned", page: 3, filter: { kind: "team", team: "sales" } })],
  ["/assigned team sales 2", ok({ name: "assigned", page: 2, filter: { kind: "team", team: "sales" } })],
  ["/assigned me", ok({ name: "mine", page: 1 })],
  ["/assigned team", usage("assigned")],
  ["/assigned @maria @bob", usage("assigned")],
  ["/assigned 2 3", usage("assigned")],
  ["/assigned @マリア", ok({ name: "assigned", page: 1, filter: handle("マリア") })],
  ["/assigned @ﾏﾘｱ", ok({ name: "assigned", page: 1, filter: handle("マリア") })],
  [
    "/assigned team Ventas-España",
    ok({ name: "assigned", page: 1, filter: { kind: "team", team: "ventas-españa" } }),
  ],
  ["/queue sales", ok({ name: "queue", team: "sales", page: 1 })],
  ["/queue Sales 2", ok({ name: "queue", team: "sales", page: 2 })],
  ["/queue team sales", ok({ name: "queue", team: "sales", page: 1 })],
  ["/queue team sales 2", ok({ name: "queue", team: "sales", page: 2 })],
  ["/queue team", ok({ name: "queue", team: "team", page: 1 })],
  ["/queue team 2", ok({ name: "queue", team: "team", page: 2 })],
  ["/queue", usage("queue")],
  ["/queue sales x", usage("queue")],
  ["/queue sa.les", usage("queue")],
  ["/queue VENTAS-ESPAÑA 2", ok({ name: "queue", team: "ventas-españa", page: 2 })],
  // show, unassign, reopen
  ["/show", ok({ name: "show", conv: null })],
  ["/show #12", ok({ name: "show", conv: 12 })],
  ["/show #12 #12", ok({ name: "show", conv: 12 })],
  ["/show #12 #13", usage("show")],
  ["/show #12 history", ok({ name: "show", conv: 12, history: 1 })],
  ["/show History 3 #12", ok({ name: "show", conv: 12, history: 3 })],
  ["/show history 2", ok({ name: "show", conv: null, history: 2 })],
  ["/show #12 history 0", usage("show")],
  ["/show #12 history 2 3", usage("show")],
  ["/show #12 2", usage("show")],
  ["/show #0", usage("show")],
  ["/show #abc", usage("show")],
  ["/show #", usage("show")],
  ["/show 12", usage("show")],
  ["/unassign #3", ok({ name: "unassign", conv: 3 })],
  ["/unassign", ok({ name: "unassign", conv: null })],
  ["/reopen #3", ok({ name: "reopen", conv: 3 })],
  ["/reopen me", usage("reopen")],
  // assign and its alias, #N anywhere
  ["/assign me", ok({ name: "assign", target: me, conv: null })],
  ["/assign me #5", ok({ name: "assign", target: me, conv: 5 })],
  ["/assign #5 me", ok({ name: "assign", target: me, conv: 5 })],
  ["/Assign ME", ok({ name: "assign", target: me, conv: null })],
  ["/assign @me", ok({ name: "assign", target: me, conv: null })],
  ["/assign @Maria #5", ok({ name: "assign", target: handle("maria"), conv: 5 })],
  ["/assign maria.lopez-2", ok({ name: "assign", target: handle("maria.lopez-2"), conv: null })],
  ["/reassign @bob #7", ok({ name: "assign", target: handle("bob"), conv: 7 })],
  ["/REASSIGN\tme\n#7", ok({ name: "assign", target: me, conv: 7 })],
  [
    "/assign +15551234567 #2",
    ok({ name: "assign", target: { kind: "phone", phone: "+15551234567" }, conv: 2 }),
  ],
  ["/assign team sales #2", ok({ name: "assign", target: { kind: "team", team: "sales" }, conv: 2 })],
  ["/assign #2 team Sales", ok({ name: "assign", target: { kind: "team", team: "sales" }, conv: 2 })],
  ["/assign team #2 sales", ok({ name: "assign", target: { kind: "team", team: "sales" }, conv: 2 })],
  ["/assign @team", ok({ name: "assign", target: handle("team"), conv: null })],
  ["/assign", usage("assign")],
  ["/assign #5", usage("assign")],
  ["/assign team", usage("assign")],
  ["/assign 5", usage("assign")],
  ["/assign 15551234567", usage("assign")],
  ["/assign +1555", usage("assign")],
  ["/assign +1 555 123 4567", usage("assign")],
  ["/assign @maria @bob", usage("assign")],
  ["/assign me #5 #6", usage("assign")],
  ["/assign me #0", usage("assign")],
  ["/assign me #-1", usage("assign")],
  ["/assign me #abc", usage("assign")],
  ["/assign @mar!a", usage("assign")],
  ["/assign @", usage("assign")],
  ["/assign @maria😀", usage("assign")],
  // The Kelvin sign is canonically "K": it reaches @kate, as any other way of writing K would.
  ["/assign @\u212Aate", ok({ name: "assign", target: handle("kate"), conv: null })],
  ["/assign @ZOË #5", ok({ name: "assign", target: handle("zoë"), conv: 5 })],
  ["/assign @zoe\u0308", ok({ name: "assign", target: handle("zoë"), conv: null })],
  ["/assign ＠ｍａｒｉａ", ok({ name: "assign", target: handle("maria"), conv: null })],
  ["/assign ＭＥ", ok({ name: "assign", target: me, conv: null })],
  ["/assign @\u0301maria", usage("assign")],
  [
    "/assign team Ventas-España",
    ok({ name: "assign", target: { kind: "team", team: "ventas-españa" }, conv: null }),
  ],
  [`/assign ${RLM}@maria${RLM} #5`, ok({ name: "assign", target: handle("maria"), conv: 5 })],
  [
    `/assign ${LRM}+15551234567${LRM}`,
    ok({ name: "assign", target: { kind: "phone", phone: "+15551234567" }, conv: null }),
  ],
  [`${RLM}  /assign me`, ok({ name: "assign", target: me, conv: null })],
  [`/assign${RLM} me`, ok({ name: "assign", target: me, conv: null })],
  // close: #N only before the note
  ["/close", ok({ name: "close", conv: null, note: null })],
  ["/close #4", ok({ name: "close", conv: 4, note: null })],
  ["/close #4 refund sent", ok({ name: "close", conv: 4, note: "refund sent" })],
  ["/close duplicate of #4", ok({ name: "close", conv: null, note: "duplicate of #4" })],
  ["/close #4   solved\n  by phone  ", ok({ name: "close", conv: 4, note: "solved\n  by phone" })],
  ["/close #4 שלום 👋", ok({ name: "close", conv: 4, note: "שלום 👋" })],
  ["/close #x done", usage("close")],
  // reply and note keep their text
  ["/reply #5 Hello!", ok({ name: "reply", conv: 5, text: "Hello!" })],
  ["/reply Hello, #5 is ready", ok({ name: "reply", conv: null, text: "Hello, #5 is ready" })],
  ["/reply #5   Line 1\n\n  Line  2   ", ok({ name: "reply", conv: 5, text: "Line 1\n\n  Line  2" })],
  ["/reply\n#5\nHi", ok({ name: "reply", conv: 5, text: "Hi" })],
  ["/reply #5 #6 is your order", ok({ name: "reply", conv: 5, text: "#6 is your order" })],
  [`/reply #5 ${RLM}مرحبا${RLM}`, ok({ name: "reply", conv: 5, text: `${RLM}مرحبا${RLM}` })],
  ["/reply #5 👍🏽", ok({ name: "reply", conv: 5, text: "👍🏽" })],
  ["/reply #5", usage("reply")],
  ["/reply", usage("reply")],
  ["/reply #5    ", usage("reply")],
  ["/reply #0 hi", usage("reply")],
  ["/note #5 called back, no answer", ok({ name: "note", conv: 5, text: "called back, no answer" })],
  ["/note VIP 🌟", ok({ name: "note", conv: null, text: "VIP 🌟" })],
  ["/note", usage("note")],
  // template
  [
    "/template order_update",
    ok({ name: "template", conv: null, template: "order_update", language: null, params: [] }),
  ],
  [
    "/template #3 Order_Update en_us John | #4512 | tomorrow",
    ok({
      name: "template",
      conv: 3,
      template: "order_update",
      language: "en_US",
      params: ["John", "#4512", "tomorrow"],
    }),
  ],
  [
    "/template greet pt_BR",
    ok({ name: "template", conv: null, template: "greet", language: "pt_BR", params: [] }),
  ],
  [
    "/template greet fil Ana",
    ok({ name: "template", conv: null, template: "greet", language: "fil", params: ["Ana"] }),
  ],
  [
    "/template greet Ann",
    ok({ name: "template", conv: null, template: "greet", language: null, params: ["Ann"] }),
  ],
  [
    "/template greet hi | there",
    ok({ name: "template", conv: null, template: "greet", language: null, params: ["hi", "there"] }),
  ],
  [
    "/template greet en hi",
    ok({ name: "template", conv: null, template: "greet", language: "en", params: ["hi"] }),
  ],
  [
    "/template greet en-gb x",
    ok({ name: "template", conv: null, template: "greet", language: "en_GB", params: ["x"] }),
  ],
  [
    "/template greet en Ana María 😀",
    ok({ name: "template", conv: null, template: "greet", language: "en", params: ["Ana María 😀"] }),
  ],
  ["/template", usage("template")],
  ["/template #3", usage("template")],
  ["/template greet-me", usage("template")],
  ["/template greet en a||b", usage("template")],
  ["/template greet en a |", usage("template")],
  // self
  ["/away", ok({ name: "away" })],
  ["/Back", ok({ name: "back" })],
  ["/whoami", ok({ name: "whoami" })],
  ["/away until 3pm", usage("away")],
  // staff and roles
  ["/staff", ok({ name: "staff" })],
  ["/staff list", ok({ name: "staff" })],
  [
    "/staff add +15551234567 maria",
    ok({ name: "staff_add", phone: "+15551234567", handle: "maria", role: "agent" }),
  ],
  [
    "/staff add +15551234567 @Maria Manager",
    ok({ name: "staff_add", phone: "+15551234567", handle: "maria", role: "manager" }),
  ],
  [
    "/staff add 15551234567 maria admin",
    ok({ name: "staff_add", phone: "+15551234567", handle: "maria", role: "admin" }),
  ],
  [
    "/staff add maria +15551234567",
    ok({ name: "staff_add", phone: "+15551234567", handle: "maria", role: "agent" }),
  ],
  ["/staff add maria 15551234567", usage("staff")],
  ["/staff add +15551234567 me", usage("staff")],
  ["/staff add +15551234567 team", usage("staff")],
  ["/staff add +15551234567 maria boss", usage("staff")],
  ["/staff add +0551234567 maria", usage("staff")],
  ["/staff add +15551234567", usage("staff")],
  [
    "/staff add +15551234567 María",
    ok({ name: "staff_add", phone: "+15551234567", handle: "maría", role: "agent" }),
  ],
  [
    "/staff add +15551234567 @مريم",
    ok({ name: "staff_add", phone: "+15551234567", handle: "مريم", role: "agent" }),
  ],
  ["/staff add +15551234567 ｍｅ", usage("staff")],
  ["/staff add +15551234567 😀maria", usage("staff")],
  ["/staff remove @Bob", ok({ name: "staff_remove", handle: "bob" })],
  ["/staff remove bob", ok({ name: "staff_remove", handle: "bob" })],
  ["/staff remove", usage("staff")],
  ["/staff remove @bob @carol", usage("staff")],
  ["/staff fire @bob", usage("staff")],
  ["/role @bob manager", ok({ name: "role", handle: "bob", role: "manager" })],
  ["/role admin agent", ok({ name: "role", handle: "admin", role: "agent" })],
  ["/role @bob", usage("role")],
  ["/role @bob king", usage("role")],
  // teams
  ["/teams", ok({ name: "teams" })],
  ["/teams sales", usage("teams")],
  ["/team create Sales", ok({ name: "team_create", team: "sales" })],
  ["/team create sales team", usage("team")],
  ["/team create ventas🇪🇸", usage("team")],
  ["/team create Ventas-España", ok({ name: "team_create", team: "ventas-españa" })],
  ["/team create ventas.es", usage("team")],
  ["/team add Ventas-España @ZOË", ok({ name: "team_add", team: "ventas-españa", handle: "zoë" })],
  ["/team add sales @maria", ok({ name: "team_add", team: "sales", handle: "maria" })],
  ["/team add @maria sales", ok({ name: "team_add", team: "sales", handle: "maria" })],
  ["/team remove sales maria", ok({ name: "team_remove", team: "sales", handle: "maria" })],
  ["/team add sales", usage("team")],
  ["/team", usage("team")],
  ["/team rename sales x", usage("team")],
  // settings
  ["/settings", ok({ name: "settings" })],
  ["/settings agent_reassign", usage("settings")],
  ["/set agent_reassign any", ok({ name: "set", key: "agent_reassign", value: "any" })],
  ["/set Agent-Reassign  Own ", ok({ name: "set", key: "agent_reassign", value: "Own" })],
  ["/set agent_reassign", usage("set")],
  ["/set", usage("set")],
  ["/set 1x y", usage("set")],
  // unknown words and near misses
  ["/asign me", unknown("asign", "assign")],
  ["/assing me", unknown("assing", "assign")],
  ["/reasign", unknown("reasign", "reassign")],
  ["/hlep", unknown("hlep", "help")],
  ["/tempalte", unknown("tempalte", "template")],
  ["/closd", unknown("closd", "closed")],
  ["/unasign", unknown("unasign", "unassign")],
  ["/staf", unknown("staf", "staff")],
  ["/xyzzy", unknown("xyzzy", null)],
  ["/assign#5 me", ok({ name: "assign", target: me, conv: 5 })],
  ["/show#5", ok({ name: "show", conv: 5 })],
  ["/😀", unknown("😀", null)],
  ["//help", unknown("/help", "help")],
  ["/", unknown("", null)],
  ["/ ", unknown("", null)],
  ["/ assign me", unknown("", "assign")],
  ["/ asign me", unknown("", "assign")],
];

describe("parseCommand table", () => {
  it.each(ROWS)("%j", (input, expected) => {
    expect(parseCommand(input)).toMatchObject(expected);
  });
});

describe("answers", () => {
  const agent = { role: "agent", agentReassign: "own" } as const;
  const answer = (input: string, t: Catalog = en) => {
    const result = parseCommand(input);
    if (result.ok || result.kind === "not_command") throw new Error(`${input} parsed`);
    return parseFailureAnswer(t, agent, result);
  };

  it("an unknown word gets the suggestion sentence of SPEC §4, in the reader's language", () => {
    expect(parseCommand("/asign me")).toEqual({
      ok: false,
      kind: "unknown",
      word: "asign",
      suggestion: "assign",
    });
    expect(answer("/asign me")).toBe("Unknown command /asign, did you mean /assign? Send /help");
    expect(answer("/asign me", es)).toBe("No existe el comando /asign, ¿querías decir /assign? Envía /help");
    expect(answer("/")).toBe("A command is / followed by its name, with no space: /help lists them.");
  });

  it("wrong arguments get what was wrong, then the syntax and an example as /help gives them", () => {
    expect(parseCommand("/assign")).toEqual({ ok: false, kind: "usage", command: "assign" });
    expect(answer("/assign").split("\n")).toEqual([
      en.helpTopics.assignMe,
      en.helpTopics.assignOther,
      en.helpExample({ example: en.helpExamples.assignMe }),
    ]);
    expect(answer("/reassign me #0").split("\n")[0]).toBe('"#0" is not a conversation number');
    expect(answer("/reassign me #0", es).split("\n")[0]).toBe('"#0" no es un número de conversación');
  });

  it("never echoes a huge paste back", () => {
    const result = parseCommand(`/${"x".repeat(5000)}`);
    expect(answer(`/${"x".repeat(5000)}`).length).toBeLessThan(120);
    expect(result.ok || result.kind !== "unknown" || result.word.length <= 64).toBe(true);
  });
});
