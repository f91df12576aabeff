// The inbox's tables. One SQLite database per business phone number, so no table carries the number.
// Times are unix milliseconds. Uniqueness that the product promises lives here, not in code
// (DESIGN invariant 3): wamid per message, one open conversation per customer, status keys, handles.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Every signed webhook body, stored before the 200. Processing state lives beside it. */
export const rawEvents = sqliteTable(
  "raw_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    receivedAt: integer("received_at").notNull(),
    /** SHA-256 of the exact body: a byte-identical redelivery is stored once. */
    bodySha256: text("body_sha256").notNull(),
    body: text("body").notNull(),
    state: text("state", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    lastError: text("last_error"),
    processedAt: integer("processed_at"),
  },
  (t) => [
    uniqueIndex("raw_events_body_sha256").on(t.bodySha256),
    index("raw_events_pending").on(t.state, t.nextAttemptAt).where(sql`state != 'done'`),
    // RAW_RETENTION_DAYS (inbox/retention.ts): the oldest processed bodies, without reading every body.
    index("raw_events_done").on(t.processedAt).where(sql`state = 'done'`),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    waId: text("wa_id"),
    bsuid: text("bsuid"),
    name: text("name"),
    username: text("username"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** Set by /forget (src/inbox/forget.ts): name and ids are then null, and the customer reads "forgotten". */
    forgottenAt: integer("forgotten_at"),
    /** HMAC-SHA-256 of the forgotten wa_id under the install's key: "was this number forgotten?", nothing more. */
    waIdHash: text("wa_id_hash"),
  },
  (t) => [uniqueIndex("contacts_wa_id").on(t.waId), uniqueIndex("contacts_bsuid").on(t.bsuid)],
);

export const staff = sqliteTable(
  "staff",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    handle: text("handle").notNull(),
    /** E.164 with a leading +. */
    phone: text("phone"),
    waId: text("wa_id"),
    bsuid: text("bsuid"),
    role: text("role", { enum: ["admin", "manager", "agent"] }).notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    away: integer("away", { mode: "boolean" }).notNull().default(false),
    /** The staff member's own 24 h window with the business number (SPEC §3). */
    windowExpiresAt: integer("window_expires_at"),
    createdAt: integer("created_at").notNull(),
    removedAt: integer("removed_at"),
  },
  (t) => [
    uniqueIndex("staff_handle").on(t.handle),
    uniqueIndex("staff_phone").on(t.phone),
    uniqueIndex("staff_wa_id").on(t.waId),
    uniqueIndex("staff_bsuid").on(t.bsuid),
  ],
);

export const teams = sqliteTable(
  "teams",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("teams_name").on(t.name)],
);

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.staffId] }), index("team_members_staff").on(t.staffId)],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** `id` is the conversation's #N: AUTOINCREMENT so a number is never reused. */
export const conversations = sqliteTable(
  "conversations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id),
    status: text("status", { enum: ["open", "closed"] }).notNull(),
    assigneeId: integer("assignee_id").references(() => staff.id),
    teamId: integer("team_id").references(() => teams.id),
    /** Owner before the last close/unassign: reopen returns the conversation to them (SPEC §2). */
    previousAssigneeId: integer("previous_assignee_id").references(() => staff.id),
    /** Last inbound customer message + 24 h; null until the customer writes. */
    windowExpiresAt: integer("window_expires_at"),
    lastActivityAt: integer("last_activity_at").notNull(),
    /**
     * When the customer's oldest message that no staff answer has followed was sent (its timestamp,
     * capped at arrival); null when nobody is waiting. Set by the customer's message, cleared by a staff
     * reply or template and by a close. New and the team queues are worked from the longest wait (SPEC §4).
     */
    awaitingReplySince: integer("awaiting_reply_since"),
    lastSnippet: text("last_snippet"),
    /** Rate limit for "customer wrote again in New" notifications (SPEC §6). */
    lastNewNoticeAt: integer("last_new_notice_at"),
    createdAt: integer("created_at").notNull(),
    closedAt: integer("closed_at"),
    /** When the current opening began (its reopen); null: at created_at. Resolution is opened → closed. */
    openedAt: integer("opened_at"),
    /** When staff first answered the waiting customer (SPEC §14 first response); set once, by a trigger. */
    firstResponseAt: integer("first_response_at"),
    /** The window_expires_at already counted as closed unanswered, so a window is counted once (§14). */
    windowMissedAt: integer("window_missed_at"),
  },
  (t) => [
    // At most one open conversation per customer, enforced by the database (SPEC §2).
    uniqueIndex("conversations_one_open_per_contact").on(t.contactId).where(sql`status = 'open'`),
    index("conversations_contact").on(t.contactId, t.id),
    index("conversations_view").on(t.status, t.assigneeId, t.teamId, t.lastActivityAt),
    index("conversations_team_view").on(t.status, t.teamId, t.assigneeId, t.lastActivityAt),
    index("conversations_status_activity").on(t.status, t.lastActivityAt),
    // A closed conversation's owner lives in previous_assignee_id (lifecycle.ts): a non-admin's Closed.
    index("conversations_previous_owner").on(t.status, t.previousAssigneeId, t.lastActivityAt),
    // New and the team queues, longest waiting first (view-queries.ts WAITING_KEY): the customer's
    // unanswered wait, else the last activity. Only unassigned open conversations are in either view;
    // status and assignee are columns too, so a page is read from the index alone.
    index("conversations_waiting")
      .on(t.status, t.assigneeId, t.teamId, sql`coalesce(${t.awaitingReplySince}, ${t.lastActivityAt})`)
      .where(sql`status = 'open' and assignee_id is null`),
    // Open conversations whose customer waits for an answer (stats-queries.ts, expiring-queries.ts): by
    // window close for /expiring and "closing within 2 h", by wait for the longest wait; per team (a whole
    // team's slice) and per owner and team (one person's slice), so every scope is a few index ranges.
    // awaiting_reply_since rides along so that a count or a page is read from the index alone.
    index("conversations_expiring_team")
      .on(t.teamId, t.windowExpiresAt, t.awaitingReplySince)
      .where(sql`status = 'open' and awaiting_reply_since is not null`),
    index("conversations_expiring_owner")
      .on(t.assigneeId, t.teamId, t.windowExpiresAt, t.awaitingReplySince)
      .where(sql`status = 'open' and awaiting_reply_since is not null`),
    index("conversations_awaiting_team")
      .on(t.teamId, t.awaitingReplySince)
      .where(sql`status = 'open' and awaiting_reply_since is not null`),
    index("conversations_awaiting_owner")
      .on(t.assigneeId, t.teamId, t.awaitingReplySince)
      .where(sql`status = 'open' and awaiting_reply_since is not null`),
  ],
);

