package dev.switchboard.contract.job;

/**
 * Where a job stands in a multi-model exchange: which exchange, which of its turns, and who speaks.
 * Session-service files the job's completion as that speaker's turn of the exchange, not as an
 * edit of the conversation (each participant of an exchange sees a history of its own).
 *
 * @param exchangeId the exchange's id, as {@code exchange_start} names it
 * @param turn       the turn's number in the exchange, from 1
 * @param speaker    the participant's name (the model is the job's requested model)
 */
public record ExchangeTurn(String exchangeId, int turn, String speaker) {
}
