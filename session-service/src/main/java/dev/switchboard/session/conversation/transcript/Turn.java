package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ExchangeTurn;
import dev.switchboard.session.conversation.Source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One completion, prepared for storing: the client's messages of this request followed by the
 * assistant's answer when there is one. Preparing (sanitising, serialising, fingerprinting) is
 * CPU work on records of several MB, so it happens before the database transaction.
 *
 * @param apiKeyId   the API key the client used, or null
 * @param model      the model that answered, or the requested one when none did
 * @param startedAt  when the gateway accepted the request
 * @param finishedAt when the job ended
 * @param exchange   the turn of a multi-model exchange the job was, or null: then {@code messages} are
 *                   the user's message it answers and the answer, not the participant's own history
 */
public record Turn(String jobId, String conversationId, Source source, String apiKeyId, String model, Usage usage,
                   Instant startedAt, Instant finishedAt, List<TurnMessage> messages, TurnOutcome outcome,
                   ExchangeTurn exchange) {

    public Turn {
        messages = List.copyOf(messages);
    }

    /**
     * @param now stands in for times the record lacks
     * @throws InvalidCompletionException when the record cannot make a turn
     */
    public static Turn of(Completion completion, Instant now) {
        if (completion.jobId() == null || completion.jobId().isBlank()) {
            throw new InvalidCompletionException("the completion has no job id");
        }
        if (completion.status() == null) {
            throw new InvalidCompletionException("the completion of job " + completion.jobId() + " has no status");
        }
        String conversationId = completion.conversationId() == null || completion.conversationId().isBlank()
                ? completion.jobId() : completion.conversationId().strip();
        List<TurnMessage> messages = new ArrayList<>(completion.messages().size() + 1);
        ExchangeTurn exchange = completion.exchange();
        if (exchange != null) {
            // What the participant was sent is its own view of the exchange; the conversation keeps the user's words.
            if (exchange.prompt() != null) {
                messages.add(TurnMessage.of(Role.USER, List.of(new ContentBlock.Text(exchange.prompt())), false));
            }
        } else {
            for (Message message : completion.messages()) {
                messages.add(TurnMessage.of(message.role(), message.content(), false));
            }
        }
        if (!completion.output().isEmpty()) {
            messages.add(TurnMessage.of(Role.ASSISTANT, completion.output(), true));
        }
        Instant finishedAt = completion.finishedAt() == null ? now : completion.finishedAt();
        Instant startedAt = completion.createdAt() == null ? finishedAt : completion.createdAt();
        String model = completion.model() != null && !completion.model().isBlank()
                ? completion.model() : completion.requestedModel();
        return new Turn(completion.jobId(), conversationId, Source.of(completion.clientKind()), completion.apiKeyId(), model,
                completion.usage(), startedAt, finishedAt, messages, TurnOutcome.of(completion), exchange);
    }

    /** True when the job produced an answer (possibly partial). */
    public boolean answered() {
        return !messages.isEmpty() && messages.getLast().answer();
    }
}
