import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { figuresReader } from "./inbox-figures.js";

describe("figuresReader", () => {
  it("counts pending and failed events, and timers due once a timers table exists", () => {
    // Only the columns the reader uses, so the test holds whatever else later migrations add.
    const sqlite = new Database(":memory:");
    sqlite.exec("create table raw_events (id integer primary key, state text not null)");
    const insert = sqlite.prepare("insert into raw_events (state) values (?)");
    for (const state of ["pending", "pending", "failed", "done", "done"]) insert.run(state);
    const read = figuresReader(sqlite);
    expect(read(1000)).toEqual({ eventsPending: 2, eventsFailed: 1, timersDue: null });

    // A later version's migration adds the table; the reader notices without a restart.
    sqlite.exec("create table timers (id integer primary key, due_at integer not null, fired_at integer)");
    const timer = sqlite.prepare("insert into timers (due_at, fired_at) values (?, ?)");
    timer.run(500, null); // due
    timer.run(1000, null); // due now
    timer.run(400, 450); // fired
    timer.run(2000, null); // not yet
    expect(read(1000).timersDue).toBe(2);
    sqlite.close();
  });
});
