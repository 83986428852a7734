#!/usr/bin/env python3
"""Shares of a process's Java CPU samples by what the work was for, from collapsed stacks (jfr-collapse.py).

    jfr-summary.py api-gateway|worker-ollama X.collapsed

A sample counts for the first rule whose frame names it holds, so a rule's share includes what it called.
Prints a Markdown table.
"""
import collections, sys
RULES = {
 'api-gateway': [
  ('Kafka producer I/O thread', ['kafka-producer-network-thread']),
  ('job publish on the event loop (SmallRye emitter, Jackson, KafkaProducer.send)', ['JobPublisher.publish']),
  ('routing (RoutePlanner, fleet)', ['ModelRouter.route']),
  ('request log line', ['MessagesRoutes.lambda$messages$0;Logger.infof','JBossLogManagerLogger']),
  ('request parse, count, map', ['MessagesRoutes.read']),
  ('per token: event to SSE (runOnContext, render, write)', ['StreamingReply.onEvent','StreamingReply.lambda$run']),
  ('per token: Redis reply channel (decode, reorder)', ['ReplyChannel.onMessage','KeptSubscription','RedisStandaloneConnection.handle']),
  ('rest of the request handling', ['MessagesRoutes']),
  ('other', ['']),
 ],
 'worker-ollama': [
  ('Kafka producer I/O thread', ['kafka-producer-network-thread']),
  ('job consumer thread (poll, commit, decode)', ['job-consumer']),
  ('completion record (SmallRye emitter, Jackson)', ['CompletionPublisher.publish']),
  ('per token: backend line decode', ['ChatResponseMapper','LineSplitter','ChatLineDecoder']),
  ('per token: JobRun, JobEvents (encode), EventPipe', ['JobRun.on','JobEvents','EventPipe']),
  ('backend request (map, encode, HTTP client)', ['OllamaBackend.chatBody','BackendStream.post','HttpClientImpl.request']),
  ('Redis client (replies, claims)', ['RedisStandaloneConnection','Claims.','JobState']),
  ('logging', ['JBossLogManagerLogger','LoggerNode']),
  ('other', ['']),
 ]}
proc, path = sys.argv[1], sys.argv[2]
c = collections.Counter(); tot = 0
for l in open(path):
    s, n = l.rsplit(' ', 1); n = int(n); tot += n
    for name, keys in RULES[proc]:
        if any(k in s for k in keys):
            c[name] += n; break
print(f"| {proc}: share of Java CPU samples ({tot}) | % |\n|---|---:|")
for name, _ in RULES[proc]:
    print(f"| {name} | {100*c[name]/max(tot, 1):.1f} |")
