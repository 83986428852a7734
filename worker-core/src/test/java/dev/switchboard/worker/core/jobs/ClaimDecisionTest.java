package dev.switchboard.worker.core.jobs;

import dev.switchboard.messaging.JobState;
import dev.switchboard.worker.core.jobs.ClaimDecision.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimDecisionTest {

    private static final String ME = "w-me";

    @ParameterizedTest(name = "owner {0}, done {1}, streamed {2}, cancelled {3}, running here {4}, alive {5}, waited out {6} -> {7}")
    @CsvSource(nullValues = "none", value = {
            // The lease ran out (or nobody ever held it): claim it, the claim script checks the cancel mark.
            "none,   false, false, false, false, false, false, CLAIM",
            "none,   false, false, true,  false, false, false, CLAIM",
            // A finished job never runs again, whoever held it and whatever else holds.
            "w-1,    true,  false, false, false, false, false, SKIP",
            "w-me,   true,  false, false, false, false, false, SKIP",
            "w-1,    true,  false, true,  false, false, true,  SKIP",
            // Part of the answer went out: running it again would repeat it.
            "w-1,    false, true,  false, false, false, false, SKIP",
            "w-me,   false, true,  false, false, false, false, SKIP",
            "none,   false, true,  false, false, false, false, SKIP",
            // The owner died before answering: its claim moves here.
            "w-1,    false, false, false, false, false, false, TAKE_OVER",
            "w-1,    false, false, false, false, false, true,  TAKE_OVER",
            // ... unless the job was cancelled meanwhile: nobody else will record it.
            "w-1,    false, false, true,  false, false, false, RECORD_CANCELLED",
            // The owner lives, its lease fresh: wait for it, until a whole lease went by.
            "w-1,    false, false, false, false, true,  false, WAIT",
            "w-1,    false, false, false, false, true,  true,  SKIP",
            // A living owner that was cancelled stops the job and records it.
            "w-1,    false, false, true,  false, true,  false, SKIP",
            // This worker's own claim: it runs the job now (a second delivery), or an earlier run of it stopped.
            "w-me,   false, false, false, true,  false, false, SKIP",
            "w-me,   false, false, false, false, false, false, TAKE_OVER",
            "w-me,   false, false, false, false, true,  false, TAKE_OVER",
            "w-me,   false, false, true,  false, false, false, RECORD_CANCELLED",
    })
    void decides(String owner, boolean done, boolean streamed, boolean cancelled, boolean runningHere, boolean alive,
                 boolean waitedOut, Action expected) {
        JobState.Seen seen = new JobState.Seen(owner, done, streamed, cancelled);
        assertThat(ClaimDecision.decide(seen, ME, runningHere, alive, waitedOut)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "owner {0}, done {1}, streamed {2} -> asks liveness {3}")
    @CsvSource(nullValues = "none", value = {
            "w-1,  false, false, true",
            "w-me, false, false, false",
            "none, false, false, false",
            "w-1,  true,  false, false",
            "w-1,  false, true,  false",
    })
    void asksWhetherTheOwnerLivesOnlyWhenItMatters(String owner, boolean done, boolean streamed, boolean asks) {
        assertThat(ClaimDecision.asksLiveness(new JobState.Seen(owner, done, streamed, false), ME)).isEqualTo(asks);
    }
}
