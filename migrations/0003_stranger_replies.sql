CREATE TABLE `stranger_replies` (
	`sender` text PRIMARY KEY NOT NULL,
	`replied_at` integer NOT NULL
);
