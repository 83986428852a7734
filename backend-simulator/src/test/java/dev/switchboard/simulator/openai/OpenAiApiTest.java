package dev.switchboard.simulator.openai;

import dev.switchboard.simulator.SimulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class OpenAiApiTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void listsModels() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("qwen2.5-coder:7b", "mlx-community/Qwen2.5-Coder-7B-Instruct-4bit"))
                .body("data.object", everyItem(equalTo("model")))
                .body("data.created", everyItem(notNullValue()))
                .body("data.owned_by", everyItem(notNullValue()));
    }

    @Test
    void healthIsOk() {
        given().get("/health").then().statusCode(200).body("status", equalTo("ok"));
    }

    @Test
    void aChunkedBodyWithoutContentLengthGets411LikeMlxLmServer() throws Exception {
        byte[] body = SimulatorClient.chat("llama3.2:3b", "hi").toString().getBytes(StandardCharsets.UTF_8);
        SimulatorClient client = new SimulatorClient(base);
        HttpRequest chunked = client.request("/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        assertThat(chunked.bodyPublisher().orElseThrow().contentLength()).isNegative();

        HttpResponse<String> response = client.send(chunked);

        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(SimulatorClient.json(response.body()).path("error").asText()).isEqualTo("Content-Length header is required");
    }

    @Test
    void theSameBodyWithContentLengthIsServedOnBothPaths() throws Exception {
        SimulatorClient client = new SimulatorClient(base);
        for (String path : new String[] {"/v1/chat/completions", "/chat/completions"}) {
            HttpResponse<String> response = client.send(client.post(path, SimulatorClient.chat("llama3.2:3b", "hi")));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(SimulatorClient.json(response.body()).path("object").asText()).isEqualTo("chat.completion");
        }
    }
}
