CREATE TABLE `run_spending` (
	`jti` text PRIMARY KEY NOT NULL,
	`transfers` integer NOT NULL,
	`zoobars` integer NOT NULL,
	`max_transfers` integer NOT NULL,
	`max_zoobars` integer NOT NULL,
	`exp` integer NOT NULL,
	CONSTRAINT "run_spending_within_caps" CHECK("run_spending"."transfers" <= "run_spending"."max_transfers" AND "run_spending"."zoobars" <= "run_spending"."max_zoobars")
);
--> statement-breakpoint
CREATE INDEX `run_spending_exp` ON `run_spending` (`exp`);