// English: the reference catalog (catalog.ts). Short lines for a phone; each text true for its reader;
// a refusal names the rule and only a next step the reader may take (SPEC §5, §16).

import { enAutorun } from "./en-autorun.js";
import { enDelivery } from "./en-delivery.js";
import { enForget } from "./en-forget.js";
import { enMedia } from "./en-media.js";
import { enParse } from "./en-parse.js";
import { enSettings } from "./en-settings.js";
import { enStats, enStatsHelpExamples, enStatsHelpTopics } from "./en-stats.js";
import { enTaps } from "./en-taps.js";

type N = { n: number };
type Team = { team: string };

export const en = {
  ...enStats,
  ...enParse,
  ...enDelivery,
  ...enForget,
  ...enTaps,
  ...enAutorun,
  ...enMedia,
  ...enSettings,
  // ── who may (domain/policy.ts): "Not allowed: <why>. <next step>" ──
  notAllowed: (p: { why: string; next: string }) => `Not allowed: ${p.why}. ${p.next}`.trimEnd(),
  askAdmin: () => "Ask an admin.",
  askTeamManager: (p: { team: string | null }) =>
    p.team === null ? "Ask a manager or an admin." : `Ask a manager of team ${p.team} or an admin.`,
  askItsTeamManager: () => "Ask a manager of its team or an admin.",
  whySeeScope: () => "you may see New, your teams' conversations and your own",
  whyQueueMembers: (p: { team: string | null }) =>
    `only members of ${p.team === null ? "that team" : `team ${p.team}`} may pick up from its queue`,
  whyAgentAssignOthers: (p: { setting: string }) =>
    `agents may only hand over their own conversations (${p.setting})`,
  whyAgentHandOver: (p: { setting: string }) => `agents may not hand over conversations (${p.setting})`,
  whyAgentTakeover: (p: { setting: string }) =>
    `agents may not take over someone else's conversation (${p.setting})`,
  whyAgentClosedOwn: () =>
    "agents may reopen only their own closed conversations, or take one that had no owner",
  whyAgentCloseOwn: () => "agents may close only their own conversations",
  whyManagerScope: () => "managers may act only on conversations in New or in their teams",
  whyManagerTarget: () => "managers may assign only to their teams or their members",
  whyOwnerReplies: (p: { owner: string | null; quoted: boolean }) =>
    `${p.quoted ? "your text was not sent; " : ""}only the owner replies to the customer${p.owner === null ? "" : ` (${p.owner} has it)`}`,
  takeItFirst: (p: { command: string }) => `Take it first with ${p.command}.`,
  whyAdminsManageStaff: () => "only admins manage staff and roles",
  whyAdminsCreateTeams: () => "only admins create teams",
  whyManagersOwnTeams: () => "managers may change the members of their own teams only",
  whyAdminsChangeSettings: () => "only admins change settings",

  // ── what is possible now (domain/lifecycle.ts problems) ──
  stateAlreadyYours: () => "It is already yours.",
  stateAlreadyTheirs: () => "It is already assigned to them.",
  stateAssigneeAway: () => "They are away and get no new work until they send /back.",
  stateAlreadyInQueue: () => "It is already waiting in that team's queue.",
  stateClosed: () => "It is closed; /reopen it first.",
  stateClosedNoReopen: () => "It is closed.",
  stateClosedWrite: (p: N) => `It is closed; reopen it with /reopen #${p.n} before writing to the customer.`,
  stateNotAssigned: () => "Nobody owns it, so there is nothing to unassign.",
  stateAlreadyClosed: () => "It is already closed.",
  stateAlreadyOpen: () => "It is already open.",

  // ── plain text that is not a command (staff-channel.ts) ──
  plainTextHint: () =>
    "Commands start with / (try /help). To answer a customer: /reply #N <text>, or reply to their forwarded message.",
  quotedNoticeReply: (p: N) =>
    `#${p.n} your text was not sent: that message is a notice. To answer the customer: /reply #${p.n} <text>`,
  quotedNoticeTakeFirst: (p: N & { take: string }) =>
    `#${p.n} your text was not sent: that message is a notice. Take it with ${p.take}, then /reply #${p.n} <text>`,
  quotedNoticeOwned: (p: N & { owner: string }) =>
    `#${p.n} your text was not sent: ${p.owner} has this conversation and answers the customer.`,
  quotedNoticeUnowned: (p: N) =>
    `#${p.n} your text was not sent: that message is a notice, and you cannot take this conversation.`,
  quotedSeveral: (p: { list: string }) =>
    `That message is about ${p.list}. Answer one with /reply #N <text>.`,
  onlyTextRelayed: (p: N) => `#${p.n} Only text can be relayed to a customer for now.`,
  commandFailed: (p: { command: string }) =>
    `Sorry, /${p.command} failed on our side and nothing was changed. Please try again.`,
  notStaff: () => "You are not on the staff list of this inbox, so this group is not for you.",

  // ── finding things (lookup.ts) ──
  whichConversation: () => "Which conversation? Add #N or reply to its message.",
  noConversation: (p: N) => `There is no conversation #${p.n}.`,
  noStaff: (p: { who: string }) => `No staff member ${p.who}. Send /staff to see who is on the team.`,
  staffRemoved: (p: { who: string }) => `${p.who} was removed from the staff list.`,
  noTeam: (p: { name: string }) => `There is no team "${p.name}". Send /teams to see the teams.`,
  told: (p: { names: string }) => `Told ${p.names}.`,
  toldNobody: () => "Nobody else was told.",
  staffGroup: () => "the staff group",

  // ── where a conversation sits ──
  placeNew: () => "New",
  placeQueue: (p: Team) => `the team ${p.team} queue`,
  placeOwner: (p: { owner: string; team: string | null }) =>
    p.team === null ? p.owner : `${p.owner} (team ${p.team})`,
  you: () => "you",

  // ── /assign, /unassign, /close, /reopen answers ──
  assigned: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} assigned to ${p.where}. ${p.told} ${p.window}`,
  reopenedAssigned: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} reopened and assigned to ${p.where}. ${p.told} ${p.window}`,
  movedToQueue: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} moved to ${p.where}. ${p.told} ${p.window}`,
  reopenedIntoQueue: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} reopened into ${p.where}. ${p.told} ${p.window}`,
  alreadyYours: (p: N & { window: string }) => `#${p.n} is already yours. ${p.window}`,
  alreadyAssignedTo: (p: N & { who: string; window: string }) =>
    `#${p.n} is already assigned to ${p.who}. ${p.window}`,
  alreadyInQueue: (p: N & Team & { window: string }) =>
    `#${p.n} is already waiting in the team ${p.team} queue. ${p.window}`,
  assigneeAway: (p: N & { who: string }) =>
    `#${p.n} not assigned: ${p.who} is away and gets no new work until they send /back.`,
  raceLost: (p: N & { winner: string; next: string }) =>
    `#${p.n} was taken by ${p.winner} a moment ago. Nothing changed. ${p.next}`.trimEnd(),
  raceNextTakeOver: (p: N) => `To take it over, send /assign me #${p.n} again.`,
  raceNextShow: (p: N) => `/show #${p.n} to follow it.`,
  unassigned: (p: N & { where: string; told: string }) => `#${p.n} unassigned: back in ${p.where}. ${p.told}`,
  closed: (p: N & { told: string }) => `#${p.n} closed. ${p.told}`,
  reopenedYours: (p: N & { told: string; window: string }) =>
    `#${p.n} reopened: it is yours again. ${p.told} ${p.window}`,
  reopenedBackWith: (p: N & { where: string; told: string; window: string }) =>
    `#${p.n} reopened: back with ${p.where}. ${p.told} ${p.window}`,
  changedMeanwhile: (p: N) => `#${p.n} changed while your command ran; nothing was done. Send /show #${p.n}.`,
  otherOpen: (p: N & { customer: string; open: number }) =>
    `#${p.n} cannot be reopened: ${p.customer} already has #${p.open} open. Use #${p.open}.`,

  // ── notices about a conversation (SPEC §6) ──
  noticeAssignedToYou: (p: N & { by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reopened and " : ""}assigned to you by ${p.by}`,
  noticeMovedTo: (p: N & { to: string; by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reopened and " : ""}moved to ${p.to} by ${p.by}`,
  noticeWaitingInQueue: (p: N & Team & { by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reopened and " : ""}waiting in the team ${p.team} queue (sent there by ${p.by})`,
  noticeTakenBy: (p: N & { where: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reopened and " : ""}taken by ${p.where}`,
  noticeAssignedBy: (p: N & { where: string; by: string; reopened: boolean }) =>
    `#${p.n} ${p.reopened ? "reopened and " : ""}assigned to ${p.where} by ${p.by}`,
  noticeUnassigned: (p: N & { by: string; where: string }) =>
    `#${p.n} unassigned by ${p.by}: back in ${p.where}`,
  noticeBackInQueue: (p: N & { by: string; where: string }) =>
    `#${p.n} back in ${p.where} (unassigned by ${p.by})`,
  noticeClosedBy: (p: N & { by: string; note: string | null }) =>
    `#${p.n} closed by ${p.by}${p.note === null ? "" : `: ${p.note}`}`,
  noticeReopenedYours: (p: N & { by: string }) => `#${p.n} reopened by ${p.by}: it is yours again`,
  noticeReopenedInto: (p: N & { by: string; where: string }) => `#${p.n} reopened by ${p.by} into ${p.where}`,
  noticeShowClose: (p: N) => `/show #${p.n} to see it · /close #${p.n} when it is done`,
  noticeTakeIt: (p: N) => `Reply /assign me #${p.n}`,
  lastMessage: (p: { snippet: string }) => `Last message: ${p.snippet}`,
  reopenedMark: () => " (reopened)",
  reopenedCustomerWrote: () => " (reopened: the customer wrote again)",
  reopenedBackWithOwner: (p: N & { owner: string }) =>
    `#${p.n} reopened: the customer wrote again; back with ${p.owner}`,
  itsOwner: () => "its owner",
  notDeliveredWindow: (p: N) =>
    `#${p.n} not delivered: the customer's 24-hour window is closed (Meta 131047). Use /template #${p.n} <name> to write again.`,
  notDelivered: (p: { n: number | null; reason: string }) =>
    `${p.n === null ? "" : `#${p.n} `}not delivered: ${p.reason}`,
  noteFrom: (p: N & { by: string; text: string }) => `#${p.n} note from ${p.by}:\n${p.text}`,

  // ── writing to the customer (replies.ts) ──
  noAddress: (p: N) => `#${p.n} has no WhatsApp address for the customer.`,
  templateAdvice: (p: N) => `Use /template #${p.n} <name> [language] [params]`,
  tooLong: (p: N & { length: number; limit: number }) =>
    `#${p.n} not sent: ${p.length} characters, WhatsApp allows ${p.limit}. Send it in parts.`,
  badTemplateParam: (p: N) =>
    `#${p.n} not sent: a template parameter may not contain line breaks, tabs or more than four spaces in a row.`,
  templateQueued: (p: N & { name: string; language: string; to: string; window: string; closed: boolean }) =>
    `#${p.n} template ${p.name} (${p.language}) queued to ${p.to} · ${p.window}${p.closed ? " · the window reopens when the customer answers" : ""}`,
  noteSaved: (p: N & { told: string }) => `#${p.n} note saved. ${p.told}`,

  // ── the window (domain/window.ts wording) ──
  windowOpen: (p: { left: string }) => `window open · ${p.left} left`,
  windowNever: () => "no customer message yet · templates only",
  windowClosedNow: () => "window closed just now · templates only",
  windowClosedAgo: (p: { age: string }) => `window closed ${p.age} ago · templates only`,

  // ── /help ──
  helpHeader: (p: { role: string }) => `Your commands (${p.role}):`,
  helpViews: () => "/new · /mine · /assigned · /closed · /queue <team>: lists",
  helpShow: () => "/show #N: one conversation, its messages and history",
  helpTake: () => "/assign me #N: take it (or quote its message)",
  helpHandOver: () => "/assign @handle|team <name> #N · /unassign #N: hand it over",
  helpReply: () => "/reply #N <text>: answer the customer (or quote their message)",
  helpTemplate: () => "/templates · /template #N <name> [language] [params]: after 24 h",
  helpCloseReopen: () => "/close #N [note] · /reopen #N",
  helpNote: () => "/note #N <text>: for the team only",
  helpSelf: () => "/away · /back · /whoami · /staff · /teams · /settings",
  helpTeamsManager: () => "/team add|remove <team> @handle: your teams' members",
  helpTeamsAdmin: () => "/team create|add|remove <team> [@handle]: teams",
  helpStaffAdmin: () => "/staff add <+phone> <handle> [role] · /staff remove @handle · /role @handle <role>",
  helpSetAdmin: () => "/set <key> <value>: change a setting (/settings lists them)",
  helpFooter: () => "/help <command>: its syntax and an example",
  helpUnknown: (p: { topic: string }) => `There is no /${p.topic}. Send /help for the list.`,
  helpNotForYou: (p: { command: string; who: string }) =>
    `${p.command} is for ${p.who}. Send /help for yours.`,
  helpWhoAdmins: () => "admins",
  helpWhoManagers: () => "managers and admins",
  helpExample: (p: { example: string }) => `Example: ${p.example}`,
  helpTopics: {
    ...enStatsHelpTopics,
    help: "/help [command]: your commands, or one command's syntax",
    new: "/new [page]: conversations nobody has taken, longest waiting first",
    mine: "/mine [page]: your open conversations",
    assigned: "/assigned [page] [@handle|team <name>]: open conversations with an owner or a team",
    closed: "/closed [page]: closed conversations",
    queue: "/queue <team> [page]: a team's conversations waiting to be picked up",
    show: "/show [#N]: customer, owner, window, last messages, history",
    assignMe: "/assign me [#N]: take a conversation (reopens a closed one)",
    assignOther: "/assign @handle|+phone|team <name> [#N]: give it to someone or a team queue",
    assignPick: "/assign #N: choose who from a list",
    unassign: "/unassign [#N]: back to its team queue, or to New",
    close: "/close [#N] [note]: close it; the note goes into the history",
    reopen: "/reopen [#N]: reopen it to its previous owner",
    reply: "/reply [#N] <text>: send text to the customer (the owner only)",
    template: "/template [#N] <name> [language] [param|param…]: an approved template",
    templates: "/templates [page]: the approved templates, their languages and parameters",
    note: "/note [#N] <text>: an internal note for the owner and the team",
    away: "/away: no new conversations come to you",
    back: "/back: available again",
    whoami: "/whoami: your handle, role, teams and window",
    staffList: "/staff: who is on the staff list",
    staffAdd: "/staff add <+phone> <handle> [agent|manager|admin]",
    staffRemove: "/staff remove @handle: their conversations go back to the queues",
    role: "/role @handle agent|manager|admin",
    teams: "/teams: the teams, their queues and members",
    teamCreate: "/team create <name>",
    teamMembers: "/team add|remove <name> @handle",
    settings: "/settings: the inbox settings and what they mean",
    set: "/set <key> <value>",
    forget:
      "/forget +phone, then /forget +phone confirm within 10 minutes: erase a customer's name, messages and number",
  },
  helpExamples: {
    ...enStatsHelpExamples,
    help: "/help assign",
    new: "/new 2",
    mine: "/mine",
    assigned: "/assigned team sales",
    closed: "/closed",
    queue: "/queue sales",
    show: "/show #12",
    assignMe: "/assign me #12",
    assignOther: "/assign @maria #12",
    assignPick: "/assign #12",
    unassign: "/unassign #12",
    close: "/close #12 refund sent",
    reopen: "/reopen #12",
    reply: "/reply #12 Your parcel left today.",
    template: "/template #12 order_update en 4411",
    templates: "/templates",
    note: "/note #12 customer is a VIP",
    away: "/away",
    back: "/back",
    whoami: "/whoami",
    staffList: "/staff",
    staffAdd: "/staff add +15551234567 maria agent",
    staffRemove: "/staff remove @maria",
    role: "/role @maria manager",
    teams: "/teams",
    teamCreate: "/team create sales",
    teamMembers: "/team add sales @maria",
    settings: "/settings",
    set: "/set language es",
    forget: "/forget +15557770001",
  },

  // ── held and folded notices (outbox) ──
  heldHeader: (p: { count: number }) => `While you were away (${p.count}):`,
  templateCut: () => "(continued: write to the bot to read the rest)",
  heldMore: (p: { count: number }) => `+${p.count} more. Send /mine or /new to catch up.`,
  foldedMore: (p: { count: number }) =>
    `…and ${p.count} more update${p.count === 1 ? "" : "s"}, held back by WhatsApp's limit on messages to one person. /new and /mine show where things stand.`,

  // ── a customer message in parts (customer-notices.ts) ──
  part: (p: { i: number; of: number }) => ` (${p.i}/${p.of})`,

  // ── /staff, /role (staff.ts) ──
  roleName: (p: { role: string }) => p.role,
  roleWithArticle: (p: { role: string }) => (p.role === "manager" ? "a manager" : `an ${p.role}`),
  staffHeader: (p: { count: number }) => `Staff (${p.count}):`,
  staffNoPhone: () => "no phone",
  staffTeams: (p: { names: string }) => `teams ${p.names}`,
  staffNoTeams: () => "no teams",
  staffAway: () => "away",
  staffRemovedList: (p: { handles: string }) => `Removed: ${p.handles}`,
  staffAlreadyListed: (p: { phone: string; handle: string }) =>
    `${p.phone} is already on the staff list as ${p.handle}.`,
  handleTaken: (p: { handle: string; holder: string | null; removed: boolean }) =>
    `${p.handle} is already taken by ${p.holder ?? "another staff member"}${p.removed ? " (removed; their history keeps the handle)" : ""}. Choose another handle.`,
  staffAdded: (p: { handle: string; role: string }) =>
    `Added ${p.handle} (${p.role}). Ask them to send /help to the bot to start.\nThe bot cannot message them until they write first (their 24 h window is closed). Nobody else was told.`,
  staffReadded: (p: { handle: string; role: string; formerly: string | null }) =>
    `Re-added ${p.handle} (${p.role})${p.formerly === null ? "" : `, formerly ${p.formerly}`}; their history is kept.`,
  staffTeamsLine: (p: { names: string | null }) => `Teams: ${p.names ?? "none"}.`,
  staffWindowOpen: () => "Their window with the bot is open. Nobody else was told.",
  staffAskToWrite: () =>
    "Ask them to send /help to the bot to start: the bot cannot message them until they write first. Nobody else was told.",
  staffAlreadyRemoved: (p: { handle: string }) => `${p.handle} was already removed from the staff list.`,
  staffRemovedDone: (p: { handle: string; role: string; self: boolean }) =>
    p.self
      ? `You removed yourself (${p.role}) from the staff list; your history is kept.`
      : `Removed ${p.handle} (${p.role}) from the staff list; their history is kept.`,
  staffHadNone: (p: { self: boolean }) =>
    p.self ? "You had no open conversations." : "They had no open conversations.",
  staffHadMoved: (p: { self: boolean }) =>
    p.self ? "You had open conversations, now moved:" : "They had open conversations, now moved:",
  staffRemovedNotice: (p: { where: string; handle: string; by: string }) =>
    `Back in ${p.where}: ${p.handle} was removed from the staff list by ${p.by}.`,
  lastAdmin: (p: { handle: string }) =>
    `Not allowed: ${p.handle} is the last active admin. Add another admin first.`,
  roleAlready: (p: { handle: string; role: string }) => `${p.handle} is already ${p.role}. Nothing changed.`,
  roleChangedNotice: (p: { role: string; was: string; by: string }) =>
    `You are now ${p.role} (was ${p.was}), changed by ${p.by}. Send /help to see your commands.`,
  roleChanged: (p: { handle: string; role: string; was: string; told: string }) =>
    `${p.handle} is now ${p.role} (was ${p.was}). ${p.told}`,

  // ── /teams, /team (teams.ts) ──
  teamsNone: () => "No teams yet. An admin creates one with /team create <name>.",
  teamsHeader: (p: { count: number }) => `Teams (${p.count}):`,
  teamLine: (p: { name: string; waiting: number; members: string | null }) =>
    `${p.name} · ${p.waiting} waiting in its queue · ${p.members === null ? "no members" : `members ${p.members}`}`,
  teamExists: (p: { name: string }) => `Team ${p.name} already exists. Send /teams to see the teams.`,
  teamCreated: (p: { name: string }) =>
    `Created team ${p.name}. Add members with /team add ${p.name} @handle. Nobody else was told.`,
  memberAlready: (p: { who: string | null; team: string }) =>
    `${p.who === null ? "You are" : `${p.who} is`} already in team ${p.team}. Nothing changed.`,
  memberNot: (p: { who: string | null; team: string }) =>
    `${p.who === null ? "You are" : `${p.who} is`} not in team ${p.team}. Nothing changed.`,
  addedToTeamNotice: (p: { team: string; by: string }) =>
    `You were added to team ${p.team} by ${p.by}. Send /queue ${p.team} to see its queue.`,
  removedFromTeamNotice: (p: { team: string; by: string }) =>
    `You were removed from team ${p.team} by ${p.by}. Your open conversations stay yours.`,
  memberAdded: (p: { who: string; team: string; told: string }) =>
    `Added ${p.who} to team ${p.team}. ${p.told}`,
  memberRemoved: (p: { who: string; team: string; told: string }) =>
    `Removed ${p.who} from team ${p.team}. ${p.told}`,

  // ── /away, /back, /whoami (self.ts) ──
  whoamiYou: (p: { handle: string; role: string; phone: string | null }) =>
    `You are ${p.handle} · ${p.role}${p.phone === null ? "" : ` · ${p.phone}`}`,
  whoamiTeams: (p: { names: string | null }) => `Teams: ${p.names ?? "none"}`,
  whoamiAway: () => "Away: you get no new conversations. Send /back to return.",
  whoamiAvailable: () => "Available for new conversations.",
  whoamiWindowOpen: (p: { left: string }) => `your window with the bot is open · ${p.left} left`,
  whoamiWindowClosed: () => "your window with the bot is closed",
  alreadyAway: () => "You are already away. Send /back to return.",
  alreadyAvailable: () => "You are already available.",
  nowAway: () =>
    "You are away: no new conversations come to you, and conversations that reopen go to your team queue. Your open conversations stay yours. Send /back to return.",
  nowBack: () => "Welcome back: new conversations can come to you again.",

  // ── /settings, /set (settings.ts; what each setting and value means is in en-settings.ts) ──
  settingsHeader: () => "Settings:",
  settingsFooter: () => "Admins change one with /set <key> <value>.",
  settingLine: (p: { key: string; value: string; fallback: string; meaning: string }) =>
    `${p.key} = ${p.value} (default ${p.fallback}): ${p.meaning}`,
  noSetting: (p: { key: string; known: string }) =>
    `There is no setting ${p.key}. Settings: ${p.known}. Send /settings for what they mean.`,
  badSettingValue: (p: { key: string; typed: string; allowed: string; fallback: string }) =>
    `${p.key} cannot be ${p.typed}. Allowed: ${p.allowed} (default ${p.fallback}).`,
  settingAlready: (p: { key: string; value: string }) => `${p.key} is already ${p.value}. Nothing changed.`,
  settingChanged: (p: { key: string; value: string; was: string; meaning: string }) =>
    `${p.key} is now ${p.value} (was ${p.was}): ${p.meaning}. Nobody else was told.`,

  // ── the lists (views.ts) ──
  viewNew: () => "New",
  viewNewEmpty: () => "New is empty. 🎉",
  viewMine: () => "Mine",
  viewMineEmpty: () => "You have no open conversations. Send /new to see who is waiting.",
  viewQueue: (p: Team) => `Team ${p.team} queue`,
  viewQueueEmpty: (p: Team) => `No conversations waiting in team ${p.team}.`,
  viewClosed: (p: { all: boolean }) => (p.all ? "Closed" : "Closed (your teams and yours)"),
  viewClosedEmpty: (p: { all: boolean }) =>
    p.all ? "No closed conversations yet." : "No closed conversations in your teams or yours.",
  viewAssigned: (p: { all: boolean }) => (p.all ? "Assigned" : "Assigned (your teams and yours)"),
  viewAssignedEmpty: (p: { all: boolean }) =>
    p.all ? "No assigned conversations." : "No assigned conversations in your teams or yours.",
  viewAssignedTo: (p: { who: string; inYourTeams: boolean }) =>
    `Assigned to ${p.who}${p.inYourTeams ? " in your teams" : ""}`,
  viewAssignedToEmpty: (p: { who: string; inYourTeams: boolean }) =>
    `No open conversations assigned to ${p.who}${p.inYourTeams ? " in your teams" : ""}.`,
  viewAssignedTeam: (p: Team & { onlyYours: boolean }) =>
    `Assigned${p.onlyYours ? " to you" : ""} · team ${p.team}`,
  viewAssignedTeamEmpty: (p: Team & { onlyYours: boolean }) =>
    `No assigned conversations${p.onlyYours ? " of yours" : ""} in team ${p.team}.`,
  viewCount: (p: { title: string; count: string; one: boolean }) =>
    `${p.title} · ${p.count} ${p.one ? "conversation" : "conversations"}`,
  viewPastEnd: (p: { page: number; title: string; pages: string; one: boolean; last: string }) =>
    `Page ${p.page} is past the end: ${p.title} has ${p.one ? "1 page" : `${p.pages} pages`}. Send ${p.last} for the last one.`,
  viewMore: (p: { page: number; pages: string; next: string }) =>
    `page ${p.page}/${p.pages} · ${p.next} for more`,
  viewPage: (p: { page: number; pages: string }) => `page ${p.page}/${p.pages}`,
  windowShortOpen: (p: { left: string }) => `open ${p.left}`,
  windowShortClosed: () => "closed",

  // ── /show (show.ts) ──
  showOpen: () => "Open",
  showClosed: (p: { ago: string | null }) => (p.ago === null ? "Closed" : `Closed ${p.ago}`),
  showStatus: (p: { status: string; owner: string | null; team: string | null }) =>
    `${p.status} · owner: ${p.owner ?? "nobody"} · team: ${p.team ?? "none"}`,
  showRemoved: () => " (removed)",
  showNoMessages: () => "No messages yet.",
  showLastMessages: (p: { count: number }) => `Last ${p.count} messages:`,
  showMessages: () => "Messages:",
  showLastChanges: (p: { count: number }) => `Last ${p.count} changes:`,
  showHistory: () => "History:",
  showBot: () => "bot",
  showFullHistory: (p: N & { entries: number }) =>
    `Full history: /show #${p.n} history (${p.entries} entries)`,
  historyNone: () => "No history yet.",
  historyHeader: (p: { entries: number }) =>
    `History, ${p.entries} ${p.entries === 1 ? "entry" : "entries"}:`,
  historyPastEnd: (p: N & { page: number; pages: number; last: string }) =>
    `#${p.n}'s history has ${p.pages === 1 ? "1 page" : `${p.pages} pages`}: page ${p.page} is past the end. Send ${p.last} for the last one.`,
  ageNow: () => "now",
  historyWas: (p: { from: string }) => `was ${p.from}`,
  /** The stored conversation_events actions, as /show's history names them. */
  historyActions: {
    created: "created",
    assigned: "assigned",
    unassigned: "unassigned",
    closed: "closed",
    reopened: "reopened",
    replied: "replied",
    template: "template",
    note: "note",
  },
  justNow: () => "just now",
  ago: (p: { age: string }) => `${p.age} ago`,
  delivery: {
    pending: "sending…",
    sent: "✓ sent",
    delivered: "✓✓ delivered",
    read: "read",
    played: "played",
    failed: "failed",
  },
};
