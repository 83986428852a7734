package dev.switchboard.session.keys.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The key API against the real PostgreSQL: what is stored, what is answered, what is refused. */
@QuarkusTest
class KeysResourceTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String hash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String create(String hash, String extra) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\":\"ci bot\",\"secret_sha256\":\"" + hash + "\",\"prefix\":\"sk-sb-abcd1234\"" + extra + "}")
                .post("/api/keys")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("prefix", is("sk-sb-abcd1234"))
                .body("secret_sha256", nullValue())
                .extract().path("id");
    }

    @Test
    void createListPatchRevoke() {
        String hash = hash();
        String id = create(hash, ",\"models\":[\"llama3.2:3b\",\"mlx/*\"],\"limits\":{\"requests_per_minute\":5,\"concurrent\":2},"
                + "\"expires_at\":\"2031-01-01T00:00:00+01:00\"");

        given().get("/api/keys/" + id).then().statusCode(200)
                .body("name", is("ci bot"))
                .body("models", is(List.of("llama3.2:3b", "mlx/*")))
                .body("limits.requests_per_minute", is(5))
                .body("limits.concurrent", is(2))
                .body("limits.output_tokens_per_day", nullValue())
                .body("expires_at", is("2030-12-31T23:00:00Z"))
                .body("disabled", is(false));
        String list = given().get("/api/keys").then().statusCode(200).extract().asString();
        assertThat(list).contains(id).doesNotContain(hash);

        given().contentType(ContentType.JSON).body("{\"disabled\":true,\"limits\":{\"output_tokens_per_day\":1000},\"expires_at\":null}")
                .patch("/api/keys/" + id)
                .then().statusCode(200)
                .body("secret_sha256", is(hash))
                .body("disabled", is(true))
                .body("limits.requests_per_minute", nullValue())
                .body("limits.output_tokens_per_day", is(1000))
                .body("expires_at", nullValue());
        List<Map<String, Object>> mirror = given().get("/api/keys/mirror").then().statusCode(200).extract().path("");
        assertThat(mirror).anySatisfy(key -> assertThat(key).containsEntry("id", id).containsEntry("secret_sha256", hash));

        given().delete("/api/keys/" + id).then().statusCode(204);
        given().delete("/api/keys/" + id).then().statusCode(204);
        given().get("/api/keys/" + id).then().statusCode(200).body("revoked_at", notNullValue());
        assertThat(given().get("/api/keys/mirror").then().statusCode(200).extract().asString()).doesNotContain(id);
        given().contentType(ContentType.JSON).body("{\"disabled\":false}").patch("/api/keys/" + id)
                .then().statusCode(400).body("error.message", containsString("revoked"));
    }

    @Test
    void aSecretHashIsStoredOnce() {
        String hash = hash();
        create(hash, "");
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"again\",\"secret_sha256\":\"" + hash + "\",\"prefix\":\"sk-sb-abcd1234\"}")
                .post("/api/keys")
                .then().statusCode(not(201));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "[]",
            "{",
            "{\"name\":\"x\"}",
            "{\"name\":\"\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\"}",
            "{\"name\":\"x\\u0000y\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\"}",
            "{\"name\":\"x\",\"secret_sha256\":\"not-hex\",\"prefix\":\"sk-sb-abcd\"}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"admin\":true}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"models\":\"llama3.2:3b\"}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"models\":[\"a b\"]}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"models\":[\"*\"]}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"models\":[42]}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"limits\":{\"concurrent\":0}}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"limits\":{\"concurrent\":-1}}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"limits\":{\"concurrent\":1.5}}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"limits\":{\"concurrent\":\"2\"}}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"limits\":{\"requests_per_minute\":99999999999999999999}}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"limits\":{\"tokens\":5}}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"expires_at\":\"tomorrow\"}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"sk-sb-abcd\",\"expires_at\":1893456000}",
            "{\"name\":\"x\",\"secret_sha256\":\"HASH\",\"prefix\":\"'; drop table api_key; --\"}",
    })
    void hostileBodiesAre400s(String body) {
        given().contentType(ContentType.JSON).body(body.replace("HASH", hash()))
                .post("/api/keys")
                .then().statusCode(400)
                .body("error.type", is("invalid_request_error"))
                .body("error.message", notNullValue());
    }

    @Test
    void aLongNameOrManyModelsAreRefused() {
        String models = "[" + String.join(",", java.util.Collections.nCopies(KeyRequests.MAX_MODELS + 1, "\"m\"")) + "]";
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + "n".repeat(KeyRequests.MAX_NAME_LENGTH + 1) + "\",\"secret_sha256\":\"" + hash() + "\",\"prefix\":\"sk-sb-abcd\"}")
                .post("/api/keys").then().statusCode(400).body("error.message", containsString("keep it to"));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"models\":" + models + ",\"secret_sha256\":\"" + hash() + "\",\"prefix\":\"sk-sb-abcd\"}")
                .post("/api/keys").then().statusCode(400).body("error.message", containsString("at most"));
    }

    @Test
    void unknownKeysAre404s() {
        given().get("/api/keys/key_nope").then().statusCode(404).body("error.type", is("not_found_error"));
        given().delete("/api/keys/key_nope").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"disabled\":true}").patch("/api/keys/key_nope").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").patch("/api/keys/key_nope").then().statusCode(400);
    }
}
