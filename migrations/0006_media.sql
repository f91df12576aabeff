ALTER TABLE `messages` ADD `media_sha256` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `media_size` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `media_filename` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `media` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `media_upload_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `media_step` text;