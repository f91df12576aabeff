// Every command's handler, one file per family, gathered into one total map: the type makes a missing
// handler a compile error, and dispatch is a lookup, not an if-chain.
import type { HandlerMap } from "../context.js";
import { assignPickHandler } from "./assign-pick.js";
import { CONVERSATION_HANDLERS } from "./conversation.js";
import { FORGET_HANDLERS } from "./forget.js";
import { HELP_HANDLERS } from "./help.js";
import { REPLY_HANDLERS } from "./replies.js";
import { SELF_HANDLERS } from "./self.js";
import { SETTINGS_HANDLERS } from "./settings.js";
import { STAFF_HANDLERS } from "./staff.js";
import { STATS_HANDLERS } from "./stats.js";
import { TEAM_HANDLERS } from "./teams.js";
import { TEMPLATES_HANDLERS } from "./templates.js";
import { VIEW_HANDLERS } from "./views.js";

export const HANDLERS: HandlerMap = {
  ...HELP_HANDLERS,
  ...VIEW_HANDLERS,
  ...STATS_HANDLERS,
  ...CONVERSATION_HANDLERS,
  assign_pick: assignPickHandler,
  ...REPLY_HANDLERS,
  ...TEMPLATES_HANDLERS,
  ...SELF_HANDLERS,
  ...STAFF_HANDLERS,
  ...TEAM_HANDLERS,
  ...SETTINGS_HANDLERS,
  ...FORGET_HANDLERS,
};
