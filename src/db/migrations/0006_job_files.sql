CREATE TABLE `job_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`filename` text NOT NULL,
	`mime_type` text NOT NULL,
	`content` blob NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `job_files_job` ON `job_files` (`job_id`,`id`);--> statement-breakpoint
CREATE INDEX `job_files_created` ON `job_files` (`created_at`);