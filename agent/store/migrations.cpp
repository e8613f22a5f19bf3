#include "agent/store/migrations.h"

#include "agent/store/database.h"
#include "agent/util/logging.h"

#include <spdlog/spdlog.h>

#include "agent/util/logging.h"

#include <string>

namespace findata::agent {

namespace {

// "findata" + "mig" in ASCII: one bigint key for the whole cluster's migration lock.
constexpr std::int64_t kMigrationLockKey = 0x66696e646d6967;

constexpr Migration kPublicMigrations[] = {
    {1, "tenants", R"sql(
CREATE TABLE public.tenants (
    id              text PRIMARY KEY CHECK (id ~ '^[A-Z][A-Z0-9_]{1,30}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    api_key_prefix  text NOT NULL UNIQUE CHECK (length(api_key_prefix) = 16),
    api_key_hash    text NOT NULL CHECK (api_key_hash LIKE 'pbkdf2_sha256$%'),
    schema_name     text NOT NULL UNIQUE CHECK (schema_name ~ '^[a-z][a-z0-9_]{1,30}$'),
    warehouse_db    text NOT NULL UNIQUE CHECK (warehouse_db ~ '^[a-z][a-z0-9_]{1,60}$'),
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (schema_name = lower(id)),
    CHECK (warehouse_db = schema_name || '_dw')
);
)sql"},
    {2, "named keys with roles, agent administrators, agent-wide audit log", R"sql(
-- Several named keys per tenant, each with a role; a key without a tenant is an agent
-- administrator credential. Revoked keys stay, so a prefix is never handed out twice.
CREATE TABLE public.api_keys (
    prefix        text PRIMARY KEY CHECK (length(prefix) = 16),
    tenant_id     text REFERENCES public.tenants (id),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role          text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'agent_admin')),
    hash          text NOT NULL CHECK (hash LIKE 'pbkdf2_sha256$%'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL DEFAULT '',
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    CHECK ((tenant_id IS NULL) = (role = 'agent_admin'))
);
CREATE UNIQUE INDEX api_keys_active_names ON public.api_keys (coalesce(tenant_id, ''), name)
    WHERE revoked_at IS NULL;
CREATE INDEX api_keys_of_tenant ON public.api_keys (tenant_id, created_at);
-- Each tenant's single key becomes its admin key "default".
INSERT INTO public.api_keys (prefix, tenant_id, name, role, hash, created_at, created_by)
    SELECT api_key_prefix, id, 'default', 'admin', api_key_hash, created_at, 'migration'
    FROM public.tenants;
ALTER TABLE public.tenants DROP COLUMN api_key_prefix, DROP COLUMN api_key_hash;
-- What agent administrators did (tenants created, renamed, deactivated; credentials made).
CREATE TABLE public.audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text NOT NULL,
    action   text NOT NULL CHECK (action <> ''),
    details  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_recent ON public.audit_log (at DESC);
)sql"},
};

constexpr Migration kTenantMigrations[] = {
    {1, "operational tables", R"sql(
CREATE TABLE sync_configs (
    id                  serial PRIMARY KEY,
    loan_type           text NOT NULL UNIQUE CHECK (loan_type IN ('RETAIL', 'COMMERCIAL')),
    enabled             boolean NOT NULL DEFAULT true,
    interval_seconds    integer NOT NULL DEFAULT 60 CHECK (interval_seconds BETWEEN 1 AND 2678400),
    reject_threshold    numeric(5, 4) NOT NULL DEFAULT 0.5 CHECK (reject_threshold BETWEEN 0 AND 1),
    max_retries         integer NOT NULL DEFAULT 2 CHECK (max_retries BETWEEN 0 AND 100),
    retry_delay_seconds integer NOT NULL DEFAULT 60 CHECK (retry_delay_seconds BETWEEN 0 AND 86400),
    last_sync_status    text CHECK (last_sync_status IN ('COMPLETED', 'FAILED', 'PARTIAL', 'REJECTED')),
    last_sync_at        timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_logs (
    id                    uuid PRIMARY KEY,
    loan_type             text NOT NULL CHECK (loan_type IN ('RETAIL', 'COMMERCIAL')),
    status                text NOT NULL CHECK (status IN ('STARTED', 'FETCHING', 'VALIDATING',
                              'NORMALIZING', 'STORING', 'COMPLETED', 'FAILED', 'PARTIAL', 'REJECTED')),
    trigger               text NOT NULL CHECK (trigger IN ('SCHEDULED', 'MANUAL', 'RETRY')),
    actor                 text NOT NULL DEFAULT '',
    batch_id              text NOT NULL CHECK (batch_id <> ''),
    started_at            timestamptz NOT NULL DEFAULT now(),
    finished_at           timestamptz,
    credit_rows_read      bigint NOT NULL DEFAULT 0 CHECK (credit_rows_read >= 0),
    credit_rows_loaded    bigint NOT NULL DEFAULT 0 CHECK (credit_rows_loaded >= 0),
    credit_rows_rejected  bigint NOT NULL DEFAULT 0 CHECK (credit_rows_rejected >= 0),
    payment_rows_read     bigint NOT NULL DEFAULT 0 CHECK (payment_rows_read >= 0),
    payment_rows_loaded   bigint NOT NULL DEFAULT 0 CHECK (payment_rows_loaded >= 0),
    payment_rows_rejected bigint NOT NULL DEFAULT 0 CHECK (payment_rows_rejected >= 0),
    warnings              bigint NOT NULL DEFAULT 0 CHECK (warnings >= 0),
    errors                bigint NOT NULL DEFAULT 0 CHECK (errors >= 0),
    error_summary         text NOT NULL DEFAULT '',
    stage_timings         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(stage_timings) = 'object'),
    progress_rows         bigint NOT NULL DEFAULT 0 CHECK (progress_rows >= 0),
    credit_upload_id      uuid,
    payment_upload_id     uuid,
    swap_started          boolean NOT NULL DEFAULT false,
    owner                 text NOT NULL,
    heartbeat_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((finished_at IS NOT NULL) = (status IN ('COMPLETED', 'FAILED', 'PARTIAL', 'REJECTED')))
);
CREATE INDEX sync_logs_history ON sync_logs (loan_type, started_at DESC);
CREATE INDEX sync_logs_recent ON sync_logs (started_at DESC);
CREATE INDEX sync_logs_unfinished ON sync_logs (started_at) WHERE finished_at IS NULL;

CREATE TABLE validation_errors (
    sync_id     uuid NOT NULL REFERENCES sync_logs (id) ON DELETE CASCADE,
    seq         bigint NOT NULL CHECK (seq >= 0),
    file_type   text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    line        bigint NOT NULL CHECK (line >= 0),
    field       text NOT NULL DEFAULT '',
    error_type  text NOT NULL CHECK (error_type IN ('REQUIRED', 'TYPE', 'RANGE', 'FORMAT', 'VALUE',
                    'DUPLICATE', 'CROSS_REFERENCE', 'CONSISTENCY', 'MISSING_COLUMN', 'UNKNOWN_COLUMN')),
    severity    text NOT NULL CHECK (severity IN ('error', 'warning')),
    message     text NOT NULL,
    raw_value   text NOT NULL DEFAULT '',
    PRIMARY KEY (sync_id, seq)
);
CREATE INDEX validation_errors_groups ON validation_errors (sync_id, file_type, field, error_type);

CREATE TABLE rejected_rows (
    id          bigserial PRIMARY KEY,
    sync_id     uuid NOT NULL REFERENCES sync_logs (id) ON DELETE CASCADE,
    file_type   text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    line        bigint NOT NULL CHECK (line >= 0),
    raw         bytea NOT NULL,
    reasons     text NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX rejected_rows_pages ON rejected_rows (sync_id, file_type, line);
CREATE INDEX rejected_rows_expiry ON rejected_rows (expires_at);

CREATE TABLE uploads (
    id            uuid PRIMARY KEY,
    loan_type     text NOT NULL CHECK (loan_type IN ('RETAIL', 'COMMERCIAL')),
    file_type     text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    original_name text NOT NULL,
    path          text NOT NULL CHECK (path <> ''),
    size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
    stored_bytes  bigint NOT NULL CHECK (stored_bytes >= 0),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    status        text NOT NULL DEFAULT 'STAGED'
                      CHECK (status IN ('STAGED', 'SYNCED', 'SUPERSEDED', 'DELETED')),
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    uploaded_by   text NOT NULL DEFAULT '',
    sync_id       uuid REFERENCES sync_logs (id) ON DELETE SET NULL,
    synced_at     timestamptz
);
CREATE UNIQUE INDEX uploads_one_staged ON uploads (loan_type, file_type) WHERE status = 'STAGED';
CREATE INDEX uploads_history ON uploads (loan_type, file_type, uploaded_at DESC);

CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text NOT NULL,
    action   text NOT NULL CHECK (action <> ''),
    details  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_recent ON audit_log (at DESC);
)sql"},
    {2, "findings caps, retention and keyset paging", R"sql(
-- What a sync did not store beyond its caps: counts, and the findings per (file, field, rule).
ALTER TABLE sync_logs
    ADD COLUMN findings_not_stored      bigint NOT NULL DEFAULT 0 CHECK (findings_not_stored >= 0),
    ADD COLUMN rejected_rows_not_stored bigint NOT NULL DEFAULT 0
                                            CHECK (rejected_rows_not_stored >= 0),
    ADD COLUMN findings_overflow        jsonb NOT NULL DEFAULT '[]'
                                            CHECK (jsonb_typeof(findings_overflow) = 'array'),
    -- When retention deleted the sync's findings and rejected rows.
    ADD COLUMN findings_purged_at       timestamptz;
-- Retention is by the age of the sync (the janitor), no longer by a per-row expiry.
DROP INDEX rejected_rows_expiry;
-- Exports page by (file_type, line, id), not by OFFSET.
CREATE INDEX rejected_rows_keyset ON rejected_rows (sync_id, file_type, line, id);
DROP INDEX rejected_rows_pages;
)sql"},
    {3, "warehouse schema changes", R"sql(
CREATE TABLE warehouse_schema_changes (
    id           bigserial PRIMARY KEY,
    applied_at   timestamptz NOT NULL DEFAULT now(),
    fact_table   text NOT NULL,
    column_name  text NOT NULL,
    column_type  text NOT NULL,
    statement    text NOT NULL
);
)sql"},
    {4, "live batches", R"sql(
-- Which warehouse batch of each (loan type, file type) is live: flipped in the transaction that
-- marks its sync COMPLETED. Seeded with the batches the partition swaps of earlier versions
-- left live: the newest COMPLETED sync that carried each file.
CREATE TABLE live_batches (
    loan_type  text NOT NULL CHECK (loan_type IN ('RETAIL', 'COMMERCIAL')),
    file_type  text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    batch_id   text NOT NULL CHECK (batch_id <> ''),
    sync_id    uuid NOT NULL,
    upload_id  uuid,
    since      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (loan_type, file_type)
);
INSERT INTO live_batches (loan_type, file_type, batch_id, sync_id, upload_id, since)
SELECT DISTINCT ON (loan_type) loan_type, 'credit', batch_id, id, credit_upload_id, finished_at
FROM sync_logs WHERE status = 'COMPLETED' AND credit_upload_id IS NOT NULL
ORDER BY loan_type, finished_at DESC, started_at DESC;
INSERT INTO live_batches (loan_type, file_type, batch_id, sync_id, upload_id, since)
SELECT DISTINCT ON (loan_type) loan_type, 'payment_plan', batch_id, id, payment_upload_id,
       finished_at
FROM sync_logs WHERE status = 'COMPLETED' AND payment_upload_id IS NOT NULL
ORDER BY loan_type, finished_at DESC, started_at DESC;
)sql"},
    {5, "per-file records of a sync, unchanged uploads", R"sql(
-- Per file of a sync: where it came from, its counts and its control totals, in the file and in
-- the warehouse after the swap ({"rows": N, "sums": {"field": "123.45", ...}}).
CREATE TABLE sync_files (
    sync_id          uuid NOT NULL REFERENCES sync_logs (id) ON DELETE CASCADE,
    file_type        text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    source           text NOT NULL CHECK (source IN ('upload', 'live')),
    upload_id        uuid,
    original_name    text NOT NULL DEFAULT '',
    size_bytes       bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    sha256           text NOT NULL DEFAULT '',
    rows_read        bigint NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
    rows_accepted    bigint NOT NULL DEFAULT 0 CHECK (rows_accepted >= 0),
    rows_rejected    bigint NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0),
    totals_file      jsonb NOT NULL CHECK (jsonb_typeof(totals_file) = 'object'),
    totals_warehouse jsonb CHECK (jsonb_typeof(totals_warehouse) = 'object'),
    PRIMARY KEY (sync_id, file_type)
);
-- An upload identical to the live (or the staged) file is recorded as UNCHANGED, linked to the
-- upload it equals, and not stored again (its path names no file).
ALTER TABLE uploads DROP CONSTRAINT uploads_status_check,
    ADD CONSTRAINT uploads_status_check
        CHECK (status IN ('STAGED', 'SYNCED', 'SUPERSEDED', 'DELETED', 'UNCHANGED')),
    ADD COLUMN same_as uuid REFERENCES uploads (id) ON DELETE SET NULL;
)sql"},
    {6, "reporting periods", R"sql(
-- A reporting period is a month 'YYYY-MM'. Uploads name theirs; live_batches keeps one live
-- batch per (loan type, file type, period); a sync log names the period it loaded and the sync
-- whose data of that period it replaced (a restatement).
ALTER TABLE sync_logs
    ADD COLUMN period text CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    ADD COLUMN restates uuid;
UPDATE sync_logs SET period = to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM');
-- Data loaded before periods existed is the period of the month of its sync (start time, UTC).
-- Per loan type one period: that of the newest sync among its live batches, so a credit file
-- and the plan synced after it alone stay one package.
ALTER TABLE live_batches ADD COLUMN period text;
UPDATE live_batches l SET period = coalesce(
    (SELECT to_char(max(s.started_at) AT TIME ZONE 'UTC', 'YYYY-MM')
     FROM live_batches l2 JOIN sync_logs s ON s.id = l2.sync_id
     WHERE l2.loan_type = l.loan_type),
    to_char(l.since AT TIME ZONE 'UTC', 'YYYY-MM'));
ALTER TABLE live_batches ALTER COLUMN period SET NOT NULL,
    ADD CONSTRAINT live_batches_period_check CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    DROP CONSTRAINT live_batches_pkey,
    ADD PRIMARY KEY (loan_type, file_type, period);
UPDATE sync_logs s SET period = l.period FROM live_batches l WHERE l.sync_id = s.id;
-- Uploads: loaded by a sync → that sync's period; still STAGED → the period of the loan type's
-- live data (the old code would have replaced it with them, and so the next sync does), or the
-- month before the upload when nothing is live; any other → the month before the upload.
ALTER TABLE uploads ADD COLUMN period text;
UPDATE uploads u SET period = s.period FROM sync_logs s WHERE u.sync_id = s.id;
UPDATE uploads u SET period = (SELECT max(l.period) FROM live_batches l
                               WHERE l.loan_type = u.loan_type)
    WHERE u.period IS NULL AND u.status = 'STAGED';
UPDATE uploads SET period = to_char((uploaded_at AT TIME ZONE 'UTC') - interval '1 month',
                                    'YYYY-MM')
    WHERE period IS NULL;
ALTER TABLE uploads ALTER COLUMN period SET NOT NULL,
    ADD CONSTRAINT uploads_period_check CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
-- One STAGED upload per (loan type, file type, period): a package is one period's files.
DROP INDEX uploads_one_staged;
CREATE UNIQUE INDEX uploads_one_staged ON uploads (loan_type, file_type, period)
    WHERE status = 'STAGED';
CREATE INDEX sync_logs_period ON sync_logs (loan_type, period, started_at DESC);
)sql"},
    {7, "rejected rows reviewed: dismissed, resubmitted as corrections", R"sql(
-- What became of each rejected row: open (to be looked at), dismissed (reviewed, not to be
-- corrected: who, why, when) or resubmitted (a correction sync accepted its corrected row).
ALTER TABLE rejected_rows
    ADD COLUMN state              text NOT NULL DEFAULT 'open'
                                      CHECK (state IN ('open', 'dismissed', 'resubmitted')),
    ADD COLUMN state_actor        text,
    ADD COLUMN state_reason       text,
    ADD COLUMN state_at           timestamptz,
    ADD COLUMN correction_sync_id uuid;
-- Reasons next to the cells: the findings of a page of rejected rows, by line.
CREATE INDEX validation_errors_lines ON validation_errors (sync_id, file_type, line);
-- A correction upload: corrected rejected rows of sync `corrects`, staged next to (not instead
-- of) the full file of its kind; it never counts as the delivered file of its kind (synced_at
-- stays NULL, so it is never "the file live now"), and sync_id of a superseded one names the
-- sync whose full delivery superseded it.
ALTER TABLE uploads ADD COLUMN corrects uuid REFERENCES sync_logs (id) ON DELETE SET NULL;
DROP INDEX uploads_one_staged;
CREATE UNIQUE INDEX uploads_one_staged
    ON uploads (loan_type, file_type, period, (corrects IS NULL)) WHERE status = 'STAGED';
-- Which rejected row each line of a correction upload corrects.
CREATE TABLE correction_lines (
    upload_id      uuid NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    line           bigint NOT NULL CHECK (line >= 2),
    original_sync  uuid NOT NULL,
    file_type      text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    original_line  bigint NOT NULL CHECK (original_line >= 0),
    PRIMARY KEY (upload_id, line)
);
CREATE INDEX correction_lines_original ON correction_lines (original_sync, file_type, original_line);
-- A correction sync: the sync whose rejected rows it merged, and what happened to corrections
-- (superseded by a full delivery).
ALTER TABLE sync_logs
    ADD COLUMN corrects         uuid,
    ADD COLUMN correction_notes text NOT NULL DEFAULT '';
CREATE INDEX sync_logs_corrections ON sync_logs (corrects) WHERE corrects IS NOT NULL;
)sql"},
    {8, "validation policies per loan type", R"sql(
-- The tenant's validation rules per loan type, every version kept: the newest is in force.
CREATE TABLE validation_policies (
    loan_type  text NOT NULL CHECK (loan_type IN ('RETAIL', 'COMMERCIAL')),
    version    integer NOT NULL CHECK (version >= 1),
    policy     jsonb NOT NULL CHECK (jsonb_typeof(policy) = 'object'),
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (loan_type, version)
);
-- The policy version a sync validated with (0: the built-in rules, no policy stored).
ALTER TABLE sync_logs
    ADD COLUMN policy_version integer NOT NULL DEFAULT 0 CHECK (policy_version >= 0);
)sql"},
    {9, "roll-forward and drift findings", R"sql(
-- Findings of the checks against the previous period (ROLL_FORWARD) and of profile drift
-- (DRIFT); the drift figures of each column a sync compared, for the profiling view.
ALTER TABLE validation_errors DROP CONSTRAINT validation_errors_error_type_check,
    ADD CONSTRAINT validation_errors_error_type_check
        CHECK (error_type IN ('REQUIRED', 'TYPE', 'RANGE', 'FORMAT', 'VALUE', 'DUPLICATE',
            'CROSS_REFERENCE', 'CONSISTENCY', 'MISSING_COLUMN', 'UNKNOWN_COLUMN',
            'ROLL_FORWARD', 'DRIFT'));
CREATE TABLE sync_drift (
    sync_id             uuid NOT NULL REFERENCES sync_logs (id) ON DELETE CASCADE,
    file_type           text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    field               text NOT NULL,
    previous_batch      text NOT NULL,
    psi                 double precision,
    null_ratio          double precision NOT NULL,
    previous_null_ratio double precision NOT NULL,
    mean                double precision,
    previous_mean       double precision,
    PRIMARY KEY (sync_id, file_type, field)
);
)sql"},
    {10, "column profiles of batches", R"sql(
-- The /api/profiling/ figures of a batch (agent/profiling/profilestore.h): computed by its sync
-- on the way in ('sync') or read from the warehouse once ('warehouse'); kept while it is live.
CREATE TABLE batch_profiles (
    batch_id    text NOT NULL,
    file_type   text NOT NULL CHECK (file_type IN ('credit', 'payment_plan')),
    loan_type   text NOT NULL CHECK (loan_type IN ('RETAIL', 'COMMERCIAL')),
    source      text NOT NULL CHECK (source IN ('sync', 'warehouse')),
    profile     text NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, file_type)
);
)sql"},
    {11, "mergeable states of batch profiles", R"sql(
-- Each profile's accumulators (agent/profiling/batchprofile.h BatchProfile::state, versioned
-- bytes): the profiles of both loan types merge from them without reading the warehouse.
-- NULL: profiled before states were kept.
ALTER TABLE batch_profiles ADD COLUMN state bytea;
)sql"},
    {12, "findings written without a check per row", R"sql(
-- A sync writes its findings by the hundred thousand (COPY, validationerrors.cpp): the foreign
-- key to sync_logs ran its check once per finding, about half of PostgreSQL's CPU for the
-- COPY (175,000 findings: 1.46-1.49 s of CPU with it, 0.79-0.81 s without). The writer now
-- takes the same lock on its sync log once per batch (SELECT … FOR KEY SHARE, which the key's
-- check took per row) and refuses a sync that does not exist; deleting a sync log still
-- deletes its findings.
ALTER TABLE validation_errors DROP CONSTRAINT validation_errors_sync_id_fkey;
CREATE FUNCTION delete_findings_of_sync() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM validation_errors WHERE sync_id = OLD.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER sync_logs_delete_findings AFTER DELETE ON sync_logs
    FOR EACH ROW EXECUTE PROCEDURE delete_findings_of_sync();
)sql"},
};

// Applies `migrations` above the recorded version; `table` is the qualified schema_migrations.
int applyPending(pqxx::transaction_base& tx, std::span<const Migration> migrations,
                 const std::string& table, std::string_view where) {
    tx.exec0("CREATE TABLE IF NOT EXISTS " + table +
             " (version integer PRIMARY KEY, name text NOT NULL,"
             " applied_at timestamptz NOT NULL DEFAULT now())");
    const int current = tx.exec1("SELECT coalesce(max(version), 0) FROM " + table)[0].as<int>();
    int applied = 0;
    for (const Migration& migration : migrations) {
        if (migration.version <= current) continue;
        tx.exec0(std::string(migration.sql));
        tx.exec_params0("INSERT INTO " + table + " (version, name) VALUES ($1, $2)",
                        migration.version, std::string(migration.name));
        logger("db")->info("applied migration {} '{}' to {}", migration.version, migration.name,
                           where);
        ++applied;
    }
    return applied;
}

}  // namespace

std::span<const Migration> publicMigrations() {
    return kPublicMigrations;
}
std::span<const Migration> tenantMigrations() {
    return kTenantMigrations;
}

void lockMigrations(pqxx::transaction_base& tx) {
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
}

int migrateTenantSchema(pqxx::transaction_base& tx, std::string_view schema) {
    checkSchemaName(schema);
    // SET LOCAL ends with the transaction; the tenant SQL names its tables without a schema.
    tx.exec0("SET LOCAL search_path TO " + tx.quote_name(std::string(schema)));
    const int applied =
        applyPending(tx, kTenantMigrations, qualifiedTable(schema, "schema_migrations"), schema);
    tx.exec0("SET LOCAL search_path TO public");
    return applied;
}

MigrationReport migrate(Database& db) {
    return db.transact([](pqxx::work& tx) {
        lockMigrations(tx);
        MigrationReport report;
        report.publicApplied =
            applyPending(tx, kPublicMigrations, "public.schema_migrations", "public");
        const pqxx::result schemas = tx.exec("SELECT schema_name FROM public.tenants ORDER BY id");
        for (const auto& row : schemas) {
            report.tenantApplied += migrateTenantSchema(tx, row[0].as<std::string>());
            ++report.tenants;
        }
        return report;
    });
}

}  // namespace findata::agent
