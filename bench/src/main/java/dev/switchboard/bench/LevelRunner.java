package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one level: {@code concurrency} client slots, each taking the next request number and running it on
 * both paths (as {@link BenchOptions.Interleave} says) until the level's requests are used up.
 *
 * <p>Slots start spread over one request's expected duration, so that arrivals are steady instead of
 * all slots starting, and then restarting, in lockstep.
 */
final class LevelRunner {

    /** Both paths' streams of one level, and the window every slot was busy in. */
    record Outcome(List<StreamResult> direct, List<StreamResult> gateway, long startNanos, long endNanos,
                   long windowFromNanos, long windowToNanos) {
    }

    private final Vertx vertx;
    private final StreamClient direct;
    private final StreamClient gateway;
    private final BenchOptions options;

    LevelRunner(Vertx vertx, StreamClient direct, StreamClient gateway, BenchOptions options) {
        this.vertx = vertx;
        this.direct = direct;
        this.gateway = gateway;
        this.options = options;
    }

    /** Blocks the calling thread (never an event loop) until the level is done. */
    Outcome run(String tag, int concurrency, int requests) throws InterruptedException {
        BenchOptions.Interleave interleave = options.interleave().at(concurrency);
        Queue<StreamResult> directResults = new ConcurrentLinkedQueue<>();
        Queue<StreamResult> gatewayResults = new ConcurrentLinkedQueue<>();
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
                    pair(interleave, tag + "-" + i, i, directResults, gatewayResults).onComplete(done -> run());
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
        return new Outcome(new ArrayList<>(directResults), new ArrayList<>(gatewayResults), start, end, from, to);
    }

    private Future<?> pair(BenchOptions.Interleave interleave, String id, int i, Queue<StreamResult> directResults,
                           Queue<StreamResult> gatewayResults) {
        String prompt = "bench " + id + " " + options.directive();
        int tokens = options.tokens();
        return switch (interleave) {
            case PAIRED -> Future.join(direct.run(prompt, tokens).onSuccess(directResults::add),
                    gateway.run(prompt, tokens).onSuccess(gatewayResults::add));
            case ALTERNATE -> {
                StreamClient first = i % 2 == 0 ? direct : gateway;
                StreamClient second = first == direct ? gateway : direct;
                yield first.run(prompt, tokens).compose(a -> {
                    (first == direct ? directResults : gatewayResults).add(a);
                    return second.run(prompt, tokens);
                }).onSuccess(b -> (second == direct ? directResults : gatewayResults).add(b));
            }
            case AUTO -> throw new IllegalStateException("AUTO resolves per level");
        };
    }
}
