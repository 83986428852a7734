package dev.switchboard.contract.job;

/**
 * Where a job stands in a multi-model exchange: which exchange, which of its turns, and who speaks.
 * Session-service files the job's completion as that speaker's turn of the exchange, not as an
 * edit of the conversation (each participant of an exchange sees a history of its own).
 *
 * @param exchangeId the exchange's id, as {@code exchange_start} names it
 * @param turn       the turn's number in the exchange, from 1
 * @param speaker    the participant's name (the model is the job's requested model)
 * @param request    which of the user's messages to the exchange the turn answers, from 1 (the opening)
 * @param prompt     that message of the user, filed once before the first turn that answers it
 */
public record ExchangeTurn(String exchangeId, int turn, String speaker, int request, String prompt) {

    /** The id under which the user's message this turn answers is filed, the same for every turn answering it. */
    public String promptId() {
        return exchangeId + "/" + request;
    }
}
