CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor` text,
	`action` text NOT NULL,
	`entity` text,
	`entity_id` text,
	`detail` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`rep_id` text,
	`channel` text DEFAULT 'phone' NOT NULL,
	`script_id` text,
	`script_version` integer,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`duration_s` integer DEFAULT 0 NOT NULL,
	`disposition` text,
	`notes` text,
	`answers` text DEFAULT '{}' NOT NULL,
	`etiquette` text DEFAULT '[]' NOT NULL,
	`compliance` text DEFAULT '[]' NOT NULL,
	`hung_up_by` text,
	`intent_grade` text,
	`rounds` integer,
	`summary` text,
	`recording_url` text,
	`external_key` text,
	`list_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calls_lead_idx` ON `calls` (`lead_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `calls_rep_idx` ON `calls` (`rep_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `calls_started_idx` ON `calls` (`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `calls_external_uq` ON `calls` (`external_key`);--> statement-breakpoint
CREATE TABLE `deal_stages` (
	`id` text PRIMARY KEY NOT NULL,
	`deal_id` text NOT NULL,
	`stage` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_stages_deal_idx` ON `deal_stages` (`deal_id`);--> statement-breakpoint
CREATE TABLE `deals` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`rep_id` text,
	`product_id` text,
	`amount` real,
	`currency` text,
	`stage` text DEFAULT 'new' NOT NULL,
	`expected_close` text,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deals_lead_idx` ON `deals` (`lead_id`);--> statement-breakpoint
CREATE INDEX `deals_rep_idx` ON `deals` (`rep_id`,`stage`);--> statement-breakpoint
CREATE TABLE `dispositions` (
	`code` text PRIMARY KEY NOT NULL,
	`label_en` text NOT NULL,
	`label_zh_tw` text NOT NULL,
	`label_zh_cn` text NOT NULL,
	`hotkey` text,
	`connected` integer DEFAULT 0 NOT NULL,
	`final` integer DEFAULT 0 NOT NULL,
	`retry_after_min` integer,
	`conversation` integer DEFAULT 0 NOT NULL,
	`requires_followup` integer DEFAULT 0 NOT NULL,
	`adds_dnc` integer DEFAULT 0 NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `dnc` (
	`id` text PRIMARY KEY NOT NULL,
	`phone` text NOT NULL,
	`reason` text,
	`source` text,
	`added_by` text,
	`list_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dnc_phone_uq` ON `dnc` (`phone`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`rep_id` text NOT NULL,
	`kind` text NOT NULL,
	`lead_id` text,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_rep_kind_uq` ON `drafts` (`rep_id`,`kind`);--> statement-breakpoint
CREATE TABLE `followup_history` (
	`id` text PRIMARY KEY NOT NULL,
	`followup_id` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`followup_id`) REFERENCES `followups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `followup_history_fu_idx` ON `followup_history` (`followup_id`);--> statement-breakpoint
CREATE TABLE `followups` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`rep_id` text,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`note` text,
	`call_id` text,
	`dedupe_key` text,
	`done_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `followups_rep_due_idx` ON `followups` (`rep_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `followups_lead_idx` ON `followups` (`lead_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `followups_dedupe_uq` ON `followups` (`dedupe_key`);--> statement-breakpoint
CREATE TABLE `import_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`list_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_changes_list_idx` ON `import_changes` (`list_id`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`name` text PRIMARY KEY NOT NULL,
	`mapping` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lead_phones` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`phone` text NOT NULL,
	`raw` text,
	`ext` text,
	`type` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lead_phones_phone_idx` ON `lead_phones` (`phone`);--> statement-breakpoint
CREATE INDEX `lead_phones_lead_idx` ON `lead_phones` (`lead_id`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`phone` text,
	`phone_raw` text,
	`phone_ext` text,
	`phone_type` text,
	`email` text,
	`company` text,
	`title` text,
	`city` text,
	`region` text,
	`country` text,
	`timezone` text,
	`birthday` text,
	`source` text,
	`list_id` text,
	`owner_id` text,
	`status` text DEFAULT 'new' NOT NULL,
	`intent_grade` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`custom` text DEFAULT '{}' NOT NULL,
	`notes` text,
	`consent` text,
	`consent_at` integer,
	`dnc` integer DEFAULT 0 NOT NULL,
	`attempts_total` integer DEFAULT 0 NOT NULL,
	`last_call_at` integer,
	`last_disposition` text,
	`next_eligible_at` integer DEFAULT 0 NOT NULL,
	`claimed_by` text,
	`claimed_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`erased_at` integer,
	FOREIGN KEY (`list_id`) REFERENCES `lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `leads_queue_idx` ON `leads` (`owner_id`,`priority`,`next_eligible_at`) WHERE dnc = 0 and deleted_at is null and status in ('new','contacted','callback','interested');--> statement-breakpoint
CREATE INDEX `leads_owner_status_idx` ON `leads` (`owner_id`,`status`,`next_eligible_at`);--> statement-breakpoint
CREATE INDEX `leads_tz_idx` ON `leads` (`timezone`);--> statement-breakpoint
CREATE INDEX `leads_phone_idx` ON `leads` (`phone`);--> statement-breakpoint
CREATE INDEX `leads_email_idx` ON `leads` (`email`);--> statement-breakpoint
CREATE INDEX `leads_list_idx` ON `leads` (`list_id`);--> statement-breakpoint
CREATE TABLE `lists` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text,
	`sha256` text,
	`encoding` text,
	`format` text,
	`mapping` text,
	`counts` text,
	`source` text,
	`created_by` text,
	`rolled_back_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lists_name_idx` ON `lists` (`name`);--> statement-breakpoint
CREATE INDEX `lists_sha_idx` ON `lists` (`sha256`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`price` real,
	`currency` text,
	`highlights` text DEFAULT '[]' NOT NULL,
	`faq` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_code_uq` ON `products` (`code`);--> statement-breakpoint
CREATE TABLE `script_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`script_id` text NOT NULL,
	`version` integer NOT NULL,
	`source` text NOT NULL,
	`sha256` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`script_id`) REFERENCES `scripts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `script_versions_uq` ON `script_versions` (`script_id`,`version`);--> statement-breakpoint
CREATE TABLE `scripts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`language` text NOT NULL,
	`current_version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`call_id` text,
	`deal_id` text,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `surveys_lead_idx` ON `surveys` (`lead_id`);--> statement-breakpoint
CREATE TABLE `targets` (
	`id` text PRIMARY KEY NOT NULL,
	`rep_id` text NOT NULL,
	`period` text NOT NULL,
	`metric` text NOT NULL,
	`value` real NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_uq` ON `targets` (`rep_id`,`period`,`metric`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`team` text,
	`timezone` text,
	`lang` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `violations` (
	`id` text PRIMARY KEY NOT NULL,
	`rule` text NOT NULL,
	`severity` text NOT NULL,
	`lead_id` text,
	`call_id` text,
	`rep_id` text,
	`detail` text DEFAULT '{}' NOT NULL,
	`occurred_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `violations_at_idx` ON `violations` (`occurred_at`);