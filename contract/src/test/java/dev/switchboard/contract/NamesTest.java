package dev.switchboard.contract;

import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.worker.WorkerStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @Test
    void topicNames() {
        assertThat(Topics.jobs("ollama")).isEqualTo("llm.jobs.ollama");
        assertThat(Topics.deadLetter(Topics.COMPLETIONS)).isEqualTo("llm.completions.dlq");
        assertThatThrownBy(() -> Topics.jobs("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.jobs(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redisNamesAreNamespaced() {
        assertThat(RedisKeys.replyChannel("gw-1")).isEqualTo("switchboard:reply:gw-1");
        assertThat(RedisKeys.workerStatus("w")).startsWith("switchboard:worker:");
        assertThat("switchboard:worker:w").matches(RedisKeys.workerStatusPattern().replace("*", ".*"));
    }

    @Test
    void loadIsInFlightOverCapacity() {
        var half = new WorkerStatus(1, "w", "p", "ollama", "u", true, List.of(), 2, 4, Instant.EPOCH);
        var noCapacity = new WorkerStatus(1, "w", "p", "ollama", "u", true, List.of(), 0, 0, Instant.EPOCH);
        assertThat(half.load()).isEqualTo(0.5);
        assertThat(noCapacity.load()).isEqualTo(1.0);
    }

    @Test
    void tokensPerSecondCountTheStreamAfterTheFirstToken() {
        assertThat(new Timings(0, 100L, 1100).outputTokensPerSecond(11)).isEqualTo(10.0);
        assertThat(new Timings(0, null, 1100).outputTokensPerSecond(11)).isNull();
        assertThat(new Timings(0, 100L, 1100).outputTokensPerSecond(1)).isNull();
    }

    @Test
    void idsHaveAnthropicsShapeAndDoNotRepeat() {
        assertThat(Ids.message()).matches("msg_[0-9A-Za-z]{24}");
        assertThat(Ids.toolUse()).matches("toolu_[0-9A-Za-z]{24}");
        assertThat(Ids.request()).matches("req_[0-9A-Za-z]{24}");
        assertThat(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> Ids.message()).distinct()).hasSize(1000);
    }
}
