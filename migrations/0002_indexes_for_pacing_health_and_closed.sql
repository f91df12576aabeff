CREATE INDEX `conversations_previous_owner` ON `conversations` (`status`,`previous_assignee_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `outbox_recipient_due` ON `outbox` (`recipient`,`next_attempt_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_failed` ON `outbox` (`id`) WHERE status = 'failed';