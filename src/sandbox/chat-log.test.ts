// The chat log's keys: the page finds a bubble by its key, so two runs of the sandbox must never share one.
import { describe, expect, it } from "vitest";
import type { Person } from "./cast.js";
import { ChatLog } from "./chat-log.js";

const SHEENA: Person = { waId: "15550100101", name: "Sheena Nelson", side: "customer" };

function firstKey(log: ChatLog): string {
  return log.add({
    phone: SHEENA.waId,
    wamid: "wamid.1",
    author: "person",
    type: "text",
    text: "Hi",
    quoted: null,
    status: "pending",
    error: null,
    at: 0,
  }).key;
}

describe("bubble keys", () => {
  it("differ between two runs, from the first message on, and are safe in an element id", () => {
    const [a, b] = [new ChatLog([SHEENA]), new ChatLog([SHEENA])];
    expect(a.instance).not.toBe(b.instance);
    const [keyA, keyB] = [firstKey(a), firstKey(b)];
    expect(keyA).not.toBe(keyB);
    expect(keyA).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("are unique within a run, clock notes included", () => {
    const log = new ChatLog([SHEENA, { waId: "15550100003", name: "Maria", side: "staff" }]);
    firstKey(log);
    log.addNote("⏩ 1 hour later", 0);
    const keys = log.all().map((e) => e.key);
    expect(new Set(keys).size).toBe(3);
  });
});
