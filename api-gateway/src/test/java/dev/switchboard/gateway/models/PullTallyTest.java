package dev.switchboard.gateway.models;

import dev.switchboard.contract.model.PullProgress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PullTallyTest {

    private static final String DIGEST = "sha256:6a0746a1ec1a";

    @Test
    void oneServersLinesPassUnchanged() {
        PullTally tally = new PullTally(List.of("http://a"));

        assertThat(tally.on("http://a", PullProgress.step("pulling manifest"))).contains(PullProgress.step("pulling manifest"));
        assertThat(tally.on("http://a", new PullProgress("pulling 6a07", DIGEST, 100L, 40L)))
                .contains(new PullProgress("pulling 6a07", DIGEST, 100L, 40L));
        assertThat(tally.on("http://a", PullProgress.step("success"))).contains(PullProgress.step("success"));
    }

    @Test
    void severalServersAddUpTheirLayersTellEachStepOnceAndSucceedTogether() {
        PullTally tally = new PullTally(List.of("http://a", "http://b"));

        assertThat(tally.on("http://a", PullProgress.step("pulling manifest"))).contains(PullProgress.step("pulling manifest"));
        assertThat(tally.on("http://b", PullProgress.step("pulling manifest"))).isEmpty();
        assertThat(tally.on("http://a", new PullProgress("pulling 6a07", DIGEST, 100L, null)))
                .contains(new PullProgress("pulling 6a07", DIGEST, 100L, 0L));
        assertThat(tally.on("http://b", new PullProgress("pulling 6a07", DIGEST, 100L, 30L)))
                .contains(new PullProgress("pulling 6a07", DIGEST, 200L, 30L));
        assertThat(tally.on("http://a", new PullProgress("pulling 6a07", DIGEST, 100L, 100L)))
                .contains(new PullProgress("pulling 6a07", DIGEST, 200L, 130L));
        assertThat(tally.on("http://a", PullProgress.step("success"))).isEmpty();
        assertThat(tally.finished("http://a")).isEmpty();
        assertThat(tally.on("http://b", PullProgress.step("success"))).isEqualTo(Optional.of(PullProgress.step("success")));
    }
}
