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
}
