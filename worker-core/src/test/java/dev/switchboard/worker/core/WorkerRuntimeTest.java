package dev.switchboard.worker.core;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.worker.core.config.WorkerIdentity;
import dev.switchboard.worker.core.jobs.JobConsumer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** worker-core against the real Kafka and Redis, with a scripted backend. */
@QuarkusTest
@WithTestResource(UniquePool.class)
class WorkerRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    ScriptedBackend backend;
    @Inject
    WorkerIdentity identity;
    @Inject
    JobConsumer consumer;
    @Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private TestPipeline pipeline;

    @BeforeEach
    void setUp() {
        pipeline = new TestPipeline(redis);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pipeline.close();
    }

    private String pool() {
        return identity.pool();
    }

    private Completion completionOf(GenerationJob job) {
        await().atMost(WAIT).until(() -> pipeline.completions.containsKey(job.jobId()));
        return pipeline.completions.get(job.jobId());
    }

    private List<StreamEvent> eventsUntilTerminal(GenerationJob job) {
        await().atMost(WAIT).until(() -> pipeline.eventsOf(job.jobId()).stream().anyMatch(StreamEvent::isTerminal));
        return pipeline.eventsOf(job.jobId());
    }

    @Test
    void eventsArriveInOrderAndOneCompletionIsRecorded() {
        GenerationJob job = pipeline.job(pool(), "echo the quick brown fox");
        pipeline.publish(job);

        List<StreamEvent> events = eventsUntilTerminal(job);
        assertThat(events).extracting(StreamEvent::seq).containsExactlyElementsOf(
                LongStream.range(0, events.size()).boxed().toList());
        assertThat(events.getFirst()).isInstanceOfSatisfying(StreamEvent.Started.class,
                started -> assertThat(started.workerId()).isEqualTo(identity.id()));
        assertThat(events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).text()).reduce("", String::concat))
                .isEqualTo("the quick brown fox ");
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Done.class, done -> {
            assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(done.usage().inputTokens()).isEqualTo(12);
            assertThat(done.usage().cachedInputTokens()).isEqualTo(4);
            assertThat(done.usage().outputTokens()).isEqualTo(4);
            assertThat(done.timings().timeToFirstTokenMs()).isNotNull();
        });

        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.OK);
        assertThat(completion.workerId()).isEqualTo(identity.id());
        assertThat(completion.output()).containsExactly(new ContentBlock.Text("the quick brown fox "));
        assertThat(completion.messages()).isEqualTo(job.request().messages());
    }

    @Test
    void theWorkerAppliesStopSequencesAndSaysWhichOneMatched() {
        GenerationJob job = pipeline.job(pool(), "echo one two STOP three four", Instant.now().plusSeconds(60),
                List.of("NEVER", "STOP"));
        pipeline.publish(job);

        List<StreamEvent> events = eventsUntilTerminal(job);
        assertThat(events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).text()).reduce("", String::concat)).isEqualTo("one two ");
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.Done.class, done -> {
            assertThat(done.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
            assertThat(done.stopSequence()).isEqualTo("STOP");
        });
        assertThat(backend.stopSequencesSent.get(job.jobId())).isEmpty();
        Completion completion = completionOf(job);
        assertThat(completion.stopSequence()).isEqualTo("STOP");
        assertThat(completion.output()).containsExactly(new ContentBlock.Text("one two "));
    }

    @Test
    void aToolCallGetsAnAnthropicIdAndEndsTheTurnWithToolUse() {
        GenerationJob job = pipeline.job(pool(), "tool");
        pipeline.publish(job);

        List<StreamEvent> events = eventsUntilTerminal(job);
        assertThat(events).filteredOn(StreamEvent.ToolCall.class::isInstance).singleElement()
                .isInstanceOfSatisfying(StreamEvent.ToolCall.class, call -> {
                    assertThat(call.id()).matches("toolu_[0-9A-Za-z]{24}");
                    assertThat(call.name()).isEqualTo("Bash");
                    assertThat(call.input().get("command").asText()).isEqualTo("ls");
                });
        assertThat(((StreamEvent.Done) events.getLast()).stopReason()).isEqualTo(StopReason.TOOL_USE);
        Completion completion = completionOf(job);
        assertThat(completion.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(completion.output()).hasSize(2).last().isInstanceOf(ContentBlock.ToolUse.class);
    }

    @Test
    void aBackendFailureBecomesAnErrorEventAndAnErrorRecord() {
        GenerationJob job = pipeline.job(pool(), "fail");
        pipeline.publish(job);

        assertThat(eventsUntilTerminal(job).getLast()).isInstanceOfSatisfying(StreamEvent.Error.class, error -> {
            assertThat(error.errorType()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(error.message()).contains("the backend is down");
        });
        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.ERROR);
        assertThat(completion.error().type()).isEqualTo(ErrorType.OVERLOADED);
    }

    @Test
    void aCancelStopsTheBackendAndRecordsThePartialAnswer() {
        int cancellationsBefore = backend.cancellations.get();
        GenerationJob job = pipeline.job(pool(), "slow");
        pipeline.publish(job);
        await().atMost(WAIT).until(() -> pipeline.eventsOf(job.jobId()).size() >= 4);

        redis.pubsub(String.class).publish(RedisKeys.controlChannel(identity.id()), job.jobId()).await().atMost(WAIT);

        assertThat(eventsUntilTerminal(job).getLast()).isInstanceOfSatisfying(StreamEvent.Error.class,
                error -> assertThat(error.errorType()).isEqualTo(ErrorType.CANCELLED));
        await().atMost(WAIT).until(() -> backend.cancellations.get() > cancellationsBefore);
        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.CANCELLED);
        assertThat(completion.output()).singleElement().isInstanceOfSatisfying(ContentBlock.Text.class,
                text -> assertThat(text.text()).startsWith("t0 t1 t2 "));
        assertThat(completion.usage().outputTokens()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aGenerationLongerThanTheMaxPollIntervalCausesNoRebalanceAndNoRedelivery() {
        // The test profile sets max.poll.interval.ms to 5 s; the slow script runs for 10 s at capacity 1.
        assertThat(kafka).containsEntry("max.poll.interval.ms", "5000");
        int revokedBefore = consumer.partitionsRevoked();
        int callsBefore = backend.calls.get();
        GenerationJob job = pipeline.job(pool(), "slow");
        GenerationJob next = pipeline.job(pool(), "echo next");
        pipeline.publish(job);
        pipeline.publish(next);

        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.OK);
        assertThat(completion.timings().generationMs()).isGreaterThan(8_000);
        assertThat(completionOf(next).status()).isEqualTo(CompletionStatus.OK);
        assertThat(consumer.partitionsRevoked()).isEqualTo(revokedBefore);
        assertThat(backend.calls.get()).isEqualTo(callsBefore + 2);
        assertThat(pipeline.eventsOf(job.jobId()).stream().filter(StreamEvent.Started.class::isInstance)).hasSize(1);
    }

    @Test
    void theWorkerNeverHoldsMoreJobsThanItsCapacity() {
        backend.maxRunning.set(0);
        List<GenerationJob> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GenerationJob job = pipeline.job(pool(), "hold");
            backend.holds.put(job.jobId(), new CountDownLatch(1));
            jobs.add(job);
            pipeline.publish(job);
        }
        for (int round = 0; round < jobs.size(); round++) {
            await().atMost(WAIT).until(() -> backend.running.get() == 1);
            long started = startedCount(jobs);
            GenerationJob running = jobs.stream()
                    .filter(job -> pipeline.eventsOf(job.jobId()).stream().anyMatch(StreamEvent.Started.class::isInstance))
                    .filter(job -> pipeline.eventsOf(job.jobId()).stream().noneMatch(StreamEvent::isTerminal))
                    .findFirst().orElseThrow();
            assertThat(started).isEqualTo(round + 1);
            backend.holds.get(running.jobId()).countDown();
            await().atMost(WAIT).until(() -> pipeline.completions.containsKey(running.jobId()));
        }
        jobs.forEach(job -> assertThat(completionOf(job).status()).isEqualTo(CompletionStatus.OK));
        assertThat(backend.maxRunning.get()).isEqualTo(1);
    }

    private long startedCount(List<GenerationJob> jobs) {
        return jobs.stream()
                .filter(job -> pipeline.eventsOf(job.jobId()).stream().anyMatch(StreamEvent.Started.class::isInstance))
                .count();
    }

    @Test
    void aJobPastItsDeadlineIsDroppedWithoutCallingTheBackend() {
        int callsBefore = backend.calls.get();
        GenerationJob job = pipeline.job(pool(), "echo too late", Instant.now().minusSeconds(1));
        pipeline.publish(job);

        assertThat(eventsUntilTerminal(job)).singleElement().isInstanceOfSatisfying(StreamEvent.Error.class,
                error -> assertThat(error.errorType()).isEqualTo(ErrorType.TIMEOUT));
        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.ERROR);
        assertThat(completion.error().type()).isEqualTo(ErrorType.TIMEOUT);
        assertThat(backend.calls.get()).isEqualTo(callsBefore);
    }

    @Test
    void aJobNobodyListensToIsCancelledWithinTheGrace() {
        int cancellationsBefore = backend.cancellations.get();
        GenerationJob listened = pipeline.job(pool(), "slow");
        // The same job, its answer going to a channel no gateway subscribes to: its gateway died.
        GenerationJob job = new GenerationJob(listened.schemaVersion(), listened.jobId(), listened.conversationId(),
                listened.clientKind(), listened.requestedModel(), listened.model(), listened.pool(),
                "switchboard:reply:dead-gateway-" + listened.jobId(), listened.createdAt(), listened.deadline(),
                listened.request(), null);
        pipeline.publish(job);

        // Unless cancelled, the slow script would finish after 10 s with status ok.
        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.CANCELLED);
        assertThat(completion.error().message()).contains("no gateway listens");
        assertThat(backend.cancellations.get()).isGreaterThan(cancellationsBefore);
    }

    private static GenerationJob inConversation(GenerationJob job, String conversationId) {
        return new GenerationJob(job.schemaVersion(), job.jobId(), conversationId, job.clientKind(), job.requestedModel(),
                job.model(), job.pool(), job.replyChannel(), job.createdAt(), job.deadline(), job.request(), job.apiKeyId());
    }

    @Test
    void aJobClaimedByAWorkerThatDiedBeforeAnsweringRunsHere() {
        GenerationJob job = pipeline.job(pool(), "echo taken over");
        redis.value(String.class).setex(RedisKeys.takenJob(job.jobId()), 60, "dead-worker-" + job.jobId()).await().atMost(WAIT);
        pipeline.publish(job);

        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.OK);
        assertThat(completion.workerId()).isEqualTo(identity.id());
        assertThat(redis.value(String.class).get(RedisKeys.takenJob(job.jobId())).await().atMost(WAIT)).isEqualTo("done:" + identity.id());
    }

    @Test
    void aJobWhoseClaimRunsOutRunsHereEvenWhileItsOwnerLooksAlive() throws Exception {
        // The owner still holds its connection and reports, but does not renew the claim.
        GenerationJob job = pipeline.job(pool(), "echo after the lease");
        String owner = "stuck-worker-" + job.jobId();
        try (LiveWorker ignored = LiveWorker.of(redis, owner)) {
            redis.value(String.class).setex(RedisKeys.takenJob(job.jobId()), 2, owner).await().atMost(WAIT);
            Instant published = Instant.now();
            pipeline.publish(job);

            Completion completion = completionOf(job);
            assertThat(completion.status()).isEqualTo(CompletionStatus.OK);
            assertThat(completion.workerId()).isEqualTo(identity.id());
            assertThat(Duration.between(published, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void aJobOfAWorkerWhoseConnectionClosedRunsHereAtOnceWhileItsStatusLasts() {
        // A worker killed outright: its status outlives it for seconds, its Redis connection does not.
        GenerationJob job = pipeline.job(pool(), "echo taken at once");
        String owner = "killed-worker-" + job.jobId();
        redis.value(String.class).setex(RedisKeys.workerStatus(owner), 60, "{}").await().atMost(WAIT);
        redis.value(String.class).setex(RedisKeys.takenJob(job.jobId()), 30, owner).await().atMost(WAIT);
        Instant published = Instant.now();
        pipeline.publish(job);

        Completion completion = completionOf(job);
        assertThat(completion.status()).isEqualTo(CompletionStatus.OK);
        assertThat(completion.workerId()).isEqualTo(identity.id());
        assertThat(Duration.between(published, Instant.now())).as("not the 30 s of the claim").isLessThan(Duration.ofSeconds(20));
        redis.key(String.class).del(RedisKeys.workerStatus(owner)).await().atMost(WAIT);
    }

    @Test
    void aRunningJobsClaimIsALeaseRenewedWhileItRunsAndAFinishedJobsClaimSaysSo() {
        GenerationJob job = pipeline.job(pool(), "slow");
        String taken = RedisKeys.takenJob(job.jobId());
        pipeline.publish(job);
        await().atMost(WAIT).until(() -> pipeline.eventsOf(job.jobId()).size() >= 2);

        long lease = redis.key(String.class).ttl(taken).await().atMost(WAIT);
        assertThat(lease).as("a lease, not hours").isBetween(1L, 6L);
        // Past the lease, the claim is still there and still this worker's: renewed.
        await().pollDelay(Duration.ofSeconds(lease + 1)).atMost(WAIT).until(() -> true);
        assertThat(redis.value(String.class).get(taken).await().atMost(WAIT)).isEqualTo(identity.id());

        redis.pubsub(String.class).publish(RedisKeys.controlChannel(identity.id()), job.jobId()).await().atMost(WAIT);
        assertThat(completionOf(job).status()).isEqualTo(CompletionStatus.CANCELLED);
        assertThat(redis.value(String.class).get(taken).await().atMost(WAIT)).isEqualTo("done:" + identity.id());
        assertThat(redis.key(String.class).ttl(taken).await().atMost(WAIT)).isGreaterThan(Duration.ofHours(1).toSeconds());
    }

    @Test
    void aJobWhoseAnswerHadStartedOrWhoseOwnerLivesIsNotRunAgain() throws Exception {
        int callsBefore = backend.calls.get();
        String conversation = "conv-" + java.util.UUID.randomUUID();
        GenerationJob answered = inConversation(pipeline.job(pool(), "echo twice"), conversation);
        redis.value(String.class).setex(RedisKeys.takenJob(answered.jobId()), 60, "dead-worker-" + answered.jobId()).await().atMost(WAIT);
        redis.value(String.class).setex(RedisKeys.streamedJob(answered.jobId()), 60, "1").await().atMost(WAIT);
        // Its dead worker's claim lease ran out: the answer had started all the same.
        GenerationJob lapsed = inConversation(pipeline.job(pool(), "echo lapsed"), conversation);
        redis.value(String.class).setex(RedisKeys.streamedJob(lapsed.jobId()), 60, "1").await().atMost(WAIT);
        GenerationJob owned = inConversation(pipeline.job(pool(), "echo owned"), conversation);
        String owner = "live-worker-" + owned.jobId();
        try (LiveWorker ignored = LiveWorker.of(redis, owner)) {
            redis.value(String.class).setex(RedisKeys.takenJob(owned.jobId()), 60, owner).await().atMost(WAIT);
            GenerationJob after = inConversation(pipeline.job(pool(), "echo after"), conversation);
            pipeline.publish(answered);
            pipeline.publish(lapsed);
            pipeline.publish(owned);
            pipeline.publish(after);

            // One conversation, one partition: once the job after them is done, all were looked at.
            assertThat(completionOf(after).status()).isEqualTo(CompletionStatus.OK);
            assertThat(pipeline.completions).doesNotContainKeys(answered.jobId(), lapsed.jobId(), owned.jobId());
            assertThat(backend.calls.get()).isEqualTo(callsBefore + 1);
        }
    }

    @Test
    void theFirstPieceOfAnswerMarksTheJobAnswered() {
        GenerationJob job = pipeline.job(pool(), "echo marked");
        pipeline.publish(job);

        assertThat(completionOf(job).status()).isEqualTo(CompletionStatus.OK);
        assertThat(redis.key(String.class).exists(RedisKeys.streamedJob(job.jobId())).await().atMost(WAIT)).isTrue();
    }

    @Test
    void aCloudModelIsRefusedWithoutCallingTheBackendAndTheAnswerNamesTheSetting() {
        int callsBefore = backend.calls.get();
        GenerationJob scripted = pipeline.job(pool(), "echo hi");
        GenerationJob job = new GenerationJob(scripted.schemaVersion(), scripted.jobId(), scripted.conversationId(),
                scripted.clientKind(), "glm-4.6:cloud", "glm-4.6:cloud", scripted.pool(), scripted.replyChannel(),
                scripted.createdAt(), scripted.deadline(), scripted.request(), null);
        pipeline.publish(job);

        assertThat(eventsUntilTerminal(job)).singleElement().isInstanceOfSatisfying(StreamEvent.Error.class, error -> {
            assertThat(error.errorType()).isEqualTo(ErrorType.PERMISSION_DENIED);
            assertThat(error.message()).contains("switchboard.worker.allow-cloud-models=true");
        });
        assertThat(completionOf(job).error().type()).isEqualTo(ErrorType.PERMISSION_DENIED);
        assertThat(backend.calls.get()).isEqualTo(callsBefore);
    }

    @Test
    void aJobCancelledBeforeItStartsIsNeverRun() {
        int callsBefore = backend.calls.get();
        GenerationJob job = pipeline.job(pool(), "echo never");
        redis.value(String.class).setex(RedisKeys.cancelledJob(job.jobId()), 60, "1").await().atMost(WAIT);
        pipeline.publish(job);

        assertThat(completionOf(job).status()).isEqualTo(CompletionStatus.CANCELLED);
        assertThat(backend.calls.get()).isEqualTo(callsBefore);
    }

    @Test
    void aRecordThatIsNotAJobGoesToTheDeadLetterTopicAndTheWorkerCarriesOn() {
        String topic = Topics.jobs(pool());
        String key = "broken-" + UUID.randomUUID();
        try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            dlq.subscribe(List.of(Topics.deadLetter(topic)));
            pipeline.send(topic, key, "{not a job".getBytes(StandardCharsets.UTF_8));
            GenerationJob next = pipeline.job(pool(), "echo still working");
            pipeline.publish(next);

            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            assertThat(new String(found.getFirst().headers().lastHeader(MessagingChannels.DEAD_LETTER_REASON_HEADER).value(),
                    StandardCharsets.UTF_8)).contains("not a valid GenerationJob");
            assertThat(completionOf(next).status()).isEqualTo(CompletionStatus.OK);
        }
    }

    @Test
    void theWorkerPublishesItsStatus() {
        await().atMost(WAIT).until(() -> redis.value(String.class).get(RedisKeys.workerStatus(identity.id()))
                .await().atMost(WAIT) != null);
        var status = Codec.WORKER_STATUS.decode(redis.value(String.class).get(RedisKeys.workerStatus(identity.id()))
                .await().atMost(WAIT));
        assertThat(status.pool()).isEqualTo(pool());
        assertThat(status.backendKind()).isEqualTo("scripted");
        assertThat(status.backendReachable()).isTrue();
        assertThat(status.capacity()).isEqualTo(1);
        assertThat(status.models()).extracting(m -> m.name()).containsExactly("scripted");
        long ttl = redis.key(String.class).ttl(RedisKeys.workerStatus(identity.id())).await().atMost(WAIT);
        assertThat(ttl).isBetween(1L, 10L);
    }
}
