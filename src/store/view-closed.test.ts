// A non-admin's Closed view: their teams whole plus what they owned when it closed, which a close leaves
// in previous_assignee_id (lifecycle.ts). It must be read through indexes (the previous owner's through
// conversations_previous_owner), and a conversation that is both theirs and in their team counted once.
import { describe, expect, it } from "vitest";
import { viewScope } from "../domain/policy.js";
import { openNodeDatabase } from "./open-node.js";
import { captureStatements, planOf } from "./query-plan.js";
import { contacts, conversations, staff, teams } from "./schema.js";
import { closedView } from "./view-plans.js";
import { PAGE_SIZE, readViewPage } from "./view-queries.js";

type Conv = {
  status: "open" | "closed";
  assigneeId: number | null;
  teamId: number | null;
  previousAssigneeId: number | null;
  lastActivityAt: number;
};

const ME = 1;
const OTHER = 2;

/** Every kind of closed conversation for ME in team 1, several times over with tied activity times. */
function inbox(): Conv[] {
  const kinds: Omit<Conv, "lastActivityAt">[] = [
    // Theirs and in their team: counted once.
    { status: "closed", assigneeId: null, teamId: 1, previousAssigneeId: ME },
    { status: "closed", assigneeId: ME, teamId: 1, previousAssigneeId: null },
    { status: "closed", assigneeId: ME, teamId: 1, previousAssigneeId: ME },
    // Theirs only.
    { status: "closed", assigneeId: null, teamId: null, previousAssigneeId: ME },
    { status: "closed", assigneeId: null, teamId: 2, previousAssigneeId: ME },
    { status: "closed", assigneeId: ME, teamId: 3, previousAssigneeId: OTHER },
    // Their team's only.
    { status: "closed", assigneeId: null, teamId: 1, previousAssigneeId: OTHER },
    { status: "closed", assigneeId: null, teamId: 1, previousAssigneeId: null },
    // Not theirs: the owner when it closed is the assignee, someone else; open; another's team.
    { status: "closed", assigneeId: OTHER, teamId: null, previousAssigneeId: ME },
    { status: "closed", assigneeId: null, teamId: 2, previousAssigneeId: OTHER },
    { status: "closed", assigneeId: null, teamId: null, previousAssigneeId: null },
    { status: "open", assigneeId: null, teamId: null, previousAssigneeId: ME },
    { status: "open", assigneeId: ME, teamId: 1, previousAssigneeId: ME },
  ];
  const rows: Conv[] = [];
  for (let round = 0; round < 4; round++) {
    kinds.forEach((kind, k) => {
      rows.push({ ...kind, lastActivityAt: 1000 + ((round * 7 + k * 3) % 11) });
    });
  }
  return rows;
}

function seed(rows: Conv[]) {
  const opened = openNodeDatabase(":memory:");
  const { db } = opened;
  for (const id of [ME, OTHER])
    db.insert(staff)
      .values({ id, handle: `s${id}`, role: "agent", createdAt: 0 })
      .run();
  for (const id of [1, 2, 3])
    db.insert(teams)
      .values({ id, name: `t${id}`, createdAt: 0 })
      .run();
  rows.forEach((row, i) => {
    const id = i + 1;
    db.insert(contacts)
      .values({ id, waId: `1555${id}`, createdAt: 0, updatedAt: 0 })
      .run();
    db.insert(conversations)
      .values({ id, contactId: id, ...row, createdAt: 0 })
      .run();
  });
  return opened;
}

/** SPEC §5 "see Closed": closed, and in one of their teams or theirs when it closed. */
function bruteForce(rows: Conv[], teamIds: number[]): number[] {
  return rows
    .map((row, i) => ({ ...row, id: i + 1 }))
    .filter(
      (c) =>
        c.status === "closed" &&
        ((c.teamId !== null && teamIds.includes(c.teamId)) || (c.assigneeId ?? c.previousAssigneeId) === ME),
    )
    .sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id)
    .map((c) => c.id);
}

describe("a non-admin's Closed view", () => {
  for (const teamIds of [[], [1], [1, 2]]) {
    it(`counts and pages as a plain filter does, each conversation once (teams ${JSON.stringify(teamIds)})`, () => {
      const rows = inbox();
      const { db, close } = seed(rows);
      try {
        const expected = bruteForce(rows, teamIds);
        const plan = closedView(viewScope({ id: ME, role: "agent", handle: "s1", teamIds }));
        // Small caps reach the walked strategy; the default gathers or merges.
        for (const countAhead of [1, 7, 2000]) {
          for (let page = 1; page <= Math.ceil(expected.length / PAGE_SIZE) + 1; page++) {
            const cap = (page - 1) * PAGE_SIZE + countAhead;
            const got = readViewPage(db, plan, page, countAhead);
            expect(got.rows.map((r) => r.id)).toEqual(
              expected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
            );
            expect(got.total).toBe(Math.min(expected.length, cap));
            expect(got.capped).toBe(expected.length >= cap);
          }
        }
        // Conversation 1 is both theirs (previous owner) and, for a member, in their team.
        expect(readViewPage(db, plan, 1).total).toBe(expected.length);
        expect(expected.filter((id) => id === 1)).toHaveLength(1);
      } finally {
        close();
      }
    });
  }

  it("reads an agent with no team's closed conversations through conversations_previous_owner", () => {
    const { db, sqlite, close } = seed(inbox());
    try {
      const { result: got, statements } = captureStatements(sqlite, () =>
        readViewPage(db, closedView(viewScope({ id: ME, role: "agent", handle: "s1", teamIds: [] })), 1),
      );
      expect(got.total).toBe(bruteForce(inbox(), []).length);
      const reads = statements.filter((s) => /"conversations"/.test(s) && /^\s*select/i.test(s));
      expect(reads.length).toBeGreaterThan(0);
      const plans = reads.map((s) => planOf(sqlite, s));
      for (const plan of plans) expect(plan).not.toMatch(/SCAN conversations(?! USING)/);
      // Neither walking every closed conversation in activity order nor sorting the union.
      const all = plans.join("\n");
      expect(all).toContain("USING INDEX conversations_previous_owner (status=? AND previous_assignee_id=?)");
      expect(all).not.toContain("conversations_status_activity");
      expect(all).not.toMatch(/TEMP B-TREE/);
    } finally {
      close();
    }
  });

  it("reads a team member's closed conversations through indexes, at every count strategy", () => {
    const { db, sqlite, close } = seed(inbox());
    try {
      const plan = closedView(viewScope({ id: ME, role: "agent", handle: "s1", teamIds: [1] }));
      const { statements } = captureStatements(sqlite, () => {
        for (const countAhead of [1, 2000]) readViewPage(db, plan, 1, countAhead);
      });
      const reads = statements.filter((s) => /"conversations"/.test(s) && /^\s*select/i.test(s));
      expect(reads.length).toBeGreaterThan(0);
      for (const s of reads) expect(planOf(sqlite, s)).not.toMatch(/SCAN conversations(?! USING)/);
      // Their own conversations outside their teams: one previous owner's range, not every closed one.
      expect(reads.map((s) => planOf(sqlite, s)).join("\n")).toContain(
        "USING INDEX conversations_previous_owner (status=? AND previous_assignee_id=?)",
      );
    } finally {
      close();
    }
  });
});
