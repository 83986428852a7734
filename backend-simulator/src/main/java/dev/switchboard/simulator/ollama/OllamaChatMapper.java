package dev.switchboard.simulator.ollama;

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
import java.util.Set;

/** Ollama's chat request in protocol-neutral terms, with the checks Ollama makes. */
final class OllamaChatMapper {

    private static final Set<String> THINK_LEVELS = Set.of("high", "medium", "low", "max");

    private OllamaChatMapper() {
    }

    static ChatInput toInput(OllamaChatRequest request, SimModel model, int defaultNumCtx) {
        List<ChatTurn> turns = new ArrayList<>();
        if (request.messages() != null) {
            for (OllamaChatRequest.Message m : request.messages()) {
                turns.add(new ChatTurn(m.role() == null ? "" : m.role().toLowerCase(Locale.ROOT), textOf(m)));
            }
        }
        List<String> toolNames = toolNames(request.tools());
        if (!toolNames.isEmpty() && !model.can(Capability.TOOLS)) {
            throw new BadChatRequest(400, "registry.ollama.ai/library/" + model.name() + " does not support tools", null);
        }
        boolean thinking = thinking(request.think(), model);
        OllamaChatRequest.Options options = request.options();
        int numPredict = options == null || options.numPredict() == null ? -1 : options.numPredict();
        int numCtx = options == null || options.numCtx() == null || options.numCtx() <= 0 ? defaultNumCtx : options.numCtx();
        List<String> stop = options == null || options.stop() == null ? List.of() : options.stop();
        return new ChatInput(Protocol.OLLAMA, model, request.stream() == null || request.stream(), turns,
                request.tools() == null ? "" : request.tools().toString(), toolNames,
                numPredict > 0 ? numPredict : -1, stop, thinking, OptionalInt.of(numCtx));
    }

    /** Like Ollama: a thinking model thinks unless {@code think} is false; asking a model that cannot is an error. */
    private static boolean thinking(JsonNode think, SimModel model) {
        boolean capable = model.can(Capability.THINKING);
        if (think == null || think.isNull() || think.isMissingNode()) {
            return capable;
        }
        boolean wanted;
        if (think.isBoolean()) {
            wanted = think.booleanValue();
        } else if (think.isTextual() && THINK_LEVELS.contains(think.textValue())) {
            wanted = true;
        } else {
            throw new BadChatRequest(400, "invalid think value: " + think + " (use true, false, \"high\", \"medium\" or \"low\")", null);
        }
        if (wanted && !capable) {
            throw new BadChatRequest(400, "\"" + model.name() + "\" does not support thinking", null);
        }
        return wanted;
    }

    static List<String> toolNames(JsonNode tools) {
        List<String> names = new ArrayList<>();
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                names.add(tool.path("function").path("name").asText(""));
            }
        }
        return names;
    }

    private static String textOf(OllamaChatRequest.Message m) {
        StringBuilder sb = new StringBuilder();
        if (m.thinking() != null) {
            sb.append(m.thinking());
        }
        if (m.content() != null) {
            sb.append(m.content());
        }
        if (m.toolCalls() != null && !m.toolCalls().isNull()) {
            sb.append(m.toolCalls());
        }
        return sb.toString();
    }
}
