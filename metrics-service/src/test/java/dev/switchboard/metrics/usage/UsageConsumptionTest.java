package dev.switchboard.metrics.usage;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.json.Codec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.switchboard.metrics.usage.UsageApi.WAIT;
import static dev.switchboard.metrics.usage.UsageApi.awaitStored;
import static dev.switchboard.metrics.usage.UsageApi.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** From the real llm.completions to PostgreSQL and Prometheus, once per job, with bad records set aside. */
@QuarkusTest
class UsageConsumptionTest {

    private final CompletionsTopic topic = new CompletionsTopic();

    @AfterEach
    void tearDown() {
        topic.close();
    }

    private static String newJobId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aCompletionBecomesAUsageRecordWithEveryMeasure() {
        String model = TestCompletion.uniqueModel("record");
        Completion completion = TestCompletion.of(model).tokens(1200, 1000, 51).timings(40, 300L, 2300).build();

        topic.publish(completion);

        JsonPath record = awaitStored(completion.jobId());
        assertThat(record.getMap("")).containsOnlyKeys("job_id", "finished_at", "created_at", "conversation_id",
                "client_kind", "requested_model", "model", "pool", "worker_id", "api_key_id", "status", "stop_reason",
                "error_type", "input_tokens", "cached_input_tokens", "output_tokens", "ttft_ms", "duration_ms",
                "output_tokens_per_second", "queue_wait_ms");
        assertThat(record.getString("job_id")).isEqualTo(completion.jobId());
        assertThat(record.getString("finished_at")).isEqualTo(completion.finishedAt().toString());
        assertThat(record.getString("conversation_id")).isEqualTo(completion.conversationId());
        assertThat(record.getString("client_kind")).isEqualTo("claude_code");
        assertThat(record.getString("requested_model")).isEqualTo("claude-sonnet-4-5");
        assertThat(record.getString("model")).isEqualTo(model);
        assertThat(record.getString("pool")).isEqualTo("test-pool");
        assertThat(record.getString("worker_id")).isEqualTo("test-worker-1");
        assertThat(record.getString("api_key_id")).isNull();
        assertThat(record.getString("status")).isEqualTo("ok");
        assertThat(record.getString("stop_reason")).isEqualTo("end_turn");
        assertThat(record.getString("error_type")).isNull();
        assertThat(record.getInt("input_tokens")).isEqualTo(1200);
        assertThat(record.getInt("cached_input_tokens")).isEqualTo(1000);
        assertThat(record.getInt("output_tokens")).isEqualTo(51);
        assertThat(record.getLong("ttft_ms")).isEqualTo(300);
        assertThat(record.getLong("duration_ms")).isEqualTo(2300);
        assertThat(record.getDouble("output_tokens_per_second")).isEqualTo(25.0);
        assertThat(record.getLong("queue_wait_ms")).isEqualTo(40);
    }

    @Test
    void aFailedJobOutsideAConversationIsRecordedUnderItsOwnId() {
        Completion completion = TestCompletion.of(TestCompletion.uniqueModel("failed")).conversation(null)
                .failed(CompletionStatus.ERROR, ErrorType.OVERLOADED).timings(5, null, 80).tokens(30, 0, 0).build();

        topic.publish(completion);

        JsonPath record = awaitStored(completion.jobId());
        assertThat(record.getString("conversation_id")).isEqualTo(completion.jobId());
        assertThat(record.getString("status")).isEqualTo("error");
        assertThat(record.getString("error_type")).isEqualTo("overloaded");
        assertThat(record.getString("ttft_ms")).isNull();
        assertThat(record.getString("output_tokens_per_second")).isNull();
    }

