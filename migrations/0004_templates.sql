CREATE TABLE `approved_templates` (
	`name` text NOT NULL,
	`language` text NOT NULL,
	`parameters` text NOT NULL,
	`header_parameters` integer DEFAULT 0 NOT NULL,
	`named` integer DEFAULT false NOT NULL,
	`media_header` text,
	PRIMARY KEY(`name`, `language`)
);
--> statement-breakpoint
CREATE TABLE `template_list` (
	`id` integer PRIMARY KEY NOT NULL,
	`fetched_at` integer,
	`complete` integer DEFAULT true NOT NULL,
	`refresh_requested_at` integer,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `template_waiters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`group_id` text,
	`page` integer DEFAULT 1 NOT NULL,
	`requested_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
