package dev.switchboard.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LevelResultTest {

    @Test
    void aPathsCpuPerTokenIsTheSumOverTheProcessesThatServeIt() {
        LevelResult level = level(Map.of("api-gateway", 60.0, "worker-ollama", 70.0, "kafka", 20.0, "ccr", 65.0),
                Map.of("api-gateway", "gateway", "worker-ollama", "gateway", "kafka", "gateway", "ccr", "ccr"));

        assertThat(level.pathCpuPerToken("gateway")).isEqualTo(150.0);
        assertThat(level.pathCpuPerToken("ccr")).isEqualTo(65.0);
        assertThat(level.pathCpuPerToken("direct")).isNaN();
    }

    @Test
    void aPathsCpuPerRequestCountsTheServicesThatStoreItsRecordsButItsCpuPerTokenDoesNot() {
        LevelResult level = new LevelResult(16, "paired", 160, 4.0, 3.0, null, null, null, null, null, Map.of(),
                Map.of("api-gateway", 60.0, "kafka", 20.0),
                Map.of("api-gateway", "gateway", "kafka", "gateway", "session-service", "gateway", "ccr", "ccr"),
                LevelResult.SimulatorCounts.UNKNOWN,
                Map.of("api-gateway", 3_000.0, "kafka", 1_000.0, "session-service", 500.0, "ccr", 2_000.0));

        assertThat(level.pathCpuPerToken("gateway")).isEqualTo(80.0);
        assertThat(level.pathCpuPerRequest("gateway")).isEqualTo(4_500.0);
        assertThat(level.pathCpuPerRequest("ccr")).isEqualTo(2_000.0);
    }

    @Test
    void aReportOfAnEarlierRunWithoutPerTokenFiguresHasNone() {
        assertThat(level(null, null).pathCpuPerToken("gateway")).isNaN();
        assertThat(level(null, null).pathCpuPerRequest("gateway")).isNaN();
    }

    private static LevelResult level(Map<String, Double> cpuPerToken, Map<String, String> processPath) {
        return new LevelResult(64, "paired", 192, 4.0, 3.0, null, null, null, null, null, Map.of(), cpuPerToken, processPath,
                LevelResult.SimulatorCounts.UNKNOWN, null);
    }
}
