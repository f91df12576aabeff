CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wa_id` text,
	`bsuid` text,
	`name` text,
	`username` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_wa_id` ON `contacts` (`wa_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_bsuid` ON `contacts` (`bsuid`);--> statement-breakpoint
CREATE TABLE `conversation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer NOT NULL,
	`actor_staff_id` integer,
	`action` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`note` text,
	`command_wamid` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversation_events_conversation` ON `conversation_events` (`conversation_id`,`id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`status` text NOT NULL,
	`assignee_id` integer,
	`team_id` integer,
	`previous_assignee_id` integer,
	`window_expires_at` integer,
	`last_activity_at` integer NOT NULL,
	`last_snippet` text,
	`last_new_notice_at` integer,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`previous_assignee_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_one_open_per_contact` ON `conversations` (`contact_id`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `conversations_contact` ON `conversations` (`contact_id`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_view` ON `conversations` (`status`,`assignee_id`,`team_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `conversations_team_view` ON `conversations` (`status`,`team_id`,`assignee_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `conversations_status_activity` ON `conversations` (`status`,`last_activity_at`);--> statement-breakpoint
CREATE TABLE `message_statuses` (
	`wamid` text NOT NULL,
	`status` text NOT NULL,
	`participant` text DEFAULT '' NOT NULL,
	`timestamp` integer NOT NULL,
	`error_code` integer,
	`error_detail` text,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`wamid`, `status`, `participant`)
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer,
	`direction` text NOT NULL,
	`dedup_key` text NOT NULL,
	`wamid` text,
	`contact_id` integer,
	`staff_id` integer,
	`type` text NOT NULL,
	`subtype` text,
	`text` text,
	`media_id` text,
	`media_mime` text,
	`quoted_wamid` text,
	`status` text,
	`status_at` integer,
	`timestamp` integer NOT NULL,
	`raw` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_dedup_key` ON `messages` (`dedup_key`);--> statement-breakpoint
CREATE INDEX `messages_wamid` ON `messages` (`wamid`);--> statement-breakpoint
CREATE INDEX `messages_conversation` ON `messages` (`conversation_id`,`id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient` text NOT NULL,
	`recipient_kind` text NOT NULL,
	`staff_id` integer,
	`conversation_id` integer,
	`purpose` text NOT NULL,
	`payload` text NOT NULL,
	`needs_window` integer DEFAULT false NOT NULL,
	`requested_by_staff_id` integer,
	`source_message_id` integer,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`wamid` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`) WHERE status in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX `outbox_held` ON `outbox` (`staff_id`) WHERE status = 'held';--> statement-breakpoint
CREATE INDEX `outbox_wamid` ON `outbox` (`wamid`);--> statement-breakpoint
CREATE TABLE `raw_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` integer NOT NULL,
	`body_sha256` text NOT NULL,
	`body` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `raw_events_body_sha256` ON `raw_events` (`body_sha256`);--> statement-breakpoint
CREATE INDEX `raw_events_pending` ON `raw_events` (`state`,`next_attempt_at`) WHERE state != 'done';--> statement-breakpoint
CREATE TABLE `sending_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`since` integer
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`handle` text NOT NULL,
	`phone` text,
	`wa_id` text,
	`bsuid` text,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`away` integer DEFAULT false NOT NULL,
	`window_expires_at` integer,
	`created_at` integer NOT NULL,
	`removed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_handle` ON `staff` (`handle`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_phone` ON `staff` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_wa_id` ON `staff` (`wa_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_bsuid` ON `staff` (`bsuid`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`team_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	PRIMARY KEY(`team_id`, `staff_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `team_members_staff` ON `team_members` (`staff_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_name` ON `teams` (`name`);