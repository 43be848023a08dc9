CREATE TABLE `profiles` (
	`username` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `spent_tokens` (
	`jti` text PRIMARY KEY NOT NULL,
	`exp` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spent_tokens_exp` ON `spent_tokens` (`exp`);