CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`kind` text NOT NULL,
	`period_start` text NOT NULL,
	`details` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_events_once` ON `alert_events` (`alert_id`,`period_start`,`kind`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` text NOT NULL,
	`adapter` text DEFAULT 'console' NOT NULL,
	`created_by` text NOT NULL,
	`metric` text NOT NULL,
	`grain` text NOT NULL,
	`condition` text NOT NULL,
	`country` text,
	`timezone` text NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'normal' NOT NULL,
	`last_period` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alerts_channel` ON `alerts` (`channel_id`,`id`);--> statement-breakpoint
CREATE TABLE `forecast_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_run_id` text,
	`channel_id` text,
	`schedule_id` integer,
	`metric` text NOT NULL,
	`grain` text NOT NULL,
	`country` text,
	`data_end` integer NOT NULL,
	`points` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `forecast_runs_metric` ON `forecast_runs` (`metric`,`grain`,`id`);--> statement-breakpoint
CREATE INDEX `forecast_runs_schedule` ON `forecast_runs` (`schedule_id`,`id`);--> statement-breakpoint
CREATE TABLE `products` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
DROP INDEX `orders_customer`;--> statement-breakpoint
DROP INDEX `orders_ordered_at`;--> statement-breakpoint
ALTER TABLE `orders` ADD `product_code` text;--> statement-breakpoint
CREATE INDEX `orders_product` ON `orders` (`product_code`,`ordered_at`,`is_return`,`amount`,`quantity`,`customer_id`,`invoice`,`country`);--> statement-breakpoint
CREATE INDEX `orders_customer` ON `orders` (`customer_id`,`ordered_at`,`is_return`,`amount`,`quantity`,`invoice`,`country`,`product_code`);--> statement-breakpoint
CREATE INDEX `orders_ordered_at` ON `orders` (`ordered_at`,`is_return`,`amount`,`quantity`,`customer_id`,`invoice`,`country`,`product_code`);