package dev.switchboard.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * The README's screenshots, taken by {@code scripts/screenshots.sh} (not part of the test run): a
 * gateway with keys on, signed in with a key of its own, so the page shows only what this key did,
 * whatever else the database holds. The simulator's reply directives go in system prompts, out of
 * sight; the pictures show the page as a user sees it.
 */
class ReadmeScreenshots {

    private static final String GATEWAY = "http://127.0.0.1:4005";
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final Path OUT = Path.of(System.getenv().getOrDefault("SWITCHBOARD_SCREENSHOTS", "target/readme-screenshots"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Playwright playwright;
    private static BrowserContext browser;
    private static Page page;

    @BeforeAll
    static void signIn() throws Exception {
        Suite.scriptWith(Map.of("SWITCHBOARD_AUTH", "keys", "SWITCHBOARD_ADMIN_TOKEN", ADMIN), "start", "api-gateway-2");
        await().atMost(Duration.ofSeconds(90)).until(() -> status(GATEWAY + "/q/health/ready") == 200);
        String key = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/keys"))
                .header("authorization", "Bearer " + ADMIN).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"laptop\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("key").asText();
        Files.createDirectories(OUT);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().getFirst();
        page.setDefaultTimeout(30_000);
        page.navigate(GATEWAY + "/?model=ollama/qwen2.5-coder:7b");
        page.locator("#signin-key").fill(key);
        page.locator("dialog.signin button[type=submit]").click();
        waitForModels();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        Suite.script("stop", "api-gateway-2");
    }

    @Test
    void takeThem() throws Exception {
        conversation("How do consumer groups spread a topic's partitions?",
                "Each partition goes to exactly one consumer of the group; add consumers up to the partition count to read in parallel.");
        conversation("A regex for an ISO date",
                "`^\\d{4}-\\d{2}-\\d{2}$` matches the shape; parse with `LocalDate.parse` to reject 2026-02-30.");
        conversation("Name three sorting algorithms that are stable",
                "Merge sort, insertion sort and Timsort (what `List.sort` uses for objects).");
        conversation("Read a file line by line in Java", """
                Use `Files.lines`: it reads lazily, and closing the stream closes the file.

                ```java
                try (Stream<String> lines = Files.lines(Path.of("notes.txt"))) {
                    lines.filter(line -> !line.isBlank())
                         .forEach(System.out::println);
                }
                ```

                For a small file, `Files.readAllLines` returns every line at once as a `List<String>`.""");
        ask("And to count the words?", """
                Split each line on white space and add up the pieces:

                ```java
                long words = lines.flatMap(line -> Arrays.stream(line.trim().split("\\\\s+")))
                                  .filter(word -> !word.isEmpty())
                                  .count();
                ```""");
        page.locator("#prompt").blur();
        screenshot("chat");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        screenshot("chat-dark");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));

        page.locator("#search").fill("regex");
        await().atMost(Duration.ofSeconds(10)).pollInSameThread()
                .until(() -> page.locator("#conversations li").count() == 1);
        page.locator("#conversations a").first().click();
        page.locator(".message.assistant .meta").first().waitFor();
        screenshot("conversations");
        page.locator("#search").fill("");

        together();
        usage();
        serverDown();
    }

    /** A new conversation: {@code question} answered with {@code answer}. */
    private static void conversation(String question, String answer) {
        page.locator("#new-chat").click();
        ask(question, answer);
    }

    private static void ask(String question, String answer) {
        scripted("You are a concise programming assistant.", answer);
        page.locator("#prompt").fill(question);
        page.locator("#prompt").press("Enter");
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(100)).until(() ->
                page.locator(".message.assistant.streaming").count() == 0 && !page.locator("#stop").isVisible()
                        && page.locator(".message.assistant").last().locator(".meta").textContent().contains(" out"));
    }

    /** The conversation's system prompt, with the simulator's reply after it, out of the settings' view. */
    private static void scripted(String system, String reply) {
        Locator settings = page.locator("#settings");
        if (settings.getAttribute("open") == null) {
            page.locator("#settings summary").click();
        }
        page.locator("#system").fill(system + "\n\n\n\n\n" + directive(reply, 40));
        page.locator("#system").dispatchEvent("change");
        page.locator("#settings summary").click();
    }

    private static String directive(String reply, int tokensPerSecond) {
        String quoted = reply.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return "[[sim reply=\"" + quoted + "\" ttft_ms=300 tps=" + tokensPerSecond + "]]";
    }

    private static void together() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Models together")).click();
        page.waitForFunction("() => document.querySelectorAll('.participant-model option').length > 0");
        page.locator("#together-new").click();
        participant(0, "qwen2.5-coder:7b", "Ada", "You review code and defend static types. Answer in one or two sentences.",
                "Types are documentation the compiler checks: a rename across the whole code base is safe on the first try.");
        participant(1, "llama3.2:3b", "Linus", "You like dynamic languages and short programs. Answer in one or two sentences.",
                "Tests check what matters, behaviour, and the program you do not have to annotate is the one you finish by Friday.");
        page.locator("#together-rounds").fill("1");
        page.locator("#together-prompt").fill("Static or dynamic types for a small team's new service? Make your case.");
        page.locator("#together-start").click();
        page.waitForFunction("() => !document.querySelector('#together-start').disabled"
                + " && document.querySelector('#together-stop').hidden && document.querySelectorAll('#together-messages .speaker').length === 2",
                null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        page.evaluate("() => document.querySelectorAll('.participant-system').forEach(prompt => prompt.scrollTop = 0)");
        screenshot("multi-model");
    }

    private static void participant(int index, String model, String name, String system, String reply) {
        Locator row = page.locator(".participant").nth(index);
        row.locator(".participant-model").selectOption(model);
        row.locator(".participant-name").fill(name);
        row.locator(".participant-system").fill(system + "\n\n\n\n\n" + directive(reply, 60));
    }

    private static void usage() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Usage")).click();
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofSeconds(1)).until(() -> {
            page.locator("#usage-refresh").click();
            page.waitForFunction("() => !document.querySelector('#usage-state').textContent.includes('Loading')");
            return (Boolean) page.evaluate("() => document.querySelectorAll('#summary tr').length > 2");
        });
        screenshot("usage");
    }

    private static void serverDown() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Servers")).click();
        page.locator("#servers .server").first().waitFor();
        Suite.script("stop", "simulator-mlx");
        try {
            page.waitForFunction("() => document.querySelectorAll('#servers .server.down').length === 1");
            screenshot("server-down");
        } finally {
            Suite.script("start", "simulator-mlx");
        }
    }

    private static void waitForModels() {
        page.waitForFunction("() => document.querySelectorAll('#model option[value]:not([value=\"\"])').length > 0");
    }

    private static void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(OUT.resolve(name + ".png")));
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
