package dev.switchboard.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void thePeerItsModelAndTheWatchedProcessesAreRead() {
        BenchOptions options = BenchOptions.parse("--peer", "ccr=http://127.0.0.1:3456", "--peer-model", "simulator,qwen2.5-coder:7b",
                "--process", "kafka=12", "--process", "ccr=34");

        assertThat(options.peer()).isEqualTo(new BenchOptions.Peer("ccr", URI.create("http://127.0.0.1:3456")));
        assertThat(options.peerModel()).isEqualTo("simulator,qwen2.5-coder:7b");
        assertThat(options.processes()).containsExactly(Map.entry("kafka", 12L), Map.entry("ccr", 34L));
    }

    @Test
    void withoutAPeerThereAreTwoPathsAndTheIssuesWorkload() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.peer()).isNull();
        assertThat(options.directive()).isEqualTo("[[sim tokens=64 ttft_ms=20 tps=200.0]]");
    }

    @Test
    void keysAreOffUnlessAsked() {
        assertThat(BenchOptions.parse().keys()).isFalse();
        assertThat(BenchOptions.parse("--keys", "--concurrency", "1,16").keys()).isTrue();
    }

    @Test
    void aPeerNeedsItsModelAndPairsNeedAName() {
        assertThatThrownBy(() -> BenchOptions.parse("--peer", "ccr=http://127.0.0.1:3456"))
                .hasMessageContaining("--peer-model");
        assertThatThrownBy(() -> BenchOptions.parse("--process", "=12")).hasMessageContaining("name=value");
        assertThatThrownBy(() -> BenchOptions.parse("--process", "kafka=")).hasMessageContaining("name=value");
    }

    @Test
    void roundsSetTheLeastRequestsOfALevel() {
        BenchOptions options = BenchOptions.parse("--requests-per-level", "100", "--rounds", "30");

        assertThat(options.requestsAt(1)).isEqualTo(100);
        assertThat(options.requestsAt(16)).isEqualTo(480);
        assertThat(BenchOptions.parse().requestsAt(64)).isEqualTo(192);
    }
}
