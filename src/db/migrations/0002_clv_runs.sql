CREATE TABLE `clv_customers` (
	`run_id` integer NOT NULL,
	`customer_id` text NOT NULL,
	`p_alive` real NOT NULL,
	`expected_purchases` real NOT NULL,
	`expected_order_value` real NOT NULL,
	`clv` real NOT NULL,
	PRIMARY KEY(`run_id`, `customer_id`),
	FOREIGN KEY (`run_id`) REFERENCES `clv_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `clv_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_run_id` text,
	`params` text NOT NULL,
	`as_of` integer NOT NULL,
	`horizon_days` integer NOT NULL,
	`customers` integer NOT NULL,
	`model` text NOT NULL,
	`totals` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
