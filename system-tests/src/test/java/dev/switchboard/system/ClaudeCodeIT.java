package dev.switchboard.system;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Claude Code CLI, headless, pointed at the running suite as the README tells a user to. */
class ClaudeCodeIT {

    @TempDir
    Path home;

    private record Run(int exit, String out) {
    }

    private Run claude(String prompt, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("switchboard.claude", "claude"),
                "-p", prompt, "--model", "claude-sonnet-4-5"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("ANTHROPIC_BASE_URL", Suite.GATEWAY);
        builder.environment().put("ANTHROPIC_API_KEY", "sk-local-test");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("DISABLE_AUTOUPDATER", "1");
        builder.environment().put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("claude did not finish in 180 s: "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aPromptGetsTheModelsAnswer() throws Exception {
        Run run = claude("Say hello. [[sim reply=\"Hello from Switchboard and the simulator.\"]]");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("Hello from Switchboard and the simulator.");
    }

    @Test
    void aClaudeCodeSessionCanBeReadBackWithItsUsage() throws Exception {
        String marker = "session-readback-" + java.util.UUID.randomUUID();
        Run run = claude("Remember " + marker + ". [[sim reply=\"Remembered.\"]]");
        assertThat(run.exit()).as(run.out()).isZero();

        String id = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).queryParam("source", "claude-code").queryParam("q", marker)
                        .get("/api/sessions").then().statusCode(200).extract().<List<String>>path("items.id"),
                ids -> ids.size() == 1).getFirst();
        JsonPath conversation = given().baseUri(Suite.GATEWAY).get("/api/sessions/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(conversation.getString("title")).contains(marker);
        assertThat(conversation.getList("messages.role", String.class)).containsSubsequence("user", "assistant");
        assertThat(conversation.getList("messages.content.flatten().text", String.class)).contains("Remembered.");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                given().baseUri(Suite.GATEWAY).queryParam("conversation_id", id).get("/api/metrics/usage")
                        .then().statusCode(200).extract().jsonPath().getInt("total") >= 1);
    }

    @Test
    void aBashToolCallIsRunByClaudeCodeAndItsOutputReachesTheModel() throws Exception {
        Files.writeString(home.resolve("marker.txt"), "switchboard-tool-output-7731");
        Run run = claude("Show the marker. [[sim tool=Bash args={\"command\":\"cat marker.txt\",\"description\":\"Show the marker\"} "
                + "then=\"The marker was shown.\"]]", "--allowedTools", "Bash");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("The marker was shown.");
        assertThat(Suite.simulatorRequests(5).toString()).contains("switchboard-tool-output-7731");
    }
}
