package dev.switchboard.metrics.usage.service;

import dev.switchboard.metrics.usage.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;

/**
 * Prometheus meters of the recorded usage, named after OpenTelemetry's GenAI semantic conventions
 * where they have a name ({@code gen_ai.*}), and with their advised histogram buckets, so that
 * dashboards built for those conventions work and quantiles can be computed across instances.
 * Fed once per stored job: a redelivered completion counts nothing.
 */
@ApplicationScoped
public class UsageMetrics {

    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String CACHED_INPUT_TOKENS = "switchboard.cached_input_tokens";
    static final String REQUEST_DURATION = "gen_ai.server.request.duration";
    static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    static final String TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";
    static final String QUEUE_WAIT = "switchboard.queue.wait";
    static final String ERRORS = "switchboard.errors";

    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};
    /** OpenTelemetry's advice ends at 82 s; local generations and queues run for minutes, so it goes on doubling. */
    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92, 163.84, 327.68, 655.36);
    /** OpenTelemetry's advice ends at 10 s; a local server that loads the model first takes longer. */
    private static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,
            0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0, 60.0, 120.0);
    private static final Duration[] PER_TOKEN_BUCKETS = seconds(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4,
            0.5, 0.75, 1.0, 2.5);

    private final MeterRegistry registry;

    public UsageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(UsageRecord usage) {
        Tags tags = Tags.of(
                "gen_ai.operation.name", "chat",
                "gen_ai.request.model", orUnknown(usage.requestedModel()),
                "gen_ai.response.model", usage.model(),
                "pool", orUnknown(usage.pool()),
                "status", usage.status());
        tokens(TOKEN_USAGE, tags.and("gen_ai.token.type", "input"), "Prompt tokens per request, cached ones included")
                .record(usage.inputTokens());
        tokens(TOKEN_USAGE, tags.and("gen_ai.token.type", "output"), "Generated tokens per request")
                .record(usage.outputTokens());
        tokens(CACHED_INPUT_TOKENS, tags, "Prompt tokens per request that the backend served from its prompt cache")
                .record(usage.cachedInputTokens());
        if (usage.durationMs() != null) {
            timer(REQUEST_DURATION, tags, DURATION_BUCKETS, "From a worker starting the job to its end")
                    .record(Duration.ofMillis(usage.durationMs()));
        }
        if (usage.ttftMs() != null) {
            timer(TIME_TO_FIRST_TOKEN, tags, FIRST_TOKEN_BUCKETS, "From a worker starting the job to the first token")
                    .record(Duration.ofMillis(usage.ttftMs()));
        }
        if (usage.outputTokensPerSecond() != null && usage.outputTokensPerSecond() > 0) {
            timer(TIME_PER_OUTPUT_TOKEN, tags, PER_TOKEN_BUCKETS, "Time per generated token after the first one")
                    .record(Duration.ofNanos(Math.round(1e9 / usage.outputTokensPerSecond())));
        }
        if (usage.queueWaitMs() != null) {
            timer(QUEUE_WAIT, tags, DURATION_BUCKETS, "From the gateway accepting the job to a worker starting it")
                    .record(Duration.ofMillis(usage.queueWaitMs()));
        }
        if (!usage.ok()) {
            Counter.builder(ERRORS)
                    .description("Jobs that did not end ok, by error type")
                    .tags(Tags.of(
                            "error.type", usage.errorType() == null ? usage.status() : usage.errorType(),
                            "gen_ai.response.model", usage.model(),
                            "pool", orUnknown(usage.pool()),
                            "status", usage.status()))
                    .register(registry)
                    .increment();
        }
    }

    private DistributionSummary tokens(String name, Tags tags, String description) {
        return DistributionSummary.builder(name)
                .description(description)
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .tags(tags)
                .register(registry);
    }

    private Timer timer(String name, Tags tags, Duration[] buckets, String description) {
        return Timer.builder(name)
                .description(description)
                .serviceLevelObjectives(buckets)
                .tags(tags)
                .register(registry);
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    private static Duration[] seconds(double... values) {
        return Arrays.stream(values).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }
}
