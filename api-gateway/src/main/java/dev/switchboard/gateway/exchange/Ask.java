package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.contract.Ids;
import dev.switchboard.contract.json.Json;

import java.io.UncheckedIOException;

/**
 * One message of the user to an exchange, as its custodian takes it up: the request its
 * {@code exchange_start} answers (the event carries the id as {@code request_id}). Kept in Redis as
 * JSON, in the exchange's inbox while it waits and in hand while it is answered.
 *
 * @param id        the request's id, which its client follows
 * @param message   what the user said
 * @param rounds    how many rounds answer it (side by side: one answer of each participant)
 * @param cancelled whether the exchange was stopped while the message waited: it is answered with
 *                  an {@code exchange_start} and at once an {@code exchange_end} ({@code cancelled})
 */
public record Ask(String id, String message, int rounds, boolean cancelled) {

    static Ask of(ExchangeRequest.Continuation message) {
        return new Ask(Ids.request(), message.message(), message.rounds(), false);
    }

    String json() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request kept as JSON; null when there is none, or it cannot be read. */
    static Ask read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, Ask.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
