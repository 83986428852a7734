package dev.switchboard.gateway.anthropic.mapping;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ToolDefinition;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Estimates a request's input tokens, for count_tokens and for {@code message_start} before the
 * backend reports its own count. Thread-safe; one instance can serve every request.
 *
 * <p>Text is counted with a real BPE tokenizer, OpenAI's o200k_base (via jtokkit). Neither Claude's
 * tokenizer nor the local model's is available to the gateway; a large modern vocabulary like
 * o200k_base (200k entries, trained on code and many languages) lands close to the tokenizers of
 * the models people run locally (Qwen, Llama 3, Gemma, all 128k–256k entries), where the older
 * cl100k_base over-counts code and non-English text. Counting is "ordinary": text that looks like a
 * special token ({@code <|endoftext|>}) counts as text, never fails.
 *
 * <p>What is counted: the system prompt; every message's text, thinking, tool_use name and input
 * (as JSON), tool_result contents; every tool's name, description and input schema (as JSON).
 * Fixed overheads stand for what chat templates wrap around them:
 * {@value #PER_MESSAGE} tokens per message (the system prompt counts as one), {@value #PER_TOOL}
 * per tool definition, {@value #PER_TOOL_BLOCK} per tool_use or tool_result block, and
 * {@value #PER_REQUEST} for the start of the assistant's turn.
 *
 * <p>Images follow Anthropic's published rule: tokens = ⌈width × height / 750⌉, after scaling the
 * image down (keeping its aspect ratio) until its long edge is at most {@value #MAX_LONG_EDGE}
 * pixels and it holds at most {@value #MAX_PIXELS} pixels (about 1,600 tokens), as Anthropic does.
 * Width and height come from the image's header ({@link ImageDimensions}); an image whose header
 * cannot be read counts {@value #UNREADABLE_IMAGE} tokens, Anthropic's largest, so that estimates
 * err high.
 *
 * <p>Counting is most of what reading a request costs (1.5 ms of BPE against 0.1 ms of JSON for
 * Claude Code's first request, 24.5 KB), and a conversation sends the same long texts every turn:
 * the system prompt, the tools, the history. So the counts of texts of at least
 * {@value #MIN_REMEMBERED} characters are remembered, the latest {@value #MAX_REMEMBERED_CHARS}
 * characters' worth, shared by every counter of the JVM.
 */
public final class TokenCounter {

    static final int PER_REQUEST = 3;
    static final int PER_MESSAGE = 4;
    static final int PER_TOOL = 8;
    static final int PER_TOOL_BLOCK = 4;
    static final int MAX_LONG_EDGE = 1568;
    static final int MAX_PIXELS = 1_200_000;
    static final int PIXELS_PER_TOKEN = 750;
    static final int UNREADABLE_IMAGE = 1600;

    /** Loading the vocabulary takes a while; done once, on first use of this class. */
    /** Text is counted in pieces of at most this many characters (see countText). */
    private static final int CHUNK = 4096;
    static final int MIN_REMEMBERED = 64;
    static final int MAX_REMEMBERED_CHARS = 1_000_000;
    private static final RememberedCounts REMEMBERED = new RememberedCounts(MAX_REMEMBERED_CHARS);

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    public int count(ChatRequest request) {
        long tokens = PER_REQUEST;
        if (request.system() != null) {
            tokens += PER_MESSAGE + countText(request.system());
        }
        for (Message message : request.messages()) {
            tokens += PER_MESSAGE;
            for (ContentBlock block : message.content()) {
                tokens += block(block);
            }
        }
        for (ToolDefinition tool : request.tools()) {
            tokens += PER_TOOL + countText(tool.name()) + countText(tool.description())
                    + (tool.inputSchema() == null ? 0 : countText(tool.inputSchema().toString()));
        }
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }

    /** The BPE tokens of a piece of text; 0 for null or empty. */
    public int countText(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < MIN_REMEMBERED) {
            return ENCODING.countTokensOrdinary(text);
        }
        Integer known = REMEMBERED.get(text);
        if (known != null) {
            return known;
        }
        int tokens = countLong(text);
        REMEMBERED.put(text, tokens);
        return tokens;
    }

    private static int countLong(String text) {
        if (text.length() <= CHUNK) {
            return ENCODING.countTokensOrdinary(text);
        }
        // BPE merges within one pre-token take time quadratic in its length, and a long run without
        // spaces (base64, minified code, a wall of one letter) is one pre-token: count it in chunks,
        // cut after whitespace where there is some. The count moves by at most one token a chunk.
        int tokens = 0;
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + CHUNK);
            if (to < text.length()) {
                int space = lastWhitespace(text, from + CHUNK / 2, to);
                if (space > 0) {
                    to = space + 1;
                }
            }
            tokens += ENCODING.countTokensOrdinary(text.substring(from, to));
            from = to;
        }
        return tokens;
    }

    private long block(ContentBlock block) {
        return switch (block) {
            case ContentBlock.Text text -> countText(text.text());
            case ContentBlock.Image image -> imageTokens(image.data());
            case ContentBlock.ToolUse use -> PER_TOOL_BLOCK + countText(use.name())
                    + (use.input() == null ? 0 : countText(use.input().toString()));
            case ContentBlock.ToolResult result -> {
                long tokens = PER_TOOL_BLOCK;
                for (ContentBlock part : result.content()) {
                    tokens += block(part);
                }
                yield tokens;
            }
            case ContentBlock.Thinking thinking -> countText(thinking.thinking());
        };
    }

    private static int imageTokens(String base64) {
        return ImageDimensions.of(base64)
                .map(size -> imageTokens(size.width(), size.height()))
                .orElse(UNREADABLE_IMAGE);
    }

    /** Anthropic's image cost for an image of this size, scaled down first as Anthropic scales it. */
    static int imageTokens(int width, int height) {
        double scale = Math.min(1.0, (double) MAX_LONG_EDGE / Math.max(width, height));
        scale = Math.min(scale, Math.sqrt((double) MAX_PIXELS / ((double) width * height)));
        double pixels = Math.floor(width * scale) * Math.floor(height * scale);
        return (int) Math.max(1, Math.ceil(pixels / PIXELS_PER_TOKEN));
    }

    /** How many characters the remembered counts hold now; for tests. */
    static long rememberedChars() {
        return REMEMBERED.chars();
    }

    /** The counts of the texts counted last, least recently used out first, at most so many characters of text. */
    static final class RememberedCounts {

        private final long maxChars;
        private final LinkedHashMap<String, Integer> counts = new LinkedHashMap<>(64, 0.75f, true);
        private long chars;

        RememberedCounts(long maxChars) {
            this.maxChars = maxChars;
        }

        synchronized Integer get(String text) {
            return counts.get(text);
        }

        synchronized void put(String text, int tokens) {
            if (counts.put(text, tokens) == null) {
                chars += text.length();
            }
            Iterator<Map.Entry<String, Integer>> oldest = counts.entrySet().iterator();
            while (chars > maxChars && oldest.hasNext()) {
                chars -= oldest.next().getKey().length();
                oldest.remove();
            }
        }

        synchronized long chars() {
            return chars;
        }
    }

    private static int lastWhitespace(String text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
