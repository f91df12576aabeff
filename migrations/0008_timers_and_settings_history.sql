CREATE TABLE `assignment_turns` (
	`staff_id` integer PRIMARY KEY NOT NULL,
	`last_assigned_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `settings_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`old_value` text NOT NULL,
	`new_value` text NOT NULL,
	`staff_id` integer,
	`command_wamid` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `timers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`conversation_id` integer NOT NULL,
	`generation` integer NOT NULL,
	`staff_id` integer,
	`stage` integer DEFAULT 0 NOT NULL,
	`due_at` integer NOT NULL,
	`fired_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timers_kind_conversation` ON `timers` (`kind`,`conversation_id`);--> statement-breakpoint
CREATE INDEX `timers_due` ON `timers` (`due_at`) WHERE fired_at is null;