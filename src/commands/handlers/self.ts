// /away, /back, /whoami: about the person typing.
import { eq, inArray } from "drizzle-orm";
import { formatTimeLeft } from "../../domain/window.js";
import { staff, teams } from "../../store/schema.js";
import type { CommandContext, HandlerMap } from "../context.js";

export const SELF_HANDLERS: Pick<HandlerMap, "away" | "back" | "whoami"> = {
  away: (ctx) => setAway(ctx, true),
  back: (ctx) => setAway(ctx, false),
  whoami: (ctx) => {
    const a = ctx.actor;
    const teamNames = a.teamIds.length
      ? ctx.tx
          .select({ name: teams.name })
          .from(teams)
          .where(inArray(teams.id, a.teamIds))
          .all()
          .map((t) => t.name)
          .sort()
      : [];
    const window =
      a.windowExpiresAt !== null && a.windowExpiresAt > ctx.now
        ? `your window with the bot is open · ${formatTimeLeft(a.windowExpiresAt - ctx.now)} left`
        : "your window with the bot is closed";
    const lines = [
      `You are @${a.handle} · ${a.role}${a.phone ? ` · ${a.phone}` : ""}`,
      `Teams: ${teamNames.length ? teamNames.join(", ") : "none"}`,
      a.away
        ? "Away: you get no new conversations. Send /back to return."
        : "Available for new conversations.",
      window,
    ];
    return { answer: lines.join("\n"), conversationId: null };
  },
};

function setAway(ctx: CommandContext, away: boolean) {
  if (ctx.actor.away === away) {
    return {
      answer: away ? "You are already away. Send /back to return." : "You are already available.",
      conversationId: null,
    };
  }
  ctx.tx.update(staff).set({ away }).where(eq(staff.id, ctx.actor.id)).run();
  const answer = away
    ? "You are away: no new conversations come to you, and conversations that reopen go to your team queue. Your open conversations stay yours. Send /back to return."
    : "Welcome back: new conversations can come to you again.";
  return { answer, conversationId: null };
}
