package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class KeepAliveTest {

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("null", Optional.empty()),
                arguments("300", Optional.of(Duration.ofMinutes(5))),
                arguments("\"10\"", Optional.of(Duration.ofSeconds(10))),
                arguments("\"5m\"", Optional.of(Duration.ofMinutes(5))),
                arguments("\"1h30m\"", Optional.of(Duration.ofMinutes(90))),
                arguments("\"1.5s\"", Optional.of(Duration.ofMillis(1500))),
                arguments("0", Optional.of(Duration.ZERO)),
                arguments("\"0s\"", Optional.of(Duration.ZERO)),
                arguments("-1", Optional.of(KeepAlive.FOREVER)),
                arguments("\"-1m\"", Optional.of(KeepAlive.FOREVER)),
                arguments("\"soon\"", Optional.empty()),
                arguments("\"5m later\"", Optional.empty()),
                arguments("true", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void readsOllamaKeepAlive(String json, Optional<Duration> expected) throws Exception {
        JsonNode node = new ObjectMapper().readTree(json);

        assertThat(KeepAlive.parse(node)).isEqualTo(expected);
    }
}
