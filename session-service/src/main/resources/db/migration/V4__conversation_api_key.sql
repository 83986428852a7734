-- The API key whose requests made each conversation: a key sees only its own. Null for conversations
-- made without a key (auth off, or before keys), which only the admin token and open gateways see.

alter table conversation add column api_key_id text;

create index conversation_api_key_updated on conversation (api_key_id, updated_at desc, id desc);
