package dev.switchboard.contract;

import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecCompatibilityTest {

    @Test
    void fieldsAddedByANewerWriterOfTheSameVersionAreIgnored() {
        var event = Codec.EVENT.decode("""
                {"type":"text","schemaVersion":1,"jobId":"j","seq":7,"text":"hi","addedLater":{"x":1}}""");
        assertThat(event).isEqualTo(new StreamEvent.TextDelta("j", 7, "hi"));
    }

    @Test
    void aNewerSchemaVersionIsRefused() {
        assertThatThrownBy(() -> Codec.EVENT.decode("""
                {"type":"text","schemaVersion":2,"jobId":"j","seq":7,"text":"hi"}"""))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("schema version 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "{\"type\":\"text\"",
            "{\"type\":\"nonsense\",\"schemaVersion\":1}",
            "{\"schemaVersion\":1,\"jobId\":\"j\"}",
            "[]",
            "{\"type\":\"done\",\"schemaVersion\":1,\"jobId\":\"j\",\"seq\":1,\"stopReason\":\"sleepy\"}",
            "{\"type\":\"tool_call\",\"schemaVersion\":1,\"jobId\":\"j\",\"seq\":1,\"id\":\"t\",\"name\":\"n\",\"input\":[1]}"
    })
    void brokenRecordsAreRefusedWithAReadableException(String json) {
        assertThatThrownBy(() -> Codec.EVENT.decode(json)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void aJobIsKeyedByItsConversationElseItsId() {
        var job = Samples.job();
        assertThat(job.kafkaKey()).isEqualTo("session-1");
        var anonymous = new dev.switchboard.contract.job.GenerationJob(job.schemaVersion(), "msg_9", null, job.clientKind(),
                job.requestedModel(), job.model(), job.pool(), job.replyChannel(), job.createdAt(), job.deadline(),
                job.request(), null);
        assertThat(anonymous.kafkaKey()).isEqualTo("msg_9");
    }

    @Test
    void aJobWrittenBeforeResponseFormatSeedAndKeepAliveReadsAsWithoutThem() {
        var job = Codec.JOB.decode("""
                {"schemaVersion":1,"jobId":"msg_1","clientKind":"anthropic","requestedModel":"m","model":"m","pool":"p",
                 "replyChannel":"r","createdAt":"2026-11-21T10:15:30Z","request":{"messages":[{"role":"user",
                 "content":[{"type":"text","text":"hi"}]}],"sampling":{"maxTokens":5}}}""");
        assertThat(job.request().responseFormat()).isNull();
        assertThat(job.request().keepAlive()).isNull();
        assertThat(job.request().sampling().seed()).isNull();
    }

    @Test
    void aJsonObjectResponseFormatSurvivesARoundTrip() {
        var sample = Samples.job();
        var request = sample.request();
        var json = new dev.switchboard.contract.chat.ChatRequest(request.system(), request.messages(), request.tools(),
                request.toolChoice(), request.sampling(), new dev.switchboard.contract.chat.ResponseFormat.JsonObject(), null);
        var job = new dev.switchboard.contract.job.GenerationJob(sample.schemaVersion(), sample.jobId(), sample.conversationId(),
                sample.clientKind(), sample.requestedModel(), sample.model(), sample.pool(), sample.replyChannel(),
                sample.createdAt(), sample.deadline(), json, null);
        assertThat(Codec.JOB.decode(Codec.JOB.encode(job))).isEqualTo(job);
        assertThat(new String(Codec.JOB.encode(job), java.nio.charset.StandardCharsets.UTF_8)).contains("\"responseFormat\":{\"type\":\"json_object\"}");
    }
}
