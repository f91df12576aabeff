import { describe, expect, it } from "vitest";
import { BacklogGate } from "./backlog-gate.js";

describe("BacklogGate", () => {
  it("lets acknowledgements through while the Inbox is within the limit", () => {
    const gate = new BacklogGate(10);
    gate.appended(10);
    expect(gate.pass()).toBeUndefined(); // 10 not copied: at the limit, not past it
    gate.progress(5, 5);
    expect(gate.pass()).toBeUndefined();
  });

  it("holds them past the limit, counting bodies copied but not filed, and releases them all on catching up", async () => {
    const gate = new BacklogGate(10);
    gate.appended(20);
    gate.progress(15, 6); // 5 to copy + 6 to file = 11
    const released: number[] = [];
    const held = [gate.pass(), gate.pass()].map((p, i) => p?.then(() => released.push(i)));
    expect(held.every((p) => p !== undefined)).toBe(true);
    expect(gate.waiting).toBe(2);
    gate.progress(16, 6); // 10: caught up
    await Promise.all(held);
    expect(released).toEqual([0, 1]);
    expect(gate.waiting).toBe(0);
  });

  it("once opened (shutdown: every held body is already on disk) releases everything and holds nothing", async () => {
    const gate = new BacklogGate(0);
    gate.appended(1);
    const held = gate.pass();
    expect(held).toBeDefined();
    gate.open();
    await held;
    expect(gate.waiting).toBe(0);
    gate.appended(5);
    expect(gate.pass()).toBeUndefined();
  });
});
