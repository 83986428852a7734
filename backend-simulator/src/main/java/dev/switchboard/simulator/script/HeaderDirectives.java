package dev.switchboard.simulator.script;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code X-Simulator-<Key>: value} headers as directive items: {@code X-Simulator-Ttft-Ms: 5}
 * is {@code ttft_ms=5}. {@code X-Simulator-Directive} carries a whole directive body.
 * {@code X-Simulator-Request-Id} labels the request and is not an item.
 */
public final class HeaderDirectives {

    public static final String PREFIX = "x-simulator-";
    public static final String REQUEST_ID = "x-simulator-request-id";
    private static final String DIRECTIVE = "directive";

    private HeaderDirectives() {
    }

    /**
     * Items from headers: single-key headers first ({@code tool} before {@code args}, so that the
     * arguments find their tool, whatever the header order), then the {@code X-Simulator-Directive} items.
     */
    public static List<DirectiveItem> items(Iterable<Map.Entry<String, String>> headers) {
        List<DirectiveItem> items = new ArrayList<>();
        List<DirectiveItem> directive = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith(PREFIX) || name.equals(REQUEST_ID)) {
                continue;
            }
            String key = DirectiveParser.normaliseKey(name.substring(PREFIX.length()));
            String value = header.getValue() == null ? "" : header.getValue();
            if (key.equals(DIRECTIVE)) {
                directive.addAll(DirectiveParser.parseBody(value));
            } else if (value.isEmpty()) {
                items.add(DirectiveItem.flag(key));
            } else {
                items.add(DirectiveItem.text(key, value));
            }
        }
        items.sort(Comparator.comparingInt(item -> item.key().equals("args") ? 1 : 0));
        items.addAll(directive);
        return items;
    }
}
