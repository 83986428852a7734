package dev.switchboard.simulator.script;

import java.util.List;
import java.util.Optional;

/** How one request is answered, once defaults, model settings, headers and directives are laid over each other. */
public record Behaviour(
        long ttftMs,
        double tokensPerSecond,
        ReplySpec reply,
        Optional<Thinking> thinking,
        List<ToolSpec> tools,
        Optional<String> then,
        Optional<Failure> failure,
        ToolStream toolStream) {

    public Behaviour {
        tools = List.copyOf(tools);
    }

    public Behaviour with(Overrides o) {
        return new Behaviour(
                o.ttftMs().orElse(ttftMs),
                o.tokensPerSecond().orElse(tokensPerSecond),
                o.reply().orElse(reply),
                o.thinking().or(this::thinking),
                o.tools().isEmpty() ? tools : o.tools(),
                o.then().or(this::then),
                o.failure().or(this::failure),
                o.toolStream().orElse(toolStream));
    }

    /**
     * After the client sent tool results, the tool calls were already made: answer with
     * {@code then}, or else {@code defaultReply}, instead of calling again, so agent loops end.
     */
    public Behaviour afterToolResults(ReplySpec defaultReply) {
        ReplySpec next = then.<ReplySpec>map(ReplySpec.Scripted::new).orElse(defaultReply);
        return new Behaviour(ttftMs, tokensPerSecond, next, thinking, List.of(), then, failure, toolStream);
    }
}
