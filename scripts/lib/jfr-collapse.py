#!/usr/bin/env python3
"""Folds the JSON of `jfr print --json --events jdk.ExecutionSample` into collapsed stacks.

    jfr print --json --stack-depth 64 --events jdk.ExecutionSample X.jfr | jfr-collapse.py > X.collapsed

One line per distinct stack: `[thread];root;...;leaf count`, thread names without their number, so that
the event loops of a process fold together. Only samples of threads running Java count: what the process
spent on its CPU, not threads waiting (jfr-converter's default also folds in native waits).
"""
import collections
import json
import re
import sys

counts = collections.Counter()
for event in json.load(sys.stdin)["recording"]["events"]:
    values = event["values"]
    thread = re.sub(r"-\d+$", "", values["sampledThread"]["javaName"] or "?")
    frames = values["stackTrace"]["frames"] if values.get("stackTrace") else []
    names = [f"{re.split(r'[./]', f['method']['type']['name'])[-1]}.{f['method']['name']}" for f in reversed(frames)]
    counts[";".join(["[" + thread + "]"] + names)] += 1
for stack, n in counts.most_common():
    print(f"{stack} {n}")