/**
 * How many open conversations sit in each (team, owner, customer waiting) cell, kept by triggers on
 * conversations (migrations/0009): /stats reads "now" from here instead of counting a million rows.
 * 0 stands for no team / no owner.
 */
export const statsOpen = sqliteTable(
  "stats_open",
  {
    teamKey: integer("team_key").notNull(),
    staffKey: integer("staff_key").notNull(),
    awaiting: integer("awaiting").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamKey, t.staffKey, t.awaiting] })],
);

/**
 * What happened per UTC hour, kept by triggers on conversations (migrations/0009), at three levels:
 * 'a' the whole inbox, 't' per team, 'p' per owner and team (0: none), as owned when it happened.
 * Counts (new, closed, reopened, missed) have bin 0; durations (first, resolve) one row per bin, the
 * duration rounded down to the unit /stats shows it in, so a median read from the bins is exact as shown.
 */
export const statsHours = sqliteTable(
  "stats_hours",
  {
    level: text("level").notNull(),
    teamKey: integer("team_key").notNull(),
    staffKey: integer("staff_key").notNull(),
    metric: text("metric").notNull(),
    hour: integer("hour").notNull(),
    bin: integer("bin").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.teamKey, t.staffKey, t.metric, t.hour, t.bin] })],
);

/** stats_hours summed per UTC day (hour / 24), kept by triggers on stats_hours: long periods read days. */
export const statsDays = sqliteTable(
  "stats_days",
  {
    level: text("level").notNull(),
    teamKey: integer("team_key").notNull(),
    staffKey: integer("staff_key").notNull(),
    metric: text("metric").notNull(),
    day: integer("day").notNull(),
    bin: integer("bin").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.teamKey, t.staffKey, t.metric, t.day, t.bin] })],
);

/** Up to when windows that closed unanswered have been counted (one row, id 1). */
export const statsSweep = sqliteTable("stats_sweep", {
  id: integer("id").primaryKey(),
  sweptUntil: integer("swept_until").notNull(),
});

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Null for staff messages (commands) that are about no conversation. */
    conversationId: integer("conversation_id").references(() => conversations.id),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    /** Inbound: the wamid (reactions: wamid + emoji + time). Outbound: "out:" + outbox id. */
    dedupKey: text("dedup_key").notNull(),
    wamid: text("wamid"),
    contactId: integer("contact_id").references(() => contacts.id),
    staffId: integer("staff_id").references(() => staff.id),
    type: text("type").notNull(),
    subtype: text("subtype"),
    text: text("text"),
    mediaId: text("media_id"),
    mediaMime: text("media_mime"),
    /** Media metadata only, never the bytes (SPEC §11): Meta's sha256 (base64 or hex), size, file name. */
    mediaSha256: text("media_sha256"),
    mediaSize: integer("media_size"),
    mediaFilename: text("media_filename"),
    quotedWamid: text("quoted_wamid"),
    /** Outbound delivery state, only ever moved forward (sent < delivered < read; failed). */
    status: text("status"),
    statusAt: integer("status_at"),
    timestamp: integer("timestamp").notNull(),
    raw: text("raw"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("messages_dedup_key").on(t.dedupKey),
    index("messages_wamid").on(t.wamid),
    index("messages_conversation").on(t.conversationId, t.id),
  ],
);

