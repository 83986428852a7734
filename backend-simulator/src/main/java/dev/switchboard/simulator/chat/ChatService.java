package dev.switchboard.simulator.chat;

import dev.switchboard.simulator.config.SimulatorConfig;
import dev.switchboard.simulator.http.JsonReplies;
import dev.switchboard.simulator.http.RequestIds;
import dev.switchboard.simulator.model.SimModel;
import dev.switchboard.simulator.script.Behaviour;
import dev.switchboard.simulator.script.DirectiveException;
import dev.switchboard.simulator.script.DirectiveParser;
import dev.switchboard.simulator.script.Failure;
import dev.switchboard.simulator.script.HeaderDirectives;
import dev.switchboard.simulator.script.Overrides;
import dev.switchboard.simulator.script.ParsedText;
import dev.switchboard.simulator.script.ReplyPlan;
import dev.switchboard.simulator.script.ReplyPlanner;
import dev.switchboard.simulator.script.ReplySpec;
import dev.switchboard.simulator.script.Thinking;
import dev.switchboard.simulator.script.ToolSpec;
import dev.switchboard.simulator.stats.SimulatorReset;
import dev.switchboard.simulator.stats.SimulatorStats;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Optional;

/**
 * Answers a chat request of either protocol: resolves the behaviour (config, model, headers,
 * directive, in rising precedence), plans the reply and starts its generation.
 */
@ApplicationScoped
public class ChatService {

    private final SimulatorConfig config;
    private final SimulatorStats stats;
    private final PromptCache promptCache;
    private final JsonReplies replies;

    public ChatService(SimulatorConfig config, SimulatorStats stats, PromptCache promptCache, JsonReplies replies) {
        this.config = config;
        this.stats = stats;
        this.promptCache = promptCache;
        this.replies = replies;
    }

    public void serve(RoutingContext rc, ChatInput input, ChatFormat format) {
        String prompt = input.promptText();
        int promptTokens = PromptCache.estimateTokens(prompt);
        if (input.contextLimit().isPresent()) {
            // Ollama keeps only the end of a prompt longer than the context it loaded the model with
            promptTokens = Math.min(promptTokens, input.contextLimit().getAsInt());
        }
        SimulatorStats.RequestHandle handle = stats.chatReceived(RequestIds.of(rc), rc.request().path(), input, promptTokens);

        Behaviour defaults = defaults(input.model());
        Behaviour behaviour;
        ParsedText lastUser;
        try {
            lastUser = DirectiveParser.parse(input.lastUserText());
            behaviour = defaults
                    .with(Overrides.from(HeaderDirectives.items(rc.request().headers())))
                    .with(Overrides.from(DirectiveParser.parse(input.systemText()).items()))
                    .with(Overrides.from(lastUser.items()));
        } catch (DirectiveException e) {
            handle.rejected(400);
            replies.sendRaw(rc, 400, JsonReplies.JSON, format.errorBody(400, "simulator directive: " + e.getMessage(), "invalid_directive"));
            return;
        }
        if (input.answersToolCall()) {
            behaviour = behaviour.afterToolResults(defaults.reply());
        }
        if (behaviour.failure().orElse(null) instanceof Failure.HttpError(int status)) {
            handle.rejected(status);
            replies.sendRaw(rc, status, JsonReplies.JSON,
                    format.errorBody(status, "simulated failure: HTTP " + status, "simulated_failure"));
            return;
        }

        Optional<String> thinking = thinkingText(behaviour, input);
        List<ToolSpec> tools = behaviour.tools();
        String text = behaviour.reply().render(lastUser.text());
        ReplyPlan plan = ReplyPlanner.plan(thinking, text, tools, input.maxTokens(), input.stop());

        // each protocol stands for a different server, with a prompt cache of its own
        int cached = Math.min(promptCache.cachedTokens(input.protocol().wireName() + " " + input.model().name(), prompt),
                promptTokens);
        Usage promptUsage = new Usage(promptTokens, cached, 0);
        Optional<Failure.MidStream> midStream = behaviour.failure()
                .filter(Failure.MidStream.class::isInstance).map(Failure.MidStream.class::cast);
        new Generation(rc, format.withToolStream(behaviour.toolStream()), plan, pacing(behaviour), midStream, input.stream(), promptUsage, handle).start();
    }

    private Behaviour defaults(SimModel model) {
        ReplySpec reply = switch (config.reply().mode()) {
            case TEXT -> new ReplySpec.Scripted(config.reply().text());
            case ECHO -> new ReplySpec.Echo();
            case GENERATE -> new ReplySpec.Generated(config.reply().tokens());
        };
        return new Behaviour(model.ttftMs().orElse(config.ttftMs()),
                model.tokensPerSecond().orElse(config.tokensPerSecond()), reply, Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), model.toolStream().orElse(config.openai().toolStream()));
    }

    private Optional<String> thinkingText(Behaviour behaviour, ChatInput input) {
        return switch (behaviour.thinking().orElse(null)) {
            case Thinking.Scripted s -> Optional.of(s.text());
            case Thinking.DefaultText d -> Optional.of(config.reply().thinkingText());
            case null -> input.thinkingEnabled() ? Optional.of(config.reply().thinkingText()) : Optional.empty();
        };
    }

    private static Generation.Pacing pacing(Behaviour behaviour) {
        long interval = behaviour.tokensPerSecond() > 0 ? (long) (1_000_000_000L / behaviour.tokensPerSecond()) : 0;
        return new Generation.Pacing(behaviour.ttftMs() * 1_000_000L, interval);
    }

    void onReset(@Observes SimulatorReset reset) {
        promptCache.clear();
    }
}
