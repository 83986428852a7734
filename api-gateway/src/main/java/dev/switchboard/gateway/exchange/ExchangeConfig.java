package dev.switchboard.gateway.exchange;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Multi-model exchanges ({@code POST /api/chat/multi-model}). */
@ConfigMapping(prefix = "switchboard.multi-model")
public interface ExchangeConfig {

    /** The most rounds one request may ask for (a round: every participant speaks once). */
    @WithDefault("10")
    int maxRounds();

    /** The most participants one exchange may have. */
    @WithDefault("6")
    int maxParticipants();

    /** A participant's longest turn, in tokens, unless it sets {@code max_tokens}. */
    @WithDefault("1024")
    int defaultMaxTokens();

    /** How long an exchange's events and state are kept after its last event, for re-attaching and continuing. */
    @WithDefault("1h")
    Duration retention();

    default ExchangeRequest.Limits limits() {
        return new ExchangeRequest.Limits(maxRounds(), maxParticipants(), defaultMaxTokens());
    }
}
