// /expiring (SPEC §13): open conversations whose customer waits, soonest-closing window first, in the
// line format and paging of the other lists, scoped like them.
import { describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { HOUR_MS, MINUTE_MS } from "../../domain/window.js";

useGraphServer();

const ADA = "+15550000001"; // admin, from INBOX_ADMINS
const MARIA = "+15550000003"; // agent, sales
const SAM = "+15550000004"; // agent, support
const C = (n: number) => `+1555300${String(n).padStart(4, "0")}`;

async function start() {
  const e = await startE2E();
  e.seedStaff("maria", MARIA, "agent", ["sales"]);
  e.seedStaff("sam", SAM, "agent", ["support"]);
  for (const phone of [ADA, MARIA, SAM]) await e.write(phone, "/whoami");
  const ask = async (phone: string, text: string) => {
    await e.write(phone, text);
    return e.lastTo(phone).text;
  };
  return { e, ask };
}

const numbers = (answer: string | null | undefined) =>
  (answer ?? "")
    .split("\n")
    .filter((line) => line.startsWith("#"))
    .map((line) => line.split(" · ")[0]);

describe("/expiring", () => {
  it("lists waiting customers soonest-closing window first and pages 10 at a time", async () => {
    const { e, ask } = await start();
    // Customers 1..13 write a minute apart; then customer 1 writes again, so #1's window closes last.
    for (let n = 1; n <= 13; n++) {
      e.clock.advance(MINUTE_MS);
      await e.write(C(n), `Question ${n}`, { name: `Customer ${n}` });
    }
    e.clock.advance(MINUTE_MS);
    await e.write(C(1), "Anyone?");
    // #5 is answered: nobody waits there any more.
    await ask(MARIA, "/assign me #5");
    await ask(MARIA, "/reply #5 Looking into it");
    e.clock.advance(HOUR_MS);

    const first = await ask(ADA, "/expiring");
    expect(first?.split("\n")[0]).toBe("Expiring · 12 conversations");
    expect(numbers(first)).toEqual(["#2", "#3", "#4", "#6", "#7", "#8", "#9", "#10", "#11", "#12"]);
    expect(first?.split("\n")[1]).toBe("#2 · Customer 2 · Question 2 · 1h · open 22h");
    expect(first?.split("\n").at(-1)).toBe("page 1/2 · /expiring 2 for more");
    const second = await ask(ADA, "/expiring 2");
    expect(numbers(second)).toEqual(["#13", "#1"]);
    expect(second?.split("\n").at(-1)).toBe("page 2/2");
    expect(await ask(ADA, "/expiring 3")).toBe(
      "Page 3 is past the end: Expiring has 2 pages. Send /expiring 2 for the last one.",
    );
  });

  it("leaves out closed windows and what the reader may not see", async () => {
    const { e, ask } = await start();
    for (let n = 1; n <= 3; n++) {
      e.clock.advance(MINUTE_MS);
      await e.write(C(n), `Question ${n}`, { name: `Customer ${n}` });
    }
    // #1 goes to @maria in sales, #2 to team support's queue; #3 stays in New.
    await ask(ADA, "/assign @maria #1");
    await ask(ADA, "/assign team support #2");
    expect(numbers(await ask(ADA, "/expiring"))).toEqual(["#1", "#2", "#3"]);
    // @sam sees New and his team's queue, not @maria's conversation in sales.
    expect(numbers(await ask(SAM, "/expiring"))).toEqual(["#2", "#3"]);
    expect(numbers(await ask(MARIA, "/expiring"))).toEqual(["#1", "#3"]);
    // A day later every window has closed: nothing to warn about.
    e.clock.advance(24 * HOUR_MS);
    expect(await ask(ADA, "/expiring")).toBe("No waiting customer has an open window. 🎉");
  });

  it("answers a bad page with the usage line", async () => {
    const { ask } = await start();
    expect(await ask(ADA, "/expiring soon")).toContain("/expiring [page]");
  });
});
