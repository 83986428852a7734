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
    void aReportOfAnEarlierRunWithoutPerTokenFiguresHasNone() {
        assertThat(level(null, null).pathCpuPerToken("gateway")).isNaN();
    }

    private static LevelResult level(Map<String, Double> cpuPerToken, Map<String, String> processPath) {
        return new LevelResult(64, "paired", 192, 4.0, 3.0, null, null, null, null, null, Map.of(), cpuPerToken, processPath,
                LevelResult.SimulatorCounts.UNKNOWN);
    }
}
