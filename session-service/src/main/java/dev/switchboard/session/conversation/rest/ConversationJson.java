package dev.switchboard.session.conversation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.session.conversation.export.AnthropicContent;
import dev.switchboard.session.conversation.service.Conversation;
import dev.switchboard.session.conversation.service.ConversationMessage;
import dev.switchboard.session.conversation.service.ConversationPage;
import dev.switchboard.session.conversation.service.Transcript;

import java.time.Instant;
import java.util.List;

/** The REST API's JSON: snake_case names, content blocks in Anthropic's shape. */
public final class ConversationJson {

    private ConversationJson() {
    }

    /**
     * A conversation; {@code messages} only when one conversation is asked for.
     *
     * @param usage tokens of all its jobs
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConversationView(String id, String title, String source, List<String> models, boolean archived,
                                   TokensView usage, int messageCount, Instant createdAt, Instant updatedAt,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) List<MessageView> messages) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TokensView(long inputTokens, long cachedInputTokens, long outputTokens) {
    }

    /**
     * @param content the message's content blocks in Anthropic's shape
     * @param speaker who said it in a multi-model exchange ({@code name}, {@code model}); absent otherwise
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MessageView(int position, String role, JsonNode content, String model, String jobId, TokensView usage,
                              String stopReason, boolean partial, ErrorView error, Instant createdAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) SpeakerView speaker) {
    }

    public record SpeakerView(String name, String model) {
    }

    public record ErrorView(String type, String message) {
    }

    public record PageView(List<ConversationView> items, int page, int size, long total) {
    }

    public static ConversationView of(Conversation conversation) {
        return view(conversation, null);
    }

    public static ConversationView of(Transcript transcript) {
        return view(transcript.conversation(), transcript.messages().stream().map(ConversationJson::of).toList());
    }

    public static PageView of(ConversationPage page) {
        return new PageView(page.items().stream().map(ConversationJson::of).toList(), page.page(), page.size(), page.total());
    }

    private static ConversationView view(Conversation conversation, List<MessageView> messages) {
        Conversation.TokenTotals tokens = conversation.tokens();
        return new ConversationView(conversation.id(), conversation.title(), conversation.source().wireName(),
                conversation.models(), conversation.archived(),
                new TokensView(tokens.inputTokens(), tokens.cachedInputTokens(), tokens.outputTokens()),
                conversation.messageCount(), conversation.createdAt(), conversation.updatedAt(), messages);
    }

    private static MessageView of(ConversationMessage message) {
        Usage usage = message.usage();
        return new MessageView(message.position(), message.role().wireName(), AnthropicContent.of(message.content()),
                message.model(), message.jobId(),
                usage == null ? null : new TokensView(usage.inputTokens(), usage.cachedInputTokens(), usage.outputTokens()),
                message.stopReason(), message.partial(),
                message.error() == null ? null : new ErrorView(message.error().type(), message.error().message()),
                message.createdAt(), message.speaker() == null ? null : new SpeakerView(message.speaker(), message.model()));
    }
}
