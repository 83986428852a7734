package dev.switchboard.gateway.front;

import dev.switchboard.contract.chat.ContentBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InlineImagesTest {

    private static final String PNG = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13});
    private static final String JPEG = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16});
    private static final String GIF = Base64.getEncoder().encodeToString("GIF89a\0\0".getBytes());
    private static final String WEBP = Base64.getEncoder().encodeToString("RIFF\0\0\0\0WEBPVP8 ".getBytes());

    @ParameterizedTest(name = "{0}")
    @CsvSource({"png, image/png", "jpeg, image/jpeg", "gif, image/gif", "webp, image/webp"})
    void aBareBase64ImageIsTypedFromItsFirstBytes(String kind, String mediaType) {
        String data = switch (kind) {
            case "png" -> PNG;
            case "jpeg" -> JPEG;
            case "gif" -> GIF;
            default -> WEBP;
        };
        assertThat(InlineImages.fromBase64(data, "images.0")).isEqualTo(new ContentBlock.Image(mediaType, data));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not base64 | %%% | images.0: is not valid base64",
            "text, not an image | aGVsbG8gd29ybGQh | images.0: is not an image of a supported type"})
    void aBareImageThatIsNoneIsRefused(String name, String data, String message) {
        assertThatThrownBy(() -> InlineImages.fromBase64(data, "images.0")).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an http URL | https://example.com/cat.png | only data URLs are supported",
            "no base64 marker | data:image/png,abcd | a data URL must read",
            "an unsupported type | data:image/tiff;base64,AAAA | unsupported image type 'image/tiff'",
            "broken data | data:image/png;base64,@@@ | not valid base64"})
    void aDataUrlIsTheOnlyImageUrl(String name, String url, String message) {
        assertThatThrownBy(() -> InlineImages.fromDataUrl(url, "p")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void aDataUrlGivesItsTypeAndData() {
        assertThat(InlineImages.fromDataUrl("data:image/png;base64," + PNG, "p")).isEqualTo(new ContentBlock.Image("image/png", PNG));
    }
}
