package dev.switchboard.session.conversation.service;

import dev.switchboard.contract.event.Usage;
import dev.switchboard.session.conversation.repository.AppliedJobRepository;
import dev.switchboard.session.conversation.repository.ConversationEntity;
import dev.switchboard.session.conversation.repository.ConversationRepository;
import dev.switchboard.session.conversation.repository.MessageEntity;
import dev.switchboard.session.conversation.repository.MessageRepository;
import dev.switchboard.session.conversation.transcript.MergePlan;
import dev.switchboard.session.conversation.transcript.Titles;
import dev.switchboard.session.conversation.transcript.TranscriptMerge;
import dev.switchboard.session.conversation.transcript.Turn;
import dev.switchboard.session.conversation.transcript.TurnMessage;
import dev.switchboard.session.conversation.transcript.TurnOutcome;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Stores one completion's turn in its conversation, in one transaction: the job is claimed in
 * {@code applied_job}, so a redelivered record changes nothing, and the conversation row is locked,
 * so turns of one conversation apply one after the other even across instances.
 *
 * <p>A conversation belongs to the API key that made it. A turn whose conversation id names another
 * key's conversation (an id guessed, or a hint such as OpenAI's {@code user} that two keys share)
 * never goes into it: it is filed in its own key's conversation {@code <id>@<key id>}
 * ({@code <id>@open} without a key), which that key lists and continues like any other.
 */
@ApplicationScoped
public class TurnRecorder {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final AppliedJobRepository appliedJobs;

    public TurnRecorder(ConversationRepository conversations, MessageRepository messages,
                        AppliedJobRepository appliedJobs) {
        this.conversations = conversations;
        this.messages = messages;
        this.appliedJobs = appliedJobs;
    }

    /**
     * What storing a turn did.
     *
     * @param duplicate  the job was applied before; nothing changed
     * @param appended   messages added to the transcript
     * @param superseded stored messages the client's history replaced
     */
    public record Recorded(boolean duplicate, int appended, int superseded) {

        static final Recorded DUPLICATE = new Recorded(true, 0, 0);
    }

    @WithTransaction
    public Uni<Recorded> record(Turn turn) {
        return appliedJobs.claim(turn.jobId(), turn.conversationId(), Instant.now())
                .chain(claimed -> claimed ? apply(turn) : Uni.createFrom().item(Recorded.DUPLICATE));
    }

    private Uni<Recorded> apply(Turn turn) {
        if (turn.exchange() != null) {
            return applyExchangeTurn(turn);
        }
        return conversationOf(turn)
                .chain(conversation -> messages.shownRefs(conversation.id).chain(stored -> {
                    MergePlan plan = TranscriptMerge.plan(stored,
                            turn.messages().stream().map(TurnMessage::fingerprint).toList());
                    return messages.supersede(conversation.id, plan.supersede())
                            .chain(() -> append(conversation, turn, plan))
                            .map(appended -> {
                                update(conversation, turn, appended, plan.supersede().size());
                                return new Recorded(false, appended.size(), plan.supersede().size());
                            });
                }));
    }

    /**
     * A turn of a multi-model exchange: never an edit of the conversation (each participant sees a
     * history of its own). The user's message it answers is filed once, under the exchange's prompt
     * id, before the first turn answering it that is filed; then the answer, with its speaker.
     */
    private Uni<Recorded> applyExchangeTurn(Turn turn) {
        String promptId = turn.exchange().promptId();
        return conversationOf(turn)
                .chain(conversation -> messages.hasJob(conversation.id, promptId).chain(prompted -> {
                    List<MessageEntity> rows = new ArrayList<>();
                    List<TurnMessage> fresh = new ArrayList<>();
                    for (TurnMessage message : turn.messages()) {
                        if (!message.answer() && prompted) {
                            continue;
                        }
                        MessageEntity row = row(conversation, turn, message);
                        if (message.answer()) {
                            row.speaker = turn.exchange().speaker();
                        } else {
                            row.jobId = promptId;
                        }
                        rows.add(row);
                        fresh.add(message);
                    }
                    return (rows.isEmpty() ? Uni.createFrom().voidItem() : messages.persist(rows)).map(ignored -> {
                        update(conversation, turn, fresh, 0);
                        return new Recorded(false, fresh.size(), 0);
                    });
                }));
    }

