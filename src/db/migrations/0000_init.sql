CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`user_id` text,
	`channel_id` text,
	`source` text NOT NULL,
	`text` text,
	`intent` text,
	`command` text,
	`outcome` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `channel_spend` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_start` text NOT NULL,
	`channel` text NOT NULL,
	`spend` real NOT NULL,
	`impressions` real,
	`import_id` integer,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `channel_spend_period` ON `channel_spend` (`period_start`,`channel`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`country` text,
	`first_seen_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`content_hash` text NOT NULL,
	`lines_read` integer NOT NULL,
	`imported` integer NOT NULL,
	`report` text NOT NULL,
	`imported_by` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imports_kind_hash` ON `imports` (`kind`,`content_hash`);--> statement-breakpoint
CREATE TABLE `intent_examples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`text` text NOT NULL,
	`intent` text NOT NULL,
	`source` text DEFAULT 'feedback' NOT NULL,
	`predicted_intent` text,
	`created_by` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`args` text NOT NULL,
	`status` text NOT NULL,
	`requester` text,
	`channel` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`error` text,
	`result_summary` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `job_runs_kind_created` ON `job_runs` (`kind`,`created_at`);--> statement-breakpoint
CREATE TABLE `kpi` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_start` text NOT NULL,
	`metric` text NOT NULL,
	`value` real NOT NULL,
	`import_id` integer,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kpi_metric_period` ON `kpi` (`metric`,`period_start`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`metrics` text NOT NULL,
	`payload` text NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_kind_version` ON `models` (`kind`,`version`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice` text NOT NULL,
	`customer_id` text NOT NULL,
	`ordered_at` integer NOT NULL,
	`amount` real NOT NULL,
	`quantity` real NOT NULL,
	`country` text,
	`is_return` integer DEFAULT false NOT NULL,
	`import_id` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `orders_customer` ON `orders` (`customer_id`);--> statement-breakpoint
CREATE INDEX `orders_ordered_at` ON `orders` (`ordered_at`);--> statement-breakpoint
CREATE INDEX `orders_country` ON `orders` (`country`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`command_text` text NOT NULL,
	`cron` text NOT NULL,
	`timezone` text NOT NULL,
	`channel_id` text NOT NULL,
	`adapter` text DEFAULT 'console' NOT NULL,
	`created_by` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`last_run_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `segment_assignments` (
	`run_id` integer NOT NULL,
	`customer_id` text NOT NULL,
	`cluster` integer NOT NULL,
	`segment` text NOT NULL,
	`recency_days` integer NOT NULL,
	`frequency` integer NOT NULL,
	`monetary` real NOT NULL,
	PRIMARY KEY(`run_id`, `customer_id`),
	FOREIGN KEY (`run_id`) REFERENCES `segment_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `segment_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_run_id` text,
	`comparable_key` text NOT NULL,
	`params` text NOT NULL,
	`k` integer NOT NULL,
	`as_of` integer NOT NULL,
	`centres` text NOT NULL,
	`scaling` text NOT NULL,
	`segments` text NOT NULL,
	`metrics` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `segment_runs_key` ON `segment_runs` (`comparable_key`,`id`);