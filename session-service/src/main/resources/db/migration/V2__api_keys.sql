-- API keys of the gateway. Only the SHA-256 of a key's secret is kept: the secret itself is shown
-- once, when the key is made, and never stored. A revoked key keeps its row (its usage still names it).

create table api_key (
    id                    text primary key,
    secret_sha256         text        not null unique check (secret_sha256 ~ '^[0-9a-f]{64}$'),
    -- The secret's first characters, so that people can tell their keys apart.
    prefix                text        not null,
    name                  text        not null,
    -- Model names or "pool/*"; empty means every model.
    models                text[]      not null default '{}',
    requests_per_minute   integer     check (requests_per_minute > 0),
    concurrent            integer     check (concurrent > 0),
    output_tokens_per_day bigint      check (output_tokens_per_day > 0),
    expires_at            timestamptz,
    disabled              boolean     not null default false,
    created_at            timestamptz not null,
    revoked_at            timestamptz
);

create index api_key_created on api_key (created_at desc, id desc);
