CREATE TABLE "alert_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"alert_id" integer NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"period_start" text COLLATE "C" NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" text COLLATE "C" NOT NULL,
	"adapter" text COLLATE "C" DEFAULT 'console' NOT NULL,
	"created_by" text COLLATE "C" NOT NULL,
	"metric" text COLLATE "C" NOT NULL,
	"grain" text COLLATE "C" NOT NULL,
	"condition" jsonb NOT NULL,
	"country" text COLLATE "C",
	"timezone" text COLLATE "C" NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"state" text COLLATE "C" DEFAULT 'normal' NOT NULL,
	"last_period" text COLLATE "C",
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"user_id" text COLLATE "C",
	"channel_id" text COLLATE "C",
	"source" text COLLATE "C" NOT NULL,
	"text" text COLLATE "C",
	"intent" text COLLATE "C",
	"command" text COLLATE "C",
	"outcome" text COLLATE "C" NOT NULL,
	"detail" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "channel_spend" (
	"id" serial PRIMARY KEY NOT NULL,
	"period_start" text COLLATE "C" NOT NULL,
	"channel" text COLLATE "C" NOT NULL,
	"spend" double precision NOT NULL,
	"impressions" double precision,
	"import_id" integer
);
--> statement-breakpoint
CREATE TABLE "clv_customers" (
	"run_id" integer NOT NULL,
	"customer_id" text COLLATE "C" NOT NULL,
	"p_alive" double precision NOT NULL,
	"expected_purchases" double precision NOT NULL,
	"expected_order_value" double precision NOT NULL,
	"clv" double precision NOT NULL,
	CONSTRAINT "clv_customers_run_id_customer_id_pk" PRIMARY KEY("run_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "clv_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_run_id" text COLLATE "C",
	"params" jsonb NOT NULL,
	"as_of" bigint NOT NULL,
	"horizon_days" integer NOT NULL,
	"customers" integer NOT NULL,
	"model" jsonb NOT NULL,
	"totals" jsonb NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_state" (
	"conversation_key" text COLLATE "C" PRIMARY KEY NOT NULL,
	"command_line" text COLLATE "C" NOT NULL,
	"intent" text COLLATE "C",
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"country" text COLLATE "C",
	"first_seen_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_summary" (
	"key" text COLLATE "C" PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forecast_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_run_id" text COLLATE "C",
	"channel_id" text COLLATE "C",
	"schedule_id" integer,
	"metric" text COLLATE "C" NOT NULL,
	"grain" text COLLATE "C" NOT NULL,
	"country" text COLLATE "C",
	"data_end" bigint NOT NULL,
	"points" jsonb NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"file_name" text COLLATE "C" NOT NULL,
	"content_hash" text COLLATE "C" NOT NULL,
	"lines_read" integer NOT NULL,
	"imported" integer NOT NULL,
	"report" jsonb NOT NULL,
	"imported_by" text COLLATE "C",
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intent_examples" (
	"id" serial PRIMARY KEY NOT NULL,
	"text" text COLLATE "C" NOT NULL,
	"intent" text COLLATE "C" NOT NULL,
	"source" text COLLATE "C" DEFAULT 'feedback' NOT NULL,
	"predicted_intent" text COLLATE "C",
	"created_by" text COLLATE "C",
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"args" jsonb NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"requester" text COLLATE "C",
	"channel" text COLLATE "C",
	"attempts" integer DEFAULT 0 NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"error" text COLLATE "C",
	"result_summary" text COLLATE "C",
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE TABLE "kpi" (
	"id" serial PRIMARY KEY NOT NULL,
	"period_start" text COLLATE "C" NOT NULL,
	"metric" text COLLATE "C" NOT NULL,
	"value" double precision NOT NULL,
	"import_id" integer
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"metrics" jsonb NOT NULL,
	"payload" text COLLATE "C" NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"created_by" text COLLATE "C",
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"invoice" text COLLATE "C" NOT NULL,
	"customer_id" text COLLATE "C" NOT NULL,
	"ordered_at" bigint NOT NULL,
	"amount" double precision NOT NULL,
	"quantity" double precision NOT NULL,
	"country" text COLLATE "C",
	"is_return" smallint DEFAULT 0 NOT NULL,
	"import_id" integer,
	"product_code" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"event_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"code" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"command_text" text COLLATE "C" NOT NULL,
	"cron" text COLLATE "C" NOT NULL,
	"timezone" text COLLATE "C" NOT NULL,
	"channel_id" text COLLATE "C" NOT NULL,
	"adapter" text COLLATE "C" DEFAULT 'console' NOT NULL,
	"created_by" text COLLATE "C" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_run_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_assignments" (
	"run_id" integer NOT NULL,
	"customer_id" text COLLATE "C" NOT NULL,
	"cluster" integer NOT NULL,
	"segment" text COLLATE "C" NOT NULL,
	"recency_days" integer NOT NULL,
	"frequency" integer NOT NULL,
	"monetary" double precision NOT NULL,
	CONSTRAINT "segment_assignments_run_id_customer_id_pk" PRIMARY KEY("run_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segment_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_run_id" text COLLATE "C",
	"comparable_key" text COLLATE "C" NOT NULL,
	"params" jsonb NOT NULL,
	"k" integer NOT NULL,
	"as_of" bigint NOT NULL,
	"centres" jsonb NOT NULL,
	"scaling" jsonb NOT NULL,
	"segments" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_spend" ADD CONSTRAINT "channel_spend_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clv_customers" ADD CONSTRAINT "clv_customers_run_id_clv_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."clv_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi" ADD CONSTRAINT "kpi_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_assignments" ADD CONSTRAINT "segment_assignments_run_id_segment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."segment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_events_once" ON "alert_events" USING btree ("alert_id","period_start","kind");--> statement-breakpoint
CREATE INDEX "alerts_channel" ON "alerts" USING btree ("channel_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "channel_spend_period" ON "channel_spend" USING btree ("period_start","channel");--> statement-breakpoint
CREATE INDEX "forecast_runs_metric" ON "forecast_runs" USING btree ("metric","grain","id");--> statement-breakpoint
CREATE INDEX "forecast_runs_schedule" ON "forecast_runs" USING btree ("schedule_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "imports_kind_hash" ON "imports" USING btree ("kind","content_hash");--> statement-breakpoint
CREATE INDEX "job_runs_kind_created" ON "job_runs" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "kpi_metric_period" ON "kpi" USING btree ("metric","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "models_kind_version" ON "models" USING btree ("kind","version");--> statement-breakpoint
CREATE INDEX "orders_customer" ON "orders" USING btree ("customer_id","ordered_at","is_return","amount","quantity","invoice","country","product_code");--> statement-breakpoint
CREATE INDEX "orders_ordered_at" ON "orders" USING btree ("ordered_at","is_return","amount","quantity","customer_id","invoice","country","product_code");--> statement-breakpoint
CREATE INDEX "orders_country" ON "orders" USING btree ("country","ordered_at","is_return","amount","quantity","customer_id","invoice");--> statement-breakpoint
CREATE INDEX "orders_product" ON "orders" USING btree ("product_code","ordered_at","is_return","amount","quantity","customer_id","invoice","country");--> statement-breakpoint
CREATE INDEX "segment_assignments_segment" ON "segment_assignments" USING btree ("run_id","segment","customer_id");--> statement-breakpoint
CREATE INDEX "segment_runs_key" ON "segment_runs" USING btree ("comparable_key","id");