package dev.switchboard.contract.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.switchboard.contract.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorTest {

    /** Every type, its status and its named constructor: the table Anthropic documents. */
    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of("invalid_request_error", 400, (Function<String, ApiError>) ApiError::invalidRequest),
                Arguments.of("authentication_error", 401, (Function<String, ApiError>) ApiError::authentication),
                Arguments.of("permission_error", 403, (Function<String, ApiError>) ApiError::permission),
                Arguments.of("not_found_error", 404, (Function<String, ApiError>) ApiError::notFound),
                Arguments.of("request_too_large", 413, (Function<String, ApiError>) ApiError::requestTooLarge),
                Arguments.of("rate_limit_error", 429, (Function<String, ApiError>) ApiError::rateLimited),
                Arguments.of("api_error", 500, (Function<String, ApiError>) ApiError::internal),
                Arguments.of("timeout_error", 504, (Function<String, ApiError>) ApiError::timeout),
                Arguments.of("overloaded_error", 529, (Function<String, ApiError>) ApiError::overloaded));
    }

    @ParameterizedTest
    @MethodSource("types")
    void eachTypeComesWithItsStatus(String wireName, int status, Function<String, ApiError> constructor) {
        ApiErrorType type = ApiErrorType.fromWire(wireName).orElseThrow();
        assertThat(type.status()).isEqualTo(status);
        assertThat(ApiErrorType.forStatus(status)).isEqualTo(type);

        ApiError error = constructor.apply("why");
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.kind()).isEqualTo(type);
        assertThat(error.type()).isEqualTo(wireName);
        assertThat(error.getMessage()).isEqualTo("why");
    }

    @ParameterizedTest
    @CsvSource({
            "405, invalid_request_error",
            "406, invalid_request_error",
            "415, invalid_request_error",
            "422, invalid_request_error",
            "502, api_error",
            "503, api_error",
            "200, api_error"})
    void aStatusOutsideTheTableIsInvalidRequestWhen4xxAndApiErrorOtherwise(int status, String wireName) {
        assertThat(ApiErrorType.forStatus(status).wireName()).isEqualTo(wireName);
    }

    @Test
    void anUnknownWireNameIsNoType() {
        assertThat(ApiErrorType.fromWire("server_error")).isEmpty();
    }

    @Test
    void anotherStatusKeepsTypeAndMessage() {
        ApiError error = ApiError.internal("the database is unavailable").withStatus(503);
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.kind()).isEqualTo(ApiErrorType.API);
        assertThat(error.getMessage()).isEqualTo("the database is unavailable");
    }

    @Test
    void theBodyHasAnthropicsShapeWithAndWithoutRequestId() throws Exception {
        ErrorBody body = ApiError.notFound("no such conversation").body();
        String expected = "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no such conversation\"}}";
        String withId = "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no such conversation\"},"
                + "\"request_id\":\"req_1\"}";
        ObjectMapper snakeCase = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        for (ObjectMapper mapper : new ObjectMapper[] {Json.mapper(), new ObjectMapper(), snakeCase}) {
            assertThat(mapper.writeValueAsString(body)).isEqualTo(expected);
            assertThat(mapper.writeValueAsString(body.withRequestId("req_1"))).isEqualTo(withId);
            assertThat(mapper.readValue(withId, ErrorBody.class)).isEqualTo(body.withRequestId("req_1"));
        }
    }
}
