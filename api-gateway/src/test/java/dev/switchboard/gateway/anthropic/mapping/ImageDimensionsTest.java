package dev.switchboard.gateway.anthropic.mapping;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static dev.switchboard.gateway.anthropic.mapping.TestImages.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ImageDimensionsTest {

    static Stream<Arguments> images() {
        return Stream.of(
                arguments("png", base64(TestImages.png(640, 480)), 640, 480),
                arguments("png, the real 1×1 pixel",
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", 1, 1),
                arguments("jpeg", base64(TestImages.jpeg(1920, 1080, 0)), 1920, 1080),
                arguments("jpeg with 120 kB of metadata before its frame", base64(TestImages.jpeg(3024, 4032, 120_000)), 3024, 4032),
                arguments("gif", base64(TestImages.gif(320, 200)), 320, 200),
                arguments("webp lossy", base64(TestImages.webpLossy(800, 600)), 800, 600),
                arguments("webp lossless", base64(TestImages.webpLossless(1024, 768)), 1024, 768),
                arguments("webp extended", base64(TestImages.webpExtended(5000, 3000)), 5000, 3000),
                arguments("png as a data URL", "data:image/png;base64," + base64(TestImages.png(12, 34)), 12, 34));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void readsTheSizeFromTheHeader(String name, String data, int width, int height) {
        assertThat(ImageDimensions.of(data)).contains(new ImageDimensions.Size(width, height));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!!", "AAAA", "bm90IGFuIGltYWdlIGF0IGFsbA==", "iVBORw0KGgo=", "/9j/", "R0lGODlh"})
    void unreadableDataHasNoSize(String data) {
        assertThat(ImageDimensions.of(data)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 9, 12, 20, 30})
    void truncatedHeadersHaveNoSizeAndNeverFail(int length) {
        for (byte[] image : new byte[][] {TestImages.png(10, 10), TestImages.jpeg(10, 10, 0), TestImages.gif(10, 10),
                TestImages.webpLossy(10, 10), TestImages.webpLossless(10, 10), TestImages.webpExtended(10, 10)}) {
            byte[] head = java.util.Arrays.copyOf(image, Math.min(length, image.length));
            assertThat(ImageDimensions.read(head)).satisfiesAnyOf(
                    size -> assertThat(size).isEmpty(),
                    size -> assertThat(size).contains(new ImageDimensions.Size(10, 10)));
        }
    }
}
