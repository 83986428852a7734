package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one level: {@code concurrency} client slots, each taking the next request number and running it on
 * every path (as {@link BenchOptions.Interleave} says) until the level's requests are used up.
 *
 * <p>Slots start spread over one request's expected duration, so that arrivals are steady instead of
 * all slots starting, and then restarting, in lockstep.
 */
final class LevelRunner {

    /** Every path's streams of one level, by path label in the paths' order, and the window every slot was busy in. */
    record Outcome(Map<String, List<StreamResult>> results, long startNanos, long endNanos, long windowFromNanos,
                   long windowToNanos) {

        List<StreamResult> of(String path) {
            return results.getOrDefault(path, List.of());
        }
    }

    private final Vertx vertx;
    private final List<StreamClient> paths;
    private final BenchOptions options;

    /** @param paths the direct path first, then the paths compared with it */
    LevelRunner(Vertx vertx, List<StreamClient> paths, BenchOptions options) {
        this.vertx = vertx;
        this.paths = List.copyOf(paths);
        this.options = options;
    }

    /** Blocks the calling thread (never an event loop) until the level is done. */
    Outcome run(String tag, int concurrency, int requests) throws InterruptedException {
        BenchOptions.Interleave interleave = options.interleave().at(concurrency);
        List<Queue<StreamResult>> results = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            results.add(new ConcurrentLinkedQueue<>());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong firstSlotDone = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch slotsDone = new CountDownLatch(concurrency);
        long rampMillis = concurrency == 1 ? 0 : options.expectedMillis();
        long start = System.nanoTime();
        for (int slot = 0; slot < concurrency; slot++) {
            long delay = rampMillis * slot / concurrency;
            Runnable loop = new Runnable() {
                @Override
                public void run() {
                    int i = next.getAndIncrement();
                    if (i >= requests) {
                        firstSlotDone.accumulateAndGet(System.nanoTime(), Math::min);
                        slotsDone.countDown();
                        return;
                    }
                    round(interleave, tag + "-" + i, i, results).onComplete(done -> run());
                }
            };
            vertx.setTimer(Math.max(1, delay), id -> loop.run());
        }
        slotsDone.await();
        long end = System.nanoTime();
        long from = start + (rampMillis * (concurrency - 1) / concurrency) * 1_000_000;
        long to = firstSlotDone.get();
        if (to - from < 500_000_000L) {
            from = start;
            to = end;
        }
        Map<String, List<StreamResult>> byPath = new LinkedHashMap<>();
        for (int p = 0; p < paths.size(); p++) {
            byPath.put(paths.get(p).label(), new ArrayList<>(results.get(p)));
        }
        return new Outcome(byPath, start, end, from, to);
    }

    /** Request {@code i} on every path: all at once, or one after the other starting with path {@code i mod n}. */
    private Future<?> round(BenchOptions.Interleave interleave, String id, int i, List<Queue<StreamResult>> results) {
        String prompt = "bench " + id + " " + options.directive();
        int tokens = options.tokens();
        return switch (interleave) {
            case PAIRED -> {
                List<Future<StreamResult>> all = new ArrayList<>();
                for (int p = 0; p < paths.size(); p++) {
                    all.add(paths.get(p).run(prompt, tokens).onSuccess(results.get(p)::add));
                }
                yield Future.join(all);
            }
            case ALTERNATE -> {
                Future<?> chain = Future.succeededFuture();
                for (int k = 0; k < paths.size(); k++) {
                    int p = (i + k) % paths.size();
                    chain = chain.compose(previous -> paths.get(p).run(prompt, tokens).onSuccess(results.get(p)::add));
                }
                yield chain;
            }
            case AUTO -> throw new IllegalStateException("AUTO resolves per level");
        };
    }
}
