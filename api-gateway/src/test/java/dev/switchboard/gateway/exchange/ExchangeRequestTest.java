package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.front.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeRequestTest {

    private static final ExchangeRequest.Limits LIMITS = new ExchangeRequest.Limits(5, 3, 512);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExchangeRequest read(String json) throws Exception {
        return ExchangeRequest.read(JSON.readTree(json), LIMITS);
    }

    @Test
    void aFullRequestIsRead() throws Exception {
        ExchangeRequest request = read("""
                {"participants":[{"model":"m1","name":"Alpha","system":"Be brief.","temperature":0.5,"max_tokens":64},
                                 {"model":"m2","name":"Beta"}],
                 "message":"Hi","mode":"side-by-side","rounds":2,"conversation_id":"c1"}""");

        assertThat(request.participants()).containsExactly(new Participant("m1", "Alpha", "Be brief.", 0.5, 64),
                new Participant("m2", "Beta", null, null, 512));
        assertThat(request.mode()).isEqualTo(ExchangeMode.SIDE_BY_SIDE);
        assertThat(request.rounds()).isEqualTo(2);
        assertThat(request.conversationId()).isEqualTo("c1");
    }

    @Test
    void modeAndRoundsHaveDefaults() throws Exception {
        ExchangeRequest request = read("{\"participants\":[{\"model\":\"m\",\"name\":\"A\"}],\"message\":\"Hi\"}");

        assertThat(request.mode()).isEqualTo(ExchangeMode.CONVERSATION);
        assertThat(request.rounds()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no participants      | {\"message\":\"Hi\"}                                                                          | participants: field required",
            "zero participants    | {\"participants\":[],\"message\":\"Hi\"}                                                       | participants: must hold at least one participant",
            "too many             | {\"participants\":[{\"model\":\"m\",\"name\":\"A\"},{\"model\":\"m\",\"name\":\"B\"},{\"model\":\"m\",\"name\":\"C\"},{\"model\":\"m\",\"name\":\"D\"}],\"message\":\"Hi\"} | participants: at most 3",
            "duplicate names      | {\"participants\":[{\"model\":\"m\",\"name\":\"Alpha\"},{\"model\":\"n\",\"name\":\"alpha\"}],\"message\":\"Hi\"} | participants.1.name: 'alpha' is taken",
            "no model             | {\"participants\":[{\"name\":\"A\"}],\"message\":\"Hi\"}                                       | participants.0.model: field required",
            "a name with a colon  | {\"participants\":[{\"model\":\"m\",\"name\":\"A: B\"}],\"message\":\"Hi\"}                   | participants.0.name: must be one line",
            "no message           | {\"participants\":[{\"model\":\"m\",\"name\":\"A\"}]}                                         | message: field required",
            "unknown mode         | {\"participants\":[{\"model\":\"m\",\"name\":\"A\"}],\"message\":\"Hi\",\"mode\":\"debate\"} | mode: expected 'conversation' or 'side-by-side'",
            "too many rounds      | {\"participants\":[{\"model\":\"m\",\"name\":\"A\"}],\"message\":\"Hi\",\"rounds\":6}        | rounds: must be between 1 and 5 (SWITCHBOARD_MULTI_MODEL_MAX_ROUNDS), got 6",
            "zero rounds          | {\"participants\":[{\"model\":\"m\",\"name\":\"A\"}],\"message\":\"Hi\",\"rounds\":0}        | rounds: must be between 1 and 5",
            "a hot temperature    | {\"participants\":[{\"model\":\"m\",\"name\":\"A\",\"temperature\":3}],\"message\":\"Hi\"}   | participants.0.temperature: must be between 0 and 2",
    })
    void badRequestsSayWhatToFix(String what, String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(message);
    }
}
