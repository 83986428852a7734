package dev.switchboard.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.simulator.chat.BadChatRequest;
import dev.switchboard.simulator.chat.ChatInput;
import dev.switchboard.simulator.chat.ChatTurn;
import dev.switchboard.simulator.chat.Protocol;
import dev.switchboard.simulator.model.Capability;
import dev.switchboard.simulator.model.SimModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** An OpenAI chat request in protocol-neutral terms, read the way mlx_lm.server reads it. */
final class OpenAiChatMapper {

    private OpenAiChatMapper() {
    }

    static ChatInput toInput(OpenAiChatRequest request, SimModel model, int defaultMaxTokens) {
        if (request.messages() == null) {
            throw new BadChatRequest(400, "Request did not contain messages", "invalid_request");
        }
        List<ChatTurn> turns = new ArrayList<>();
        for (OpenAiChatRequest.Message m : request.messages()) {
            turns.add(new ChatTurn(m.role() == null ? "" : m.role().toLowerCase(Locale.ROOT), textOf(m)));
        }
        Integer max = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
        int maxTokens = max == null ? defaultMaxTokens : max;
        if (maxTokens < 0) {
            throw new BadChatRequest(400, "max_tokens must be a non-negative integer", "invalid_request");
        }
        // mlx_lm.server passes chat_template_kwargs to the template; enable_thinking=false turns thinking off
        boolean thinking = model.can(Capability.THINKING) && (request.chatTemplateKwargs() == null
                || request.chatTemplateKwargs().path("enable_thinking").asBoolean(true));
        return new ChatInput(Protocol.OPENAI, model, Boolean.TRUE.equals(request.stream()), turns,
                request.tools() == null ? "" : request.tools().toString(), toolNames(request.tools()), maxTokens,
                stops(request.stop()), thinking, OptionalInt.empty());
    }

    static List<String> stops(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.textValue());
        }
        if (stop.isArray()) {
            List<String> stops = new ArrayList<>();
            stop.forEach(s -> stops.add(s.asText()));
            return stops;
        }
        throw new BadChatRequest(400, "stop must be a string or an array of strings", "invalid_request");
    }

    private static List<String> toolNames(JsonNode tools) {
        List<String> names = new ArrayList<>();
        if (tools != null && tools.isArray()) {
            tools.forEach(t -> names.add(t.path("function").path("name").asText("")));
        }
        return names;
    }

    private static String textOf(OpenAiChatRequest.Message m) {
        StringBuilder sb = new StringBuilder();
        if (m.reasoning() != null) {
            sb.append(m.reasoning());
        }
        JsonNode content = m.content();
        if (content != null && content.isTextual()) {
            sb.append(content.textValue());
        } else if (content != null && content.isArray()) {
            content.forEach(part -> sb.append(part.path("text").asText("")));
        }
        if (m.toolCalls() != null && !m.toolCalls().isNull()) {
            sb.append(m.toolCalls());
        }
        return sb.toString();
    }
}
