CREATE TABLE "job_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" text COLLATE "C" NOT NULL,
	"filename" text COLLATE "C" NOT NULL,
	"mime_type" text COLLATE "C" NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_files_job" ON "job_files" USING btree ("job_id","id");--> statement-breakpoint
CREATE INDEX "job_files_created" ON "job_files" USING btree ("created_at");