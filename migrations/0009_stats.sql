CREATE TABLE `stats_days` (
	`level` text NOT NULL,
	`team_key` integer NOT NULL,
	`staff_key` integer NOT NULL,
	`metric` text NOT NULL,
	`day` integer NOT NULL,
	`bin` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`level`, `team_key`, `staff_key`, `metric`, `day`, `bin`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stats_hours` (
	`level` text NOT NULL,
	`team_key` integer NOT NULL,
	`staff_key` integer NOT NULL,
	`metric` text NOT NULL,
	`hour` integer NOT NULL,
	`bin` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`level`, `team_key`, `staff_key`, `metric`, `hour`, `bin`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stats_open` (
	`team_key` integer NOT NULL,
	`staff_key` integer NOT NULL,
	`awaiting` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`team_key`, `staff_key`, `awaiting`)
);
--> statement-breakpoint
CREATE TABLE `stats_sweep` (
	`id` integer PRIMARY KEY NOT NULL,
	`swept_until` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `first_response_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `window_missed_at` integer;--> statement-breakpoint
CREATE INDEX `conversations_expiring_team` ON `conversations` (`team_id`,`window_expires_at`,`awaiting_reply_since`) WHERE status = 'open' and awaiting_reply_since is not null;--> statement-breakpoint
CREATE INDEX `conversations_expiring_owner` ON `conversations` (`assignee_id`,`team_id`,`window_expires_at`,`awaiting_reply_since`) WHERE status = 'open' and awaiting_reply_since is not null;--> statement-breakpoint
CREATE INDEX `conversations_awaiting_team` ON `conversations` (`team_id`,`awaiting_reply_since`) WHERE status = 'open' and awaiting_reply_since is not null;--> statement-breakpoint
CREATE INDEX `conversations_awaiting_owner` ON `conversations` (`assignee_id`,`team_id`,`awaiting_reply_since`) WHERE status = 'open' and awaiting_reply_since is not null;
--> statement-breakpoint
-- stats_days: the same counts per UTC day (hour / 24), kept from stats_hours by its own triggers, so a
-- 30-day period reads 30 days and two partial days of hours instead of 720 hours.
CREATE TRIGGER stats_days_insert AFTER INSERT ON stats_hours
BEGIN
  INSERT INTO stats_days (level, team_key, staff_key, metric, day, bin, n)
    VALUES (new.level, new.team_key, new.staff_key, new.metric, new.hour / 24, new.bin, new.n)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER stats_days_update AFTER UPDATE OF n ON stats_hours
BEGIN
  UPDATE stats_days SET n = n + new.n - old.n
    WHERE level = new.level AND team_key = new.team_key AND staff_key = new.staff_key
      AND metric = new.metric AND day = new.hour / 24 AND bin = new.bin;
END;
--> statement-breakpoint
-- /stats (SPEC §14) reads counters, never a million rows: these triggers keep them on every write to
-- conversations, whichever code path makes it (commands, customer messages, auto-assignment, /forget).
-- stats_open: open conversations per (team, owner, customer waiting). stats_hours: what happened per UTC
-- hour at three levels ('a' inbox, 't' team, 'p' owner and team), owned as it was when it happened;
-- durations in bins rounded down to the unit /stats shows (minutes under 1 h, hours under 1 d, days).
CREATE TRIGGER stats_conversation_insert AFTER INSERT ON conversations
BEGIN
  INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n)
    VALUES ('a', 0, 0, 'new', new.created_at / 3600000, 0, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO stats_open (team_key, staff_key, awaiting, n)
    SELECT coalesce(new.team_id, 0), coalesce(new.assignee_id, 0), new.awaiting_reply_since IS NOT NULL, 1
    WHERE new.status = 'open'
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER stats_open_cells AFTER UPDATE OF status, assignee_id, team_id, awaiting_reply_since ON conversations
WHEN old.status IS NOT new.status OR old.assignee_id IS NOT new.assignee_id OR old.team_id IS NOT new.team_id
  OR (old.awaiting_reply_since IS NULL) != (new.awaiting_reply_since IS NULL)
BEGIN
  UPDATE stats_open SET n = n - 1
    WHERE old.status = 'open' AND team_key = coalesce(old.team_id, 0) AND staff_key = coalesce(old.assignee_id, 0)
      AND awaiting = (old.awaiting_reply_since IS NOT NULL);
  INSERT INTO stats_open (team_key, staff_key, awaiting, n)
    SELECT coalesce(new.team_id, 0), coalesce(new.assignee_id, 0), new.awaiting_reply_since IS NOT NULL, 1
    WHERE new.status = 'open'
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- Closed: counted for whoever had it; resolution from its last opening to the close.
CREATE TRIGGER stats_closed AFTER UPDATE OF status ON conversations
WHEN old.status = 'open' AND new.status = 'closed'
BEGIN
  INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n) VALUES
    ('a', 0, 0, 'closed', coalesce(new.closed_at, new.last_activity_at) / 3600000, 0, 1),
    ('t', coalesce(old.team_id, 0), 0, 'closed', coalesce(new.closed_at, new.last_activity_at) / 3600000, 0, 1),
    ('p', coalesce(old.team_id, 0), coalesce(old.assignee_id, 0), 'closed', coalesce(new.closed_at, new.last_activity_at) / 3600000, 0, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n) VALUES
    ('a', 0, 0, 'resolve', coalesce(new.closed_at, new.last_activity_at) / 3600000, (CASE WHEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) < 3600000 THEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 60000 * 60000 WHEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) < 86400000 THEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 3600000 * 3600000 ELSE max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 86400000 * 86400000 END), 1),
    ('t', coalesce(old.team_id, 0), 0, 'resolve', coalesce(new.closed_at, new.last_activity_at) / 3600000, (CASE WHEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) < 3600000 THEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 60000 * 60000 WHEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) < 86400000 THEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 3600000 * 3600000 ELSE max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 86400000 * 86400000 END), 1),
    ('p', coalesce(old.team_id, 0), coalesce(old.assignee_id, 0), 'resolve', coalesce(new.closed_at, new.last_activity_at) / 3600000, (CASE WHEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) < 3600000 THEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 60000 * 60000 WHEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) < 86400000 THEN max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 3600000 * 3600000 ELSE max(0, coalesce(new.closed_at, new.last_activity_at) - coalesce(old.opened_at, old.created_at)) / 86400000 * 86400000 END), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- Reopened: counted for where it went; its next resolution is timed from now.
CREATE TRIGGER stats_reopened AFTER UPDATE OF status ON conversations
WHEN old.status = 'closed' AND new.status = 'open'
BEGIN
  INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n) VALUES
    ('a', 0, 0, 'reopened', max(new.last_activity_at, coalesce(old.closed_at, 0)) / 3600000, 0, 1),
    ('t', coalesce(new.team_id, 0), 0, 'reopened', max(new.last_activity_at, coalesce(old.closed_at, 0)) / 3600000, 0, 1),
    ('p', coalesce(new.team_id, 0), coalesce(new.assignee_id, 0), 'reopened', max(new.last_activity_at, coalesce(old.closed_at, 0)) / 3600000, 0, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  UPDATE conversations SET opened_at = max(new.last_activity_at, coalesce(old.closed_at, 0)) WHERE id = new.id;
END;
--> statement-breakpoint
-- First response: the first time staff answered a waiting customer (a reply or a template clears
-- awaiting_reply_since on an open conversation; a close does it on a closed one).
CREATE TRIGGER stats_first_response AFTER UPDATE OF awaiting_reply_since ON conversations
WHEN old.awaiting_reply_since IS NOT NULL AND new.awaiting_reply_since IS NULL
  AND old.status = 'open' AND new.status = 'open' AND old.first_response_at IS NULL
BEGIN
  INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n) VALUES
    ('a', 0, 0, 'first', new.last_activity_at / 3600000, (CASE WHEN max(0, new.last_activity_at - old.awaiting_reply_since) < 3600000 THEN max(0, new.last_activity_at - old.awaiting_reply_since) / 60000 * 60000 WHEN max(0, new.last_activity_at - old.awaiting_reply_since) < 86400000 THEN max(0, new.last_activity_at - old.awaiting_reply_since) / 3600000 * 3600000 ELSE max(0, new.last_activity_at - old.awaiting_reply_since) / 86400000 * 86400000 END), 1),
    ('t', coalesce(new.team_id, 0), 0, 'first', new.last_activity_at / 3600000, (CASE WHEN max(0, new.last_activity_at - old.awaiting_reply_since) < 3600000 THEN max(0, new.last_activity_at - old.awaiting_reply_since) / 60000 * 60000 WHEN max(0, new.last_activity_at - old.awaiting_reply_since) < 86400000 THEN max(0, new.last_activity_at - old.awaiting_reply_since) / 3600000 * 3600000 ELSE max(0, new.last_activity_at - old.awaiting_reply_since) / 86400000 * 86400000 END), 1),
    ('p', coalesce(new.team_id, 0), coalesce(new.assignee_id, 0), 'first', new.last_activity_at / 3600000, (CASE WHEN max(0, new.last_activity_at - old.awaiting_reply_since) < 3600000 THEN max(0, new.last_activity_at - old.awaiting_reply_since) / 60000 * 60000 WHEN max(0, new.last_activity_at - old.awaiting_reply_since) < 86400000 THEN max(0, new.last_activity_at - old.awaiting_reply_since) / 3600000 * 3600000 ELSE max(0, new.last_activity_at - old.awaiting_reply_since) / 86400000 * 86400000 END), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  UPDATE conversations SET first_response_at = new.last_activity_at WHERE id = new.id;
END;
--> statement-breakpoint
-- A window that closed with the customer waiting, seen when something moves on from it: an answer or
-- a close after it closed, or the customer writing again after it. window_missed_at says the sweep
-- (stats-queries.ts) already counted it.
CREATE TRIGGER stats_missed_window AFTER UPDATE OF awaiting_reply_since, window_expires_at ON conversations
WHEN old.status = 'open' AND old.awaiting_reply_since IS NOT NULL AND old.window_expires_at IS NOT NULL
  AND old.window_missed_at IS NOT old.window_expires_at
  AND ((new.awaiting_reply_since IS NULL
        AND max(new.last_activity_at, coalesce(new.closed_at, 0)) >= old.window_expires_at)
    OR new.window_expires_at - 86400000 >= old.window_expires_at)
BEGIN
  INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n) VALUES
    ('a', 0, 0, 'missed', old.window_expires_at / 3600000, 0, 1),
    ('t', coalesce(old.team_id, 0), 0, 'missed', old.window_expires_at / 3600000, 0, 1),
    ('p', coalesce(old.team_id, 0), coalesce(old.assignee_id, 0), 'missed', old.window_expires_at / 3600000, 0, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- The sweep marks a window that closed while the customer still waits.
CREATE TRIGGER stats_window_swept AFTER UPDATE OF window_missed_at ON conversations
WHEN new.window_missed_at IS NOT NULL AND new.window_missed_at IS NOT old.window_missed_at
BEGIN
  INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n) VALUES
    ('a', 0, 0, 'missed', new.window_missed_at / 3600000, 0, 1),
    ('t', coalesce(new.team_id, 0), 0, 'missed', new.window_missed_at / 3600000, 0, 1),
    ('p', coalesce(new.team_id, 0), coalesce(new.assignee_id, 0), 'missed', new.window_missed_at / 3600000, 0, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- What the inbox already holds, counted once.
INSERT INTO stats_open (team_key, staff_key, awaiting, n)
SELECT coalesce(team_id, 0), coalesce(assignee_id, 0), awaiting_reply_since IS NOT NULL, count(*)
FROM conversations WHERE status = 'open' GROUP BY 1, 2, 3;
--> statement-breakpoint
UPDATE conversations SET opened_at = (
  SELECT max(e.at) FROM conversation_events e WHERE e.conversation_id = conversations.id AND e.action = 'reopened')
WHERE id IN (SELECT conversation_id FROM conversation_events WHERE action = 'reopened');
--> statement-breakpoint
INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n)
SELECT 'a', 0, 0, 'new', created_at / 3600000, 0, count(*) FROM conversations GROUP BY 5;
--> statement-breakpoint
-- Every close in the history (a conversation closed, reopened and closed again counts twice), its
-- resolution from the opening before it; for whoever has the conversation now (the history's labels are
-- not ids). Two statements: the Durable Object's SQLite takes only a few terms in a compound SELECT.
INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n)
WITH closes AS MATERIALIZED (
  SELECT coalesce(c.team_id, 0) AS tk, coalesce(c.assignee_id, c.previous_assignee_id, 0) AS sk,
    e.at / 3600000 AS hour,
    max(0, e.at - coalesce((SELECT max(r.at) FROM conversation_events r WHERE r.conversation_id = e.conversation_id AND r.action = 'reopened' AND r.at < e.at), c.created_at)) AS d
  FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id WHERE e.action = 'closed'
), k AS MATERIALIZED (
  SELECT tk, sk, hour,
    CASE WHEN d < 3600000 THEN d / 60000 * 60000 WHEN d < 86400000 THEN d / 3600000 * 3600000
      ELSE d / 86400000 * 86400000 END AS bin
  FROM closes
)
SELECT 'a', 0, 0, 'closed', hour, 0, count(*) FROM k GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 't', tk, 0, 'closed', hour, 0, count(*) FROM k GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 'p', tk, sk, 'closed', hour, 0, count(*) FROM k GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n)
WITH closes AS MATERIALIZED (
  SELECT coalesce(c.team_id, 0) AS tk, coalesce(c.assignee_id, c.previous_assignee_id, 0) AS sk,
    e.at / 3600000 AS hour,
    max(0, e.at - coalesce((SELECT max(r.at) FROM conversation_events r WHERE r.conversation_id = e.conversation_id AND r.action = 'reopened' AND r.at < e.at), c.created_at)) AS d
  FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id WHERE e.action = 'closed'
), k AS MATERIALIZED (
  SELECT tk, sk, hour,
    CASE WHEN d < 3600000 THEN d / 60000 * 60000 WHEN d < 86400000 THEN d / 3600000 * 3600000
      ELSE d / 86400000 * 86400000 END AS bin
  FROM closes
)
SELECT 'a', 0, 0, 'resolve', hour, bin, count(*) FROM k GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 't', tk, 0, 'resolve', hour, bin, count(*) FROM k GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 'p', tk, sk, 'resolve', hour, bin, count(*) FROM k GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n)
SELECT 'a', 0, 0, 'reopened', e.at / 3600000, 0, count(*) FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id WHERE e.action = 'reopened' GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 't', coalesce(c.team_id, 0), 0, 'reopened', e.at / 3600000, 0, count(*) FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id WHERE e.action = 'reopened' GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 'p', coalesce(c.team_id, 0), coalesce(c.assignee_id, c.previous_assignee_id, 0), 'reopened', e.at / 3600000, 0, count(*) FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id WHERE e.action = 'reopened' GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
-- First responses: each conversation's first staff message to the customer after their first message.
INSERT INTO stats_hours (level, team_key, staff_key, metric, hour, bin, n)
WITH f AS MATERIALIZED (
  SELECT m.conversation_id AS id,
    min(CASE WHEN m.direction = 'in' THEN m.timestamp END) AS fi,
    min(CASE WHEN m.direction = 'out' AND m.staff_id IS NOT NULL THEN m.timestamp END) AS fo
  FROM messages m WHERE m.conversation_id IS NOT NULL GROUP BY m.conversation_id
), r AS MATERIALIZED (
  SELECT coalesce(c.team_id, 0) AS tk,
    coalesce((SELECT o.staff_id FROM messages o WHERE o.conversation_id = f.id AND o.direction = 'out'
      AND o.staff_id IS NOT NULL AND o.timestamp = f.fo LIMIT 1), 0) AS sk,
    f.fo / 3600000 AS hour, (CASE WHEN max(0, f.fo - f.fi) < 3600000 THEN max(0, f.fo - f.fi) / 60000 * 60000 WHEN max(0, f.fo - f.fi) < 86400000 THEN max(0, f.fo - f.fi) / 3600000 * 3600000 ELSE max(0, f.fo - f.fi) / 86400000 * 86400000 END) AS bin
  FROM f JOIN conversations c ON c.id = f.id WHERE f.fo IS NOT NULL AND f.fi IS NOT NULL AND f.fo >= f.fi
)
SELECT 'a', 0, 0, 'first', hour, bin, count(*) FROM r GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 't', tk, 0, 'first', hour, bin, count(*) FROM r GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL SELECT 'p', tk, sk, 'first', hour, bin, count(*) FROM r GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
UPDATE conversations SET first_response_at = (
  SELECT min(o.timestamp) FROM messages o
  WHERE o.conversation_id = conversations.id AND o.direction = 'out' AND o.staff_id IS NOT NULL)
WHERE id IN (SELECT conversation_id FROM messages WHERE direction = 'out' AND staff_id IS NOT NULL);
--> statement-breakpoint
-- Windows already closed on a waiting customer: marked, which counts each (stats_window_swept).
UPDATE conversations SET window_missed_at = window_expires_at
WHERE status = 'open' AND awaiting_reply_since IS NOT NULL AND window_expires_at <= unixepoch('now') * 1000;
--> statement-breakpoint
INSERT INTO stats_sweep (id, swept_until)
SELECT 1, coalesce(max(window_missed_at), 0) FROM conversations WHERE status = 'open';
