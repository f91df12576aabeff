// Every way readViewPage can answer (one cell, merged cells, gather-and-sort, walking the activity
// index) must give exactly the page a plain filter-and-sort would. Random inboxes, scopes and pages are
// compared with a model written straight from SPEC §2, §4 and §5; a small countAhead forces the big-view
// strategies with a few dozen rows. New and the queues are in waiting order (SPEC §4); any other slices
// read in that order must come out right too, if sorted rather than merged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ViewScope, viewScope } from "../domain/policy.js";
import { openNodeDatabase } from "./open-node.js";
import { contacts, conversations, staff, teams } from "./schema.js";
import { type AssignedFilter, assignedView, closedView, mineView, newView, queueView } from "./view-plans.js";
import { PAGE_SIZE, readViewPage, type ViewOrder, type ViewPlan } from "./view-queries.js";

const STAFF = [1, 2, 3];
const TEAMS = [1, 2, 3];

type Conv = {
  status: "open" | "closed";
  assigneeId: number | null;
  teamId: number | null;
  previousAssigneeId: number | null;
  lastActivityAt: number;
  awaitingReplySince: number | null;
};

const conv = fc.record({
  status: fc.constantFrom("open" as const, "closed" as const),
  // Unassigned and teamless often enough that New and the queues hold several rows to order.
  assigneeId: fc.option(fc.constantFrom(...STAFF), { freq: 2 }),
  teamId: fc.option(fc.constantFrom(...TEAMS), { freq: 2 }),
  previousAssigneeId: fc.option(fc.constantFrom(...STAFF)),
  // Few distinct times, so ties (broken by id) are common.
  lastActivityAt: fc.integer({ min: 1, max: 8 }),
  awaitingReplySince: fc.option(fc.integer({ min: 1, max: 8 })),
});

const scope: fc.Arbitrary<ViewScope> = fc.oneof(
  fc.constant(viewScope({ id: 1, role: "admin", handle: "ada", teamIds: [] })),
  fc
    .record({
      staffId: fc.constantFrom(...STAFF),
      teamIds: fc.subarray(TEAMS),
    })
    .map((s) => viewScope({ id: s.staffId, role: "agent", handle: "a", teamIds: s.teamIds })),
);

const filter: fc.Arbitrary<AssignedFilter> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...STAFF).map((staffId) => ({ kind: "staff" as const, staffId })),
  fc.constantFrom(...TEAMS).map((teamId) => ({ kind: "team" as const, teamId })),
);

/** `order` is the spec's, stated here apart from the plan's, so a plan in the wrong order is caught. */
type Case = { plan: ViewPlan; belongs: (c: Conv) => boolean; order?: ViewOrder };

type Numbered = Conv & { id: number };
/** SPEC §4: newest activity first; New and the queues from the customer who has waited longest. */
function sortedFor(order: ViewOrder | undefined, rows: Numbered[]): Numbered[] {
  const waited = (c: Conv) => c.awaitingReplySince ?? c.lastActivityAt;
  return order === "waiting"
    ? rows.sort((a, b) => waited(a) - waited(b) || a.id - b.id)
    : rows.sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id);
}

function inScope(s: ViewScope, c: Conv, owner: number | null): boolean {
  return s.all || (c.teamId !== null && s.teamIds.includes(c.teamId)) || owner === s.staffId;
}

/** The views as SPEC §2 words them, each with the plan that is supposed to read it. */
const viewCase: fc.Arbitrary<Case> = fc.oneof(
  fc.constant<Case>({
    plan: newView(),
    belongs: (c: Conv) => c.status === "open" && !c.assigneeId && !c.teamId,
    order: "waiting",
  }),
  fc.constantFrom(...TEAMS).map(
    (t): Case => ({
      order: "waiting",
      plan: queueView(t),
      belongs: (c: Conv) => c.status === "open" && c.assigneeId === null && c.teamId === t,
    }),
  ),
  fc.constantFrom(...STAFF).map((me) => ({
    plan: mineView(me, TEAMS),
    belongs: (c: Conv) => c.status === "open" && c.assigneeId === me,
  })),
  fc.tuple(scope, filter).map(([s, f]) => ({
    plan: assignedView(s, TEAMS, f),
    belongs: (c: Conv) =>
      c.status === "open" &&
      (c.assigneeId !== null || c.teamId !== null) &&
      inScope(s, c, c.assigneeId) &&
      (f === null || (f.kind === "staff" ? c.assigneeId === f.staffId : c.teamId === f.teamId)),
  })),
  scope.map((s) => ({
    plan: closedView(s),
    belongs: (c: Conv) => c.status === "closed" && inScope(s, c, c.assigneeId ?? c.previousAssigneeId),
  })),
  // Slices no index holds in waiting order: gathered or walked, and sorted.
  fc.tuple(scope, filter).map(
    ([s, f]): Case => ({
      order: "waiting",
      plan: { ...assignedView(s, TEAMS, f), order: "waiting" },
      belongs: (c: Conv) =>
        c.status === "open" &&
        (c.assigneeId !== null || c.teamId !== null) &&
        inScope(s, c, c.assigneeId) &&
        (f === null || (f.kind === "staff" ? c.assigneeId === f.staffId : c.teamId === f.teamId)),
    }),
  ),
);

function seed(rows: Conv[]) {
  const { db, close } = openNodeDatabase(":memory:");
  for (const id of STAFF)
    db.insert(staff)
      .values({ id, handle: `s${id}`, role: "agent", createdAt: 0 })
      .run();
  for (const id of TEAMS)
    db.insert(teams)
      .values({ id, name: `t${id}`, createdAt: 0 })
      .run();
  rows.forEach((row, i) => {
    const id = i + 1;
    db.insert(contacts)
      .values({ id, waId: `1555${id}`, name: `C${id}`, createdAt: 0, updatedAt: 0 })
      .run();
    db.insert(conversations)
      .values({ id, contactId: id, ...row, createdAt: 0 })
      .run();
  });
  return { db, close };
}

describe("readViewPage", () => {
  it("returns the page and total that filtering and sorting every conversation gives", () => {
    fc.assert(
      fc.property(
        fc.array(conv, { maxLength: 60, size: "medium" }),
        viewCase,
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(1, 5, 30, 2000),
        (rows, { plan, belongs, order }, page, countAhead) => {
          const { db, close } = seed(rows);
          try {
            const expected = sortedFor(order, rows.map((row, i) => ({ ...row, id: i + 1 })).filter(belongs));
            const cap = (page - 1) * PAGE_SIZE + countAhead;
            const got = readViewPage(db, plan, page, countAhead);
            expect(got.rows.map((r) => r.id)).toEqual(
              expected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => r.id),
            );
            expect(got.total).toBe(Math.min(expected.length, cap));
            expect(got.capped).toBe(expected.length >= cap);
          } finally {
            close();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
