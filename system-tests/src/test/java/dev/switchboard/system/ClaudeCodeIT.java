package dev.switchboard.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aBashToolCallIsRunByClaudeCodeAndItsOutputReachesTheModel() throws Exception {
        Files.writeString(home.resolve("marker.txt"), "switchboard-tool-output-7731");
        Run run = claude("Show the marker. [[sim tool=Bash args={\"command\":\"cat marker.txt\",\"description\":\"Show the marker\"} "
                + "then=\"The marker was shown.\"]]", "--allowedTools", "Bash");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("The marker was shown.");
        assertThat(Suite.simulatorRequests(5).toString()).contains("switchboard-tool-output-7731");
    }
}
