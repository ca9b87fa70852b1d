CREATE TABLE `conversation_state` (
	`conversation_key` text PRIMARY KEY NOT NULL,
	`command_line` text NOT NULL,
	`intent` text,
	`updated_at` integer NOT NULL
);
