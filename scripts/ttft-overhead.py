#!/usr/bin/env python3
"""Time to first token that the gateway adds over calling the backend directly.

Runs N sequential requests, interleaved, against the running suite with the simulator
(scripts/suite.sh up --simulator): (a) backend-simulator's Ollama API directly, (b) the same
simulator through the gateway's Anthropic API. For each, it measures the time from sending the
request to the first piece of answer text, and prints the medians and the difference.

    scripts/ttft-overhead.py [N]      (default 100)

A quick probe; the load harness of scripts/bench.sh measures the pipeline in depth.
"""
import http.client
import json
import statistics
import sys
import time

GATEWAY = ("127.0.0.1", 4000)
SIMULATOR = ("127.0.0.1", 4010)
PROMPT = 'ttft probe [[sim reply="one two three four" ttft_ms=20 tps=1000]]'
MODEL = "qwen2.5-coder:7b"


def first_token(host, path, body, is_first):
    conn = http.client.HTTPConnection(*host, timeout=30)
    payload = json.dumps(body).encode()
    start = time.perf_counter()
    conn.request("POST", path, payload, {"content-type": "application/json"})
    response = conn.getresponse()
    if response.status != 200:
        raise SystemExit(f"{host} answered {response.status}: {response.read()[:300]!r}")
    elapsed = None
    for raw in response:
        line = raw.decode().strip()
        if elapsed is None and is_first(line):
            elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    return elapsed


def direct():
    return first_token(SIMULATOR, "/api/chat",
                       {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": PROMPT}]},
                       lambda line: line.startswith("{") and json.loads(line)["message"].get("content"))


def through_gateway():
    return first_token(GATEWAY, "/v1/messages",
                       {"model": MODEL, "max_tokens": 64, "stream": True, "messages": [{"role": "user", "content": PROMPT}]},
                       lambda line: line.startswith("data:") and '"text_delta"' in line)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    for _ in range(5):  # warm both paths
        direct()
        through_gateway()
    a, b = [], []
    for _ in range(n):
        a.append(direct())
        b.append(through_gateway())
    q = lambda xs, p: statistics.quantiles(xs, n=100)[p - 1]
    print(f"requests: {n} each, sequential, interleaved")
    print(f"direct (Ollama API):      median {statistics.median(a):6.2f} ms  p95 {q(a, 95):6.2f} ms")
    print(f"through the gateway:      median {statistics.median(b):6.2f} ms  p95 {q(b, 95):6.2f} ms")
    print(f"added time to first token: median {statistics.median(b) - statistics.median(a):6.2f} ms")


if __name__ == "__main__":
    main()
