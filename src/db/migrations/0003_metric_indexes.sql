DROP INDEX `orders_customer`;--> statement-breakpoint
DROP INDEX `orders_ordered_at`;--> statement-breakpoint
DROP INDEX `orders_country`;--> statement-breakpoint
CREATE INDEX `orders_customer` ON `orders` (`customer_id`,`ordered_at`,`is_return`,`amount`,`quantity`,`invoice`,`country`);--> statement-breakpoint
CREATE INDEX `orders_ordered_at` ON `orders` (`ordered_at`,`is_return`,`amount`,`quantity`,`customer_id`,`invoice`,`country`);--> statement-breakpoint
CREATE INDEX `orders_country` ON `orders` (`country`,`ordered_at`,`is_return`,`amount`,`quantity`,`customer_id`,`invoice`);--> statement-breakpoint
CREATE INDEX `segment_assignments_segment` ON `segment_assignments` (`run_id`,`segment`,`customer_id`);