-- One row per finished job, built from its record on llm.completions. The primary key on the
-- job id makes storing idempotent: a redelivered record inserts nothing (on conflict do nothing).
-- Flyway runs this in the schema named by quarkus.flyway.schemas ("metrics").
create table usage_records (
    job_id                   text primary key,
    finished_at              timestamptz not null,
    created_at               timestamptz,
    conversation_id          text not null,
    client_kind              text,
    requested_model          text,
    model                    text not null,
    pool                     text,
    worker_id                text,
    api_key_id               text,
    status                   text not null,
    stop_reason              text,
    error_type               text,
    input_tokens             integer not null,
    cached_input_tokens      integer not null,
    output_tokens            integer not null,
    ttft_ms                  bigint,
    duration_ms              bigint,
    output_tokens_per_second double precision,
    queue_wait_ms            bigint,
    recorded_at              timestamptz not null default now()
);

-- Every query filters on a time range; the filters of the time series and the usage list lead.
create index usage_records_finished_at on usage_records (finished_at);
create index usage_records_model_finished_at on usage_records (model, finished_at);
create index usage_records_pool_finished_at on usage_records (pool, finished_at);
create index usage_records_client_kind_finished_at on usage_records (client_kind, finished_at);
create index usage_records_conversation_finished_at on usage_records (conversation_id, finished_at);