    @Test
    void aRedeliveredCompletionChangesNothingAndIsCountedOnce() {
        String model = TestCompletion.uniqueModel("redelivered");
        Completion first = TestCompletion.of(model).tokens(100, 0, 11).build();
        Completion again = new Completion(first.schemaVersion(), first.jobId(), first.conversationId(), first.clientKind(),
                first.requestedModel(), first.model(), first.pool(), first.workerId(), first.apiKeyId(), first.status(),
                first.stopReason(), first.stopSequence(), first.error(), new Usage(999, 0, 99),
                first.timings(), first.createdAt(), first.finishedAt(), first.system(), first.messages(), first.output());
        Completion sentinel = TestCompletion.of(TestCompletion.uniqueModel("sentinel")).build();

        topic.publish(first);
        awaitStored(first.jobId());
        topic.publish(first);
        topic.publish(again);
        // Same key, same partition: once the sentinel is stored, both redeliveries were processed.
        topic.send(first.jobId(), Codec.COMPLETION.encode(sentinel));
        awaitStored(sentinel.jobId());

        assertThat(awaitStored(first.jobId()).getInt("input_tokens")).isEqualTo(100);
        Map<String, String> input = Map.of("gen_ai_response_model", model, "gen_ai_token_type", "input");
        assertThat(sample("gen_ai_client_token_usage_count", input)).contains(1.0);
        assertThat(sample("gen_ai_client_token_usage_sum", input)).contains(100.0);
        assertThat(sample("gen_ai_server_request_duration_seconds_count", Map.of("gen_ai_response_model", model)))
                .contains(1.0);
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextIsStored() {
        String jobId = newJobId();
        byte[] garbage = "{\"schemaVersion\":1,\"jobId\":".getBytes(StandardCharsets.UTF_8);
        Completion next = TestCompletion.of(TestCompletion.uniqueModel("after-garbage")).jobId(jobId).build();

        topic.send(jobId, garbage);
        topic.publish(next);

        awaitStored(jobId);
        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(jobId);
        assertThat(deadLetter.value()).isEqualTo(garbage);
        assertThat(reason(deadLetter)).startsWith("not a valid Completion");
    }

    @Test
    void recordsOfANewerSchemaOrWithoutAJobIdAreDeadLetteredAndConsumptionGoesOn() {
        String key = newJobId();
        String model = TestCompletion.uniqueModel("bad");
        String newer = Codec.COMPLETION.encodeToString(TestCompletion.of(model).build())
                .replace("\"schemaVersion\":1", "\"schemaVersion\":99");
        byte[] withoutJobId = Codec.COMPLETION.encode(TestCompletion.of(model).jobId(null).build());
        Completion next = TestCompletion.of(model).build();

        topic.send(key, newer.getBytes(StandardCharsets.UTF_8));
        topic.send(key, withoutJobId);
        topic.send(key, Codec.COMPLETION.encode(next));

        awaitStored(next.jobId());
        await().atMost(WAIT).until(() -> topic.deadLetters(key).size() == 2);
        List<String> reasons = topic.deadLetters(key).stream().map(UsageConsumptionTest::reason).toList();
        assertThat(reasons).containsExactly(
                "Completion has schema version 99; this reader knows 1 to 1",
                "a completion has no job_id");
    }

    @Test
    void prometheusCarriesTheOpenTelemetryGenAiNames() {
        String model = TestCompletion.uniqueModel("prometheus");
        Completion ok = TestCompletion.of(model).tokens(120, 100, 11).timings(40, 250L, 1250).build();
        Completion failed = TestCompletion.of(model).failed(CompletionStatus.ERROR, ErrorType.OVERLOADED)
                .tokens(30, 0, 0).timings(10, null, 80).build();

        topic.publish(ok);
        topic.publish(failed);
        awaitStored(ok.jobId());
        awaitStored(failed.jobId());

        Map<String, String> okTags = Map.of("gen_ai_operation_name", "chat", "gen_ai_request_model", "claude-sonnet-4-5",
                "gen_ai_response_model", model, "pool", "test-pool", "status", "ok");
        assertThat(sample("gen_ai_client_token_usage_sum", with(okTags, "gen_ai_token_type", "input"))).contains(120.0);
        assertThat(sample("gen_ai_client_token_usage_sum", with(okTags, "gen_ai_token_type", "output"))).contains(11.0);
        assertThat(sample("gen_ai_client_token_usage_bucket",
                with(with(okTags, "gen_ai_token_type", "input"), "le", "256.0"))).contains(1.0);
        assertThat(sample("switchboard_cached_input_tokens_sum", okTags)).contains(100.0);
        assertThat(sample("gen_ai_server_request_duration_seconds_sum", okTags)).contains(1.25);
        assertThat(sample("gen_ai_server_time_to_first_token_seconds_sum", okTags)).contains(0.25);
        assertThat(sample("gen_ai_server_time_per_output_token_seconds_sum", okTags)).contains(0.1);
        assertThat(sample("gen_ai_server_time_per_output_token_seconds_bucket", with(okTags, "le", "0.1"))).contains(1.0);
        assertThat(sample("switchboard_queue_wait_seconds_sum", okTags)).contains(0.04);
        assertThat(sample("switchboard_errors_total", Map.of("gen_ai_response_model", model, "error_type", "overloaded",
                "status", "error"))).contains(1.0);
        assertThat(sample("switchboard_errors_total", Map.of("gen_ai_response_model", model, "status", "ok"))).isEmpty();
        assertThat(sample("gen_ai_server_time_to_first_token_seconds_count",
                Map.of("gen_ai_response_model", model, "status", "error"))).as("no first token, no sample").isEmpty();
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        await().atMost(WAIT).until(() -> !topic.deadLetters(key).isEmpty());
        List<ConsumerRecord<String, byte[]>> found = topic.deadLetters(key);
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(MessagingChannels.DEAD_LETTER_REASON_HEADER).value(),
                StandardCharsets.UTF_8);
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(key, value);
        return more;
    }
}