    /** The turn's conversation, made if new, and locked: the one it names when that is its key's, else its key's own. */
    private Uni<ConversationEntity> conversationOf(Turn turn) {
        return locked(turn.conversationId(), turn).chain(named -> Objects.equals(named.apiKeyId, turn.apiKeyId())
                ? Uni.createFrom().item(named)
                : locked(ownedBy(turn.conversationId(), turn.apiKeyId()), turn));
    }

    /** The id under which a key's turns are filed when the conversation id they name is another key's. */
    private static String ownedBy(String conversationId, String apiKeyId) {
        return conversationId + "@" + (apiKeyId == null ? "open" : apiKeyId);
    }

    private Uni<ConversationEntity> locked(String id, Turn turn) {
        return conversations.createIfAbsent(id, turn.source(), turn.apiKeyId(), turn.startedAt()).chain(() -> conversations.lock(id));
    }

    private Uni<List<TurnMessage>> append(ConversationEntity conversation, Turn turn, MergePlan plan) {
        List<TurnMessage> fresh = turn.messages().subList(plan.appendFrom(), turn.messages().size());
        List<MessageEntity> rows = new ArrayList<>(fresh.size());
        for (TurnMessage message : fresh) {
            rows.add(row(conversation, turn, message));
        }
        Uni<Void> marked = Uni.createFrom().voidItem();
        // A job cut short before any output has no answer to carry how it ended: the message it
        // was answering carries it instead, rather than an invented empty answer.
        if (!turn.answered() && turn.outcome().partial()) {
            if (!rows.isEmpty()) {
                markUnanswered(rows.getLast(), turn.outcome());
            } else if (plan.lastPosition() >= 0) {
                marked = messages.at(conversation.id, plan.lastPosition())
                        .invoke(row -> markUnanswered(row, turn.outcome()))
                        .replaceWithVoid();
            }
        }
        return marked.chain(() -> rows.isEmpty() ? Uni.createFrom().voidItem() : messages.persist(rows))
                .replaceWith(fresh);
    }

    private static MessageEntity row(ConversationEntity conversation, Turn turn, TurnMessage message) {
        MessageEntity row = new MessageEntity();
        row.conversationId = conversation.id;
        row.position = conversation.nextPosition++;
        row.role = message.role().wireName();
        row.content = message.contentJson();
        row.text = message.text();
        row.fingerprint = message.fingerprint();
        row.jobId = turn.jobId();
        if (message.answer()) {
            TurnOutcome outcome = turn.outcome();
            Usage usage = turn.usage();
            row.model = turn.model();
            row.inputTokens = usage.inputTokens();
            row.cachedInputTokens = usage.cachedInputTokens();
            row.outputTokens = usage.outputTokens();
            row.stopReason = outcome.stopReason();
            row.partial = outcome.partial();
            row.errorType = outcome.errorType();
            row.errorMessage = outcome.errorMessage();
            row.createdAt = turn.finishedAt();
        } else {
            row.createdAt = turn.startedAt();
        }
        return row;
    }

    private static void markUnanswered(MessageEntity row, TurnOutcome outcome) {
        row.stopReason = outcome.stopReason();
        row.errorType = outcome.errorType();
        row.errorMessage = outcome.errorMessage();
    }

    private static void update(ConversationEntity conversation, Turn turn, List<TurnMessage> appended, int superseded) {
        Usage usage = turn.usage();
        conversation.inputTokens += usage.inputTokens();
        conversation.cachedInputTokens += usage.cachedInputTokens();
        conversation.outputTokens += usage.outputTokens();
        String[] models = conversation.models == null ? new String[0] : conversation.models;
        if (turn.model() != null && !Arrays.asList(models).contains(turn.model())) {
            models = Arrays.copyOf(models, models.length + 1);
            models[models.length - 1] = turn.model();
            conversation.models = models;
        }
        if (conversation.title == null && !conversation.titleSetByUser) {
            conversation.title = Titles.derive(appended).orElse(null);
        }
        conversation.messageCount += appended.size() - superseded;
        if (turn.finishedAt().isAfter(conversation.updatedAt)) {
            conversation.updatedAt = turn.finishedAt();
        }
    }
}
