-- A year of usage: :rows records spread evenly over the 365 days before now, with the mix a busy
-- installation might see (a few large models most used, 95 % ok). Run by UsageQueryBenchmark in a
-- schema of its own (search_path set by it), never in the service's.
insert into usage_records (job_id, finished_at, created_at, conversation_id, client_kind, requested_model, model,
                           pool, worker_id, api_key_id, status, stop_reason, error_type, input_tokens,
                           cached_input_tokens, output_tokens, ttft_ms, duration_ms, output_tokens_per_second,
                           queue_wait_ms)
select 'bench_' || n,
       finished,
       finished - interval '5 seconds',
       'bench-conv-' || (n / 8),
       (array['claude_code', 'claude_code', 'claude_code', 'anthropic', 'openai', 'ollama', 'web'])[1 + n % 7],
       'claude-sonnet-4-5',
       (array['qwen2.5-coder:7b', 'qwen2.5-coder:7b', 'qwen2.5-coder:7b', 'llama3.2:3b', 'llama3.2:3b',
              'qwen3:30b', 'gpt-oss:20b', 'mistral-small:24b'])[1 + (n * 7) % 8],
       (array['ollama', 'ollama', 'mlx'])[1 + n % 3],
       'bench-worker-' || (n % 5),
       null,
       status,
       case when status = 'ok' then 'end_turn' end,
       case when status = 'error' then 'overloaded' when status = 'cancelled' then 'cancelled'
            when status = 'interrupted' then 'interrupted' end,
       input,
       (input * random() * 0.8)::int,
       output,
       case when status <> 'error' then ttft end,
       ttft + output * 25,
       case when status <> 'error' and output > 1 then (output - 1) * 1000.0 / (output * 25) end,
       (random() * random() * 5000)::bigint
from (select n,
             now() - random() * interval '365 days' as finished,
             case when n % 200 < 190 then 'ok' when n % 200 < 196 then 'error'
                  when n % 200 < 199 then 'cancelled' else 'interrupted' end as status,
             100 + (random() * random() * 30000)::int as input,
             5 + (random() * 1500)::int as output,
             50 + (random() * random() * 4000)::bigint as ttft
      from generate_series(1, :rows) as n) as generated;
