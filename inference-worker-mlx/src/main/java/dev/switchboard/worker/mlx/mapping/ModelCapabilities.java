package dev.switchboard.worker.mlx.mapping;

import dev.switchboard.contract.worker.Capability;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a model can do beyond text. OpenAI-compatible servers do not say (llama.cpp's input
 * modalities aside), so every model is taken to use tools — mlx_lm.server, llama.cpp
 * ({@code --jinja}), LM Studio and vLLM parse tool calls for any model whose chat template
 * has them — and the operator names the models that reason or read images with patterns:
 * {@code *} stands for any characters, {@code ?} for one, case is ignored, the whole name must match.
 */
public final class ModelCapabilities {

    private final List<Pattern> thinking;
    private final List<Pattern> vision;

    public ModelCapabilities(List<String> thinkingModels, List<String> visionModels) {
        this.thinking = compile(thinkingModels);
        this.vision = compile(visionModels);
    }

    /** The capabilities of {@code model}, with those the server advertised for it. */
    public Set<Capability> of(String model, Set<Capability> advertised) {
        Set<Capability> capabilities = EnumSet.of(Capability.TOOLS);
        capabilities.addAll(advertised);
        if (matches(thinking, model)) {
            capabilities.add(Capability.THINKING);
        }
        if (matches(vision, model)) {
            capabilities.add(Capability.VISION);
        }
        return capabilities;
    }

    public boolean thinks(String model) {
        return matches(thinking, model);
    }

    private static boolean matches(List<Pattern> patterns, String model) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(model).matches());
    }

    private static List<Pattern> compile(List<String> globs) {
        return globs.stream()
                .map(String::strip)
                .filter(glob -> !glob.isEmpty())
                .map(ModelCapabilities::compile)
                .toList();
    }

    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