/** Every status webhook, keyed so a redelivery is a no-op; messages.status holds the furthest one. */
export const messageStatuses = sqliteTable(
  "message_statuses",
  {
    wamid: text("wamid").notNull(),
    status: text("status").notNull(),
    participant: text("participant").notNull().default(""),
    timestamp: integer("timestamp").notNull(),
    errorCode: integer("error_code"),
    errorDetail: text("error_detail"),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.wamid, t.status, t.participant] })],
);

/** The conversation's history: every change, who made it, from → to, and the command's wamid. */
export const conversationEvents = sqliteTable(
  "conversation_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id),
    actorStaffId: integer("actor_staff_id").references(() => staff.id),
    action: text("action").notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    note: text("note"),
    commandWamid: text("command_wamid"),
    at: integer("at").notNull(),
  },
  (t) => [index("conversation_events_conversation").on(t.conversationId, t.id)],
);

/**
 * Everything the bot sends, written in the same transaction as the change that caused it.
 * pending → sending (leased) → sent | failed; held = a staff notification waiting for that person's window.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Recipient: a wa_id, a BSUID, or the staff group id. */
    recipient: text("recipient").notNull(),
    recipientKind: text("recipient_kind", { enum: ["customer", "staff", "group"] }).notNull(),
    staffId: integer("staff_id").references(() => staff.id),
    conversationId: integer("conversation_id").references(() => conversations.id),
    /** What caused it: reply | template | answer | notify | forward | media. */
    purpose: text("purpose").notNull(),
    /** The message body sent to Graph, minus the recipient fields. */
    payload: text("payload").notNull(),
    /** Free-form to a customer: the window is checked again right before sending. */
    needsWindow: integer("needs_window", { mode: "boolean" }).notNull().default(false),
    /** Who to tell when a relayed send fails. */
    requestedByStaffId: integer("requested_by_staff_id").references(() => staff.id),
    /** For forwards: the customer message it carries, so a quote-reply finds the conversation. */
    sourceMessageId: integer("source_message_id").references(() => messages.id),
    status: text("status", { enum: ["pending", "sending", "sent", "failed", "held"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    wamid: text("wamid"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
    /**
     * A media relay (SPEC §11): JSON of the media to fetch from Meta (media/job.ts); the payload is the
     * message to send once it is uploaded. Null for every other row.
     */
    media: text("media"),
    /** The id Meta gave the uploaded copy: a retry after the upload sends it without uploading again. */
    mediaUploadId: text("media_upload_id"),
    /** The last step of the relay that finished, e.g. "uploaded 312000 bytes", for the operator. */
    mediaStep: text("media_step"),
  },
  (t) => [
    index("outbox_due").on(t.status, t.nextAttemptAt).where(sql`status in ('pending', 'sending')`),
    index("outbox_held").on(t.staffId).where(sql`status = 'held'`),
    // One recipient's due rows: deferred together when they are paced, coalesced together when not.
    index("outbox_recipient_due").on(t.recipient, t.nextAttemptAt).where(sql`status = 'pending'`),
    // /healthz counts failures; without it the count walks every row ever sent.
    index("outbox_failed").on(t.id).where(sql`status = 'failed'`),
    // Not unique: notifications coalesced into one message share its wamid.
    index("outbox_wamid").on(t.wamid),
  ],
);

/** Sending state shared by the process: 'stopped' after an auth/billing error (SPEC §8). */
export const sendingState = sqliteTable("sending_state", {
  id: integer("id").primaryKey(),
  state: text("state", { enum: ["ok", "stopped"] }).notNull(),
  reason: text("reason"),
  since: integer("since"),
});

/**
 * When each sender who is not staff was last told "not on the staff list" in the staff group (SPEC §1: one
 * reply, nothing else). Kept here, not in memory, so a restart does not tell them again. `sender` is
 * "wa:<wa_id>" or "bsuid:<BSUID>"; a sender with both has a row for each.
 */
export const strangerReplies = sqliteTable("stranger_replies", {
  sender: text("sender").primaryKey(),
  repliedAt: integer("replied_at").notNull(),
});

/**
 * The approved templates as Meta last listed them (SPEC §4 /templates), replaced whole by each listing.
 * Read by /templates and by /template's checks; written only by the template refresh, after its fetch.
 */
export const approvedTemplates = sqliteTable(
  "approved_templates",
  {
    name: text("name").notNull(),
    /** Meta's code as approved: "en", "en_US". */
    language: text("language").notNull(),
    /** JSON array of the parameters in send order, the header's first: "1", "2"… or names. */
    parameters: text("parameters").notNull(),
    /** How many of `parameters` go in the header component. */
    headerParameters: integer("header_parameters").notNull().default(0),
    /** NAMED templates: each parameter is sent with its `parameter_name`. */
    named: integer("named", { mode: "boolean" }).notNull().default(false),
    /** "image", "video", "document", "location": a header a chat command cannot fill. */
    mediaHeader: text("media_header"),
  },
  (t) => [primaryKey({ columns: [t.name, t.language] })],
);

/**
 * The template list's one row (id 1): when it was read, and whether it must be read again. A refresh is
 * asked for inside a transaction (a stale list used, /templates, a template error from Meta) and done by
 * the outbox dispatcher outside any (DESIGN invariant 2).
 */
export const templateList = sqliteTable("template_list", {
  id: integer("id").primaryKey(),
  /** When the stored list was read; null: never. */
  fetchedAt: integer("fetched_at"),
  /** False when the account had more pages than one listing reads. */
  complete: integer("complete", { mode: "boolean" }).notNull().default(true),
  /** Set while a refresh is wanted; cleared by a refresh that started after it. */
  refreshRequestedAt: integer("refresh_requested_at"),
  /** Not before then: at most one listing a minute, and backoff after a failure. */
  nextAttemptAt: integer("next_attempt_at").notNull().default(0),
  attempts: integer("attempts").notNull().default(0),
  lastAttemptAt: integer("last_attempt_at"),
  lastError: text("last_error"),
});

/**
 * Someone asked /templates before there was a list to show: they are answered by the refresh, with the
 * list or with why it could not be read. `groupId` when they asked in the staff group.
 */
export const templateWaiters = sqliteTable("template_waiters", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  staffId: integer("staff_id")
    .notNull()
    .references(() => staff.id),
  groupId: text("group_id"),
  page: integer("page").notNull().default(1),
  requestedAt: integer("requested_at").notNull(),
});

/**
 * /forget +phone waiting for its `confirm` (SPEC §17.19): valid until `expiresAt`, only for the admin who
 * asked. The number is kept as its hash, so an unconfirmed request stores no phone number.
 */
export const forgetRequests = sqliteTable(
  "forget_requests",
  {
    waIdHash: text("wa_id_hash").notNull(),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    requestedAt: integer("requested_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.waIdHash, t.staffId] })],
);

/**
 * Every due time of the inbox running itself (SPEC §13): follow-ups, window warnings, business hours
 * beginning, and the away message sent in a closed stretch. One row per (kind, conversation); a new
 * `generation` (the follow-up clock's start, the window's expiry, the opening instant) re-arms it, and
 * `fired_at` marks it done in the same transaction as what it did, so a restart neither loses nor
 * repeats one. `conversation_id` is 0 for the inbox-wide kinds.
 */
export const timers = sqliteTable(
  "timers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["follow_up", "window_warning", "hours_open", "away_message"] }).notNull(),
    conversationId: integer("conversation_id").notNull(),
    generation: integer("generation").notNull(),
    /** follow_up: the owner it reminds (and, once handed back, the one not to hand it straight back to). */
    staffId: integer("staff_id"),
    /** follow_up: 0 before the reminder, 1 reminded, 2 handed back. */
    stage: integer("stage").notNull().default(0),
    dueAt: integer("due_at").notNull(),
    firedAt: integer("fired_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("timers_kind_conversation").on(t.kind, t.conversationId),
    index("timers_due").on(t.dueAt).where(sql`fired_at is null`),
  ],
);

/** Who changed which setting when, from what to what (SPEC §13: each change in a settings history). */
export const settingsHistory = sqliteTable("settings_history", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  key: text("key").notNull(),
  oldValue: text("old_value").notNull(),
  newValue: text("new_value").notNull(),
  staffId: integer("staff_id").references(() => staff.id),
  commandWamid: text("command_wamid"),
  at: integer("at").notNull(),
});

/** When each person was last given a conversation (balanced's tie-break: least recently assigned). */
export const assignmentTurns = sqliteTable("assignment_turns", {
  staffId: integer("staff_id")
    .primaryKey()
    .references(() => staff.id),
  lastAssignedAt: integer("last_assigned_at").notNull(),
});
