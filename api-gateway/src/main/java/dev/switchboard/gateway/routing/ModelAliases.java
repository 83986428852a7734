package dev.switchboard.gateway.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps the model name a client sent to a served model: explicit aliases first (exact names, then
 * patterns, longest first), then Claude's own names, else the name as it is.
 */
public final class ModelAliases {

    private static final Pattern SMALL_CLAUDE = Pattern.compile("claude-(3-5-)?haiku.*|claude-.*-haiku.*");

    private final Map<String, String> exact;
    private final List<Map.Entry<Pattern, String>> patterns;
    private final String defaultModel;
    private final String smallModel;

    public ModelAliases(Map<String, String> aliases, String defaultModel, String smallModel) {
        this.exact = aliases.entrySet().stream().filter(e -> !e.getKey().contains("*"))
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        this.patterns = aliases.entrySet().stream().filter(e -> e.getKey().contains("*"))
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .map(e -> Map.entry(glob(e.getKey()), e.getValue()))
                .toList();
        this.defaultModel = defaultModel;
        this.smallModel = smallModel;
    }

    public String resolve(String requested) {
        String direct = exact.get(requested);
        if (direct != null) {
            return direct;
        }
        for (Map.Entry<Pattern, String> pattern : patterns) {
            if (pattern.getKey().matcher(requested).matches()) {
                return pattern.getValue();
            }
        }
        String lower = requested.toLowerCase(Locale.ROOT);
        if (SMALL_CLAUDE.matcher(lower).matches()) {
            return smallModel;
        }
        if (lower.startsWith("claude-")) {
            return defaultModel;
        }
        return requested;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
