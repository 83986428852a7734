package dev.switchboard.simulator.script;

import java.util.Locale;

/** How an OpenAI stream carries a tool call: whole in one chunk (mlx_lm.server) or arguments in pieces (llama.cpp, vLLM). */
public enum ToolStream {
    WHOLE, PIECES;

    static ToolStream parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "whole" -> WHOLE;
            case "pieces" -> PIECES;
            default -> throw new DirectiveException("tool_stream must be 'whole' or 'pieces', not '" + text + "'");
        };
    }
}
