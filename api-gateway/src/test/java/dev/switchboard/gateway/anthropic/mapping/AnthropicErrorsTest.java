package dev.switchboard.gateway.anthropic.mapping;

import dev.switchboard.contract.event.ErrorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.parse;
import static org.assertj.core.api.Assertions.assertThat;

class AnthropicErrorsTest {

    @Test
    void bodyHasAnthropicsShape() {
        assertThat(AnthropicErrors.body("invalid_request_error", "max_tokens: field required", "req_011CSHoEeqs5C35K2UUqR7Fy"))
                .isEqualTo(parse("""
                        {"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: field required"},
                         "request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"""));
        assertThat(AnthropicErrors.body("api_error", "boom", null).has("request_id")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "400, invalid_request_error",
            "401, authentication_error",
            "403, permission_error",
            "404, not_found_error",
            "413, request_too_large",
            "429, rate_limit_error",
            "500, api_error",
            "504, timeout_error",
            "529, overloaded_error"})
    void statusAndTypeTableGoesBothWays(int status, String type) {
        assertThat(AnthropicErrors.typeOf(status)).isEqualTo(type);
        assertThat(AnthropicErrors.statusOf(type)).isEqualTo(status);
    }

    @Test
    void unlistedStatusesFollowAnthropicsRule() {
        assertThat(AnthropicErrors.typeOf(422)).isEqualTo("invalid_request_error");
        assertThat(AnthropicErrors.typeOf(503)).isEqualTo("api_error");
        assertThat(AnthropicErrors.statusOf("something_new")).isEqualTo(500);
    }

    @ParameterizedTest
    @CsvSource({
            "INVALID_REQUEST, 400, invalid_request_error",
            "NOT_FOUND, 404, not_found_error",
            "OVERLOADED, 529, overloaded_error",
            "TIMEOUT, 529, overloaded_error",
            "BACKEND_ERROR, 500, api_error",
            "INTERRUPTED, 500, api_error",
            "CANCELLED, 500, api_error"})
    void canonicalErrorsMapToAnthropicTypesAndStatuses(ErrorType type, int status, String anthropicType) {
        assertThat(AnthropicErrorTypes.of(type)).isEqualTo(new AnthropicErrorTypes.Mapped(status, anthropicType));
        assertThat(AnthropicErrors.statusOf(anthropicType)).isEqualTo(status);
    }

    @Test
    void everyCanonicalErrorIsMapped() {
        for (ErrorType type : ErrorType.values()) {
            assertThat(AnthropicErrorTypes.of(type).type()).isNotBlank();
        }
        assertThat(AnthropicErrorTypes.of(null)).isEqualTo(new AnthropicErrorTypes.Mapped(500, "api_error"));
    }
}
