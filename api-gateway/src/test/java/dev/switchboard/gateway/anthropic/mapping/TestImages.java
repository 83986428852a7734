package dev.switchboard.gateway.anthropic.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The first bytes of real image formats, built by hand: enough for a header reader. */
final class TestImages {

    private TestImages() {
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] png(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(33).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII));
        b.putInt(width).putInt(height).put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putInt(0); // CRC, not checked by a size reader
        return b.array();
    }

    /** A JPEG whose SOF0 segment comes after {@code metadataBytes} of APP1 (EXIF-like) segments. */
    static byte[] jpeg(int width, int height, int metadataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
        for (int left = metadataBytes; left > 0; left -= 60_000) {
            int length = Math.min(60_000, left) + 2;
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
            out.writeBytes(new byte[length - 2]);
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 3, 0}); // a (truncated) quantisation table
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 17, 8,
                (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 3,
                1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 12});
        return out.toByteArray();
    }

    static byte[] gif(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height);
        b.put((byte) 0).put((byte) 0).put((byte) 0);
        return b.array();
    }

    static byte[] webpLossy(int width, int height) {
        ByteBuffer b = webpHeader("VP8 ");
        b.put((byte) 0x9D).put((byte) 0x01).put((byte) 0x2A);
        b.position(23).put((byte) 0x9D).put((byte) 0x01).put((byte) 0x2A).putShort((short) width).putShort((short) height);
        return b.array();
    }

    static byte[] webpLossless(int width, int height) {
        ByteBuffer b = webpHeader("VP8L");
        b.put((byte) 0x2F).putInt((width - 1) | (height - 1) << 14);
        return b.array();
    }

    static byte[] webpExtended(int width, int height) {
        ByteBuffer b = webpHeader("VP8X");
        b.putInt(0);
        b.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        b.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        return b.array();
    }

    private static ByteBuffer webpHeader(String chunk) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(32).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put(chunk.getBytes(StandardCharsets.US_ASCII)).putInt(20);
        return b;
    }
}
