CREATE TABLE `balances` (
	`username` text PRIMARY KEY NOT NULL,
	`zoobars` integer NOT NULL,
	CONSTRAINT "balances_zoobars_nonnegative" CHECK("balances"."zoobars" >= 0)
);
--> statement-breakpoint
CREATE TABLE `spent_tokens` (
	`jti` text PRIMARY KEY NOT NULL,
	`exp` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spent_tokens_exp` ON `spent_tokens` (`exp`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sender` text NOT NULL,
	`recipient` text NOT NULL,
	`amount` integer NOT NULL,
	`time` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`sender`) REFERENCES `balances`(`username`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient`) REFERENCES `balances`(`username`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transfers_amount_positive" CHECK("transfers"."amount" > 0),
	CONSTRAINT "transfers_not_to_self" CHECK("transfers"."sender" <> "transfers"."recipient")
);
--> statement-breakpoint
CREATE INDEX `transfers_sender_created` ON `transfers` (`sender`,`created_at`);--> statement-breakpoint
CREATE INDEX `transfers_recipient_created` ON `transfers` (`recipient`,`created_at`);