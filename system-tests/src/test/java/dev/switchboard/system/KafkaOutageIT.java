package dev.switchboard.system;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka down: new requests get a clear overloaded error within 5 s, readiness says why, and the suite recovers by itself. */
class KafkaOutageIT {

    @Test
    void withKafkaDownRequestsFailFastAndTheSuiteRecoversWhenItReturns() throws Exception {
        assertThat(Outages.ask().statusCode()).isEqualTo(200);
        Suite.infra("stop-one", "kafka");
        long returned;
        try {
            Outages.refusedQuickly("Kafka", Duration.ofSeconds(6));
        } finally {
            Suite.infra("start-one", "kafka");
            returned = System.nanoTime();
        }
        Outages.recovered("Kafka", returned);
    }
}
