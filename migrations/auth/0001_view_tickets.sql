CREATE TABLE `spent_view_tickets` (
	`jti` text PRIMARY KEY NOT NULL,
	`exp` integer NOT NULL
);
