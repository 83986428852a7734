package dev.switchboard.gateway.hostile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;

/**
 * A request body as a hostile client sends it: a few bytes, or a long run of a repeated unit that
 * is produced while it is sent, so that a 64 MB body never sits in the test's memory.
 */
sealed interface RequestBody {

    RequestBody NONE = new Bytes(new byte[0]);

    long length();

    /** The body's bytes, produced as they are read. */
    InputStream stream();

    /** Bytes held in memory: small bodies. */
    record Bytes(byte[] bytes) implements RequestBody {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public InputStream stream() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /**
     * {@code prefix}, then {@code open} {@code count} times, {@code middle}, {@code close}
     * {@code count} times, then {@code suffix}: a huge string ({@code open} a letter, no
     * {@code close}) or a deep nesting ({@code open} "[", {@code close} "]") inside an otherwise
     * ordinary request.
     */
    record Repeated(byte[] prefix, byte[] open, byte[] middle, byte[] close, long count, byte[] suffix) implements RequestBody {
        @Override
        public long length() {
            return prefix.length + (open.length + (long) close.length) * count + middle.length + suffix.length;
        }

        @Override
        public InputStream stream() {
            List<InputStream> parts = List.of(new ByteArrayInputStream(prefix), new Tiled(open, count),
                    new ByteArrayInputStream(middle), new Tiled(close, count), new ByteArrayInputStream(suffix));
            return new SequenceInputStream(Collections.enumeration(parts));
        }
    }

    /** One unit repeated, served from a block of about 64 KB of copies. */
    final class Tiled extends InputStream {

        private final byte[] block;
        private long remaining;
        private int position;

        Tiled(byte[] unit, long count) {
            if (unit.length == 0) {
                block = new byte[0];
                remaining = 0;
                return;
            }
            int copies = Math.max(1, (int) Math.min(count, 65536 / unit.length));
            block = new byte[copies * unit.length];
            for (int i = 0; i < copies; i++) {
                System.arraycopy(unit, 0, block, i * unit.length, unit.length);
            }
            remaining = unit.length * count;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, remaining), block.length - position);
            System.arraycopy(block, position, target, offset, n);
            position = (position + n) % block.length;
            remaining -= n;
            return n;
        }
    }
}
