package dev.switchboard.gateway.anthropic.mapping;

import java.util.Base64;
import java.util.Optional;

/**
 * Reads an image's width and height from its header, base64 as it arrives in a request: PNG
 * (IHDR), GIF (logical screen), WebP (VP8, VP8L, VP8X) and JPEG (the first SOF segment). Only the
 * start of the data is decoded, unless a JPEG's metadata pushes its SOF segment further.
 */
public final class ImageDimensions {

    /** Width and height in pixels, both positive. */
    public record Size(int width, int height) {
    }

    /** Enough for every header but a JPEG with large EXIF or ICC segments. */
    private static final int PREFIX_CHARS = 96 * 1024;

    private ImageDimensions() {
    }

    /** The image's size, or empty when the data is not a PNG, GIF, WebP or JPEG that can be read. */
    public static Optional<Size> of(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return Optional.empty();
        }
        String data = base64.startsWith("data:") && base64.indexOf(',') > 0 ? base64.substring(base64.indexOf(',') + 1) : base64;
        boolean whole = data.length() <= PREFIX_CHARS;
        byte[] head = decode(whole ? data : data.substring(0, PREFIX_CHARS));
        Optional<Size> size = read(head);
        if (size.isEmpty() && !whole && isJpeg(head)) {
            size = read(decode(data));
        }
        return size;
    }

    /** The size read from the image's first bytes. */
    static Optional<Size> read(byte[] bytes) {
        if (bytes.length < 10) {
            return Optional.empty();
        }
        if (isPng(bytes)) {
            return size(int32be(bytes, 16), int32be(bytes, 20));
        }
        if (bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
            return size(uint16le(bytes, 6), uint16le(bytes, 8));
        }
        if (isJpeg(bytes)) {
            return jpeg(bytes);
        }
        if (bytes.length >= 30 && ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) {
            return webp(bytes);
        }
        return Optional.empty();
    }

    private static boolean isPng(byte[] b) {
        return b.length >= 24 && (b[0] & 0xFF) == 0x89 && ascii(b, 1, "PNG") && ascii(b, 12, "IHDR");
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    private static Optional<Size> jpeg(byte[] b) {
        int i = 2;
        while (i + 1 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                i += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA || i + 3 >= b.length) {
                return Optional.empty();
            }
            int length = uint16be(b, i + 2);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return i + 8 < b.length ? size(uint16be(b, i + 7), uint16be(b, i + 5)) : Optional.empty();
            }
            if (length < 2) {
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<Size> webp(byte[] b) {
        if (ascii(b, 12, "VP8 ")) {
            // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
            if ((b[23] & 0xFF) != 0x9D || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2A) {
                return Optional.empty();
            }
            return size(uint16le(b, 26) & 0x3FFF, uint16le(b, 28) & 0x3FFF);
        }
        if (ascii(b, 12, "VP8L")) {
            // Lossless: signature 0x2F, then width - 1 and height - 1 in 14 bits each.
            if ((b[20] & 0xFF) != 0x2F) {
                return Optional.empty();
            }
            int bits = (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
            return size((bits & 0x3FFF) + 1, (bits >>> 14 & 0x3FFF) + 1);
        }
        if (ascii(b, 12, "VP8X")) {
            // Extended: canvas width - 1 and height - 1 in 24 bits each.
            return size(uint24le(b, 24) + 1, uint24le(b, 27) + 1);
        }
        return Optional.empty();
    }

    private static Optional<Size> size(long width, long height) {
        return width > 0 && height > 0 && width <= Integer.MAX_VALUE && height <= Integer.MAX_VALUE
                ? Optional.of(new Size((int) width, (int) height))
                : Optional.empty();
    }

    private static byte[] decode(String base64) {
        String aligned = base64.substring(0, base64.length() - base64.length() % 4);
        try {
            return Base64.getMimeDecoder().decode(aligned);
        } catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
    }

    private static boolean ascii(byte[] b, int offset, String text) {
        if (offset + text.length() > b.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long int32be(byte[] b, int i) {
        return (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    private static int uint16be(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    private static int uint16le(byte[] b, int i) {
        return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8;
    }

    private static int uint24le(byte[] b, int i) {
        return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }
}
