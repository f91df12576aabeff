ALTER TABLE `conversations` ADD `awaiting_reply_since` integer;--> statement-breakpoint
-- Existing open conversations: the customer's oldest message after the last staff message (a reply or
-- template, which carries a staff_id) and after the last close, as the inbox now keeps it. Reactions
-- and number changes are not the customer writing. Closed conversations wait for nobody.
UPDATE `conversations` SET `awaiting_reply_since` = (
  SELECT min(m.`timestamp`) FROM `messages` m
  WHERE m.`conversation_id` = `conversations`.`id`
    AND m.`direction` = 'in'
    AND m.`type` NOT IN ('reaction', 'system')
    AND m.`id` > coalesce((
      SELECT max(o.`id`) FROM `messages` o
      WHERE o.`conversation_id` = `conversations`.`id` AND o.`direction` = 'out' AND o.`staff_id` IS NOT NULL
    ), 0)
    AND m.`created_at` > coalesce((
      SELECT max(e.`at`) FROM `conversation_events` e
      WHERE e.`conversation_id` = `conversations`.`id` AND e.`action` = 'closed'
    ), 0)
)
WHERE `status` = 'open';--> statement-breakpoint
-- Written by hand: drizzle-kit 0.31 splits an index expression at its comma. The expression must stay
-- exactly as view-queries.ts WAITING_KEY writes it, or SQLite will not read the index in that order.
CREATE INDEX `conversations_waiting` ON `conversations` (`status`,`assignee_id`,`team_id`,coalesce(`awaiting_reply_since`, `last_activity_at`)) WHERE status = 'open' and assignee_id is null;
