package dev.switchboard.gateway.front;

import dev.switchboard.contract.chat.ContentBlock;

import java.util.Base64;
import java.util.Set;

/**
 * Images as clients send them inline: Anthropic's base64 source, OpenAI's data URL, Ollama's bare
 * base64 string. The gateway fetches nothing, so a URL that is not a data URL is refused; the bytes
 * are checked to be base64 without decoding them all (images run to megabytes).
 */
public final class InlineImages {

    /** The image types every front accepts, as Anthropic lists them. */
    public static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final String EXPECTED = "image/jpeg, image/png, image/gif or image/webp";

    private InlineImages() {
    }

    /** Standard base64 with its padding, checked without decoding. */
    public static boolean isBase64(String data) {
        int length = data.length();
        if (length % 4 != 0) {
            return false;
        }
        int padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
        for (int i = 0; i < length - padding; i++) {
            char c = data.charAt(i);
            boolean valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code data:image/png;base64,iVBOR…}, the only image URL the gateway takes.
     *
     * @throws InvalidRequestException naming {@code path} when it is another URL or not a supported image
     */
    public static ContentBlock.Image fromDataUrl(String url, String path) {
        if (!url.startsWith("data:")) {
            throw new InvalidRequestException(path, "only data URLs are supported (data:image/png;base64,…); "
                    + "the gateway fetches nothing, so send the image inline");
        }
        int comma = url.indexOf(',');
        String header = comma < 0 ? "" : url.substring(5, comma);
        if (comma < 0 || !header.endsWith(";base64")) {
            throw new InvalidRequestException(path, "a data URL must read data:<media type>;base64,<data>");
        }
        String mediaType = header.substring(0, header.length() - ";base64".length()).strip();
        if (!MEDIA_TYPES.contains(mediaType)) {
            throw new InvalidRequestException(path, "unsupported image type '" + mediaType + "'; expected " + EXPECTED);
        }
        String data = url.substring(comma + 1);
        if (data.isEmpty() || !isBase64(data)) {
            throw new InvalidRequestException(path, "the data URL's data is not valid base64");
        }
        return new ContentBlock.Image(mediaType, data);
    }

    /**
     * A bare base64 image, as Ollama's clients send them; its type is read from its first bytes.
     *
     * @throws InvalidRequestException naming {@code path} when it is not base64 or not a supported image
     */
    public static ContentBlock.Image fromBase64(String data, String path) {
        if (data.isEmpty() || !isBase64(data)) {
            throw new InvalidRequestException(path, "is not valid base64; send the image's bytes base64-encoded");
        }
        byte[] head = Base64.getDecoder().decode(data.substring(0, Math.min(data.length(), 16)));
        String mediaType = sniff(head);
        if (mediaType == null) {
            throw new InvalidRequestException(path, "is not an image of a supported type; expected " + EXPECTED);
        }
        return new ContentBlock.Image(mediaType, data);
    }

    /** The media type the magic bytes say, or null. */
    static String sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(head, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
