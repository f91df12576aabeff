CREATE TABLE `forget_requests` (
	`wa_id_hash` text NOT NULL,
	`staff_id` integer NOT NULL,
	`requested_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`wa_id_hash`, `staff_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `contacts` ADD `forgotten_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `wa_id_hash` text;--> statement-breakpoint
CREATE INDEX `raw_events_done` ON `raw_events` (`processed_at`) WHERE state = 'done';