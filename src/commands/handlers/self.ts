// /away, /back, /whoami: about the person typing.
import { eq, inArray } from "drizzle-orm";
import { formatTimeLeft } from "../../domain/window.js";
import { staff, teams } from "../../store/schema.js";
import type { CommandContext, HandlerMap } from "../context.js";
import { textsOf } from "../lookup.js";

export const SELF_HANDLERS: Pick<HandlerMap, "away" | "back" | "whoami"> = {
  away: (ctx) => setAway(ctx, true),
  back: (ctx) => setAway(ctx, false),
  whoami: (ctx) => {
    const t = textsOf(ctx);
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
        ? t.whoamiWindowOpen({ left: formatTimeLeft(a.windowExpiresAt - ctx.now) })
        : t.whoamiWindowClosed();
    const lines = [
      t.whoamiYou({ handle: `@${a.handle}`, role: t.roleName({ role: a.role }), phone: a.phone || null }),
      t.whoamiTeams({ names: teamNames.length ? teamNames.join(", ") : null }),
      a.away ? t.whoamiAway() : t.whoamiAvailable(),
      window,
    ];
    return { answer: lines.join("\n"), conversationId: null };
  },
};

function setAway(ctx: CommandContext, away: boolean) {
  const t = textsOf(ctx);
  if (ctx.actor.away === away) {
    return { answer: away ? t.alreadyAway() : t.alreadyAvailable(), conversationId: null };
  }
  ctx.tx.update(staff).set({ away }).where(eq(staff.id, ctx.actor.id)).run();
  const answer = away ? t.nowAway() : t.nowBack();
  return { answer, conversationId: null };
}
