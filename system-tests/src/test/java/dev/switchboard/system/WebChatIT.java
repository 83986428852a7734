package dev.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web chat in a real headless Chromium (the system's, see scripts/chromium.sh) driven by
 * Playwright, against the suite on the simulators: it uses only what the gateway serves. Each test
 * leaves a screenshot in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebChatIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OLLAMA_MODEL = "ollama/qwen2.5-coder:7b";
    private static Playwright playwright;
    private static BrowserContext browser;
    private static Page page;

    @BeforeAll
    static void openBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().getFirst();
        page.setDefaultTimeout(15_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    @Order(1)
    void theFirstPageIsSmallAndRendersAtOnce() {
        page.navigate(Suite.GATEWAY + "/?model=" + OLLAMA_MODEL);
        waitForModels();
        Map<String, Object> cold = pageLoad("first visit (gateway's first page since it started)");
        // Again with the browser's cache off, the gateway warm: what every new visitor waits for.
        browser.newCDPSession(page).send("Network.setCacheDisabled", cacheOff());
        page.reload();
        waitForModels();
        Map<String, Object> warm = pageLoad("new visitor, no browser cache");
        for (Map<String, Object> load : List.of(cold, warm)) {
            assertThat(number(load, "firstContentfulPaint")).isPositive();
            assertThat(number(load, "compressed")).isPositive().isLessThan(number(load, "uncompressed"));
        }
        assertThat(page.locator("#model").inputValue()).isEqualTo(OLLAMA_MODEL);
        assertThat(page.locator("#model option").allTextContents()).anyMatch(text -> text.contains("thinking"))
                .noneMatch(text -> text.contains("tinyllama"));
    }

    private static JsonObject cacheOff() {
        JsonObject parameters = new JsonObject();
        parameters.addProperty("cacheDisabled", true);
        return parameters;
    }

    /** Size and timing of the page's own files (the API calls left out), from the browser's Performance API. */
    private static Map<String, Object> pageLoad(String what) {
        @SuppressWarnings("unchecked")
        Map<String, Object> load = (Map<String, Object>) page.evaluate("""
                () => {
                  const entries = [performance.getEntriesByType('navigation')[0],
                    ...performance.getEntriesByType('resource').filter(r => r.initiatorType !== 'fetch')];
                  const paint = performance.getEntriesByName('first-contentful-paint')[0];
                  return {
                    files: entries.length,
                    transferred: entries.reduce((sum, e) => sum + e.transferSize, 0),
                    compressed: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
                    uncompressed: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
                    firstContentfulPaint: paint ? paint.startTime : -1,
                    domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                  };
                }""");
        System.out.printf("web chat, %s: %s files, %.1f kB compressed (%.1f kB transferred with headers, %.1f kB uncompressed),"
                        + " first contentful paint %.0f ms, DOMContentLoaded %.0f ms%n", what,
                load.get("files"), number(load, "compressed") / 1024, number(load, "transferred") / 1024,
                number(load, "uncompressed") / 1024, number(load, "firstContentfulPaint"), number(load, "domContentLoaded"));
        return load;
    }

    @Test
    @Order(2)
    void anAnswerStreamsInPiecesAsMarkdownWithHighlightedCode() {
        page.navigate(Suite.GATEWAY + "/?model=" + OLLAMA_MODEL);
        waitForModels();
        recordAnswerText();
        send("Show me a Java constant [[sim reply=\"Here is **Java**:\\n\\n```java\\nint answer = 42;\\n```\\n\\nCopy it with the button.\" tps=25]]");
        Locator answer = lastAnswer();
        eventually().atMost(Duration.ofSeconds(20)).until(WebChatIT::answered);
        assertThat(answer.locator(".markdown strong").textContent()).isEqualTo("Java");
        page.waitForSelector(".message.assistant pre code.hljs");
        assertThat(answer.locator("pre code").textContent()).contains("int answer = 42;");
        assertThat(answer.locator("pre button.copy").count()).isEqualTo(1);
        assertThat(answer.locator(".meta").textContent()).contains("first token").contains("tokens/s");
        assertThat(samples()).as("the answer grew in visible steps").hasSizeGreaterThanOrEqualTo(5);

        recordAnswerText();
        send("Count [[sim tokens=40 tps=25]]");
        eventually().atMost(Duration.ofSeconds(20)).until(() -> lastAnswer().locator(".meta").textContent().contains("40 out"));
        String expected = IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        assertThat(lastAnswer().locator(".markdown").textContent().strip()).isEqualTo(expected);
        List<String> pieces = samples();
        assertThat(pieces).as("distinct states of the answer while it streamed").hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(piece -> assertThat(expected).startsWith(piece.strip()));
        eventually().atMost(Duration.ofSeconds(10)).until(() -> lastAnswer().locator(".meta").textContent().contains("on ollama"));
        screenshot("chat");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        screenshot("chat-dark");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    }

    @Test
    @Order(3)
    void stopEndsTheBackendGenerationAndKeepsThePartialAnswer() {
        page.navigate(Suite.GATEWAY + "/?model=" + OLLAMA_MODEL);
        waitForModels();
        String marker = "stop-" + UUID.randomUUID();
        send(marker + " [[sim tokens=2000 tps=20]]");
        eventually().atMost(Duration.ofSeconds(15)).until(() -> words(lastAnswer()) >= 5);
        Locator stop = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop"));
        Instant clicked = Instant.now();
        Request cancel = page.waitForRequest(request -> request.url().contains("/api/chat/cancel/"), stop::click);
        Instant disconnected = eventually().atMost(Duration.ofSeconds(10)).until(() -> Suite.disconnectOf(marker), Optional::isPresent).orElseThrow();
        cancel.response();
        Instant sent = Instant.ofEpochMilli((long) cancel.timing().startTime);
        long millis = Duration.between(sent, disconnected).toMillis();
        System.out.printf("web chat Stop: backend disconnect %d ms after the page sent the cancel, %d ms after the test clicked%n",
                millis, Duration.between(clicked, disconnected).toMillis());
        assertThat(millis).as("the simulator saw the backend connection close within a second of the cancel").isLessThan(1000);

        Locator answer = lastAnswer();
        answer.locator(".stopped").waitFor();
        assertThat(answer.locator(".stopped").textContent()).isEqualTo("Stopped");
        int shown = words(answer);
        assertThat(shown).isBetween(5, 1999);
        String conversation = conversationId();
        JsonNode kept = eventually().atMost(Duration.ofSeconds(20)).until(() -> lastMessage(conversation),
                message -> message != null && message.path("role").asText().equals("assistant"));
        assertThat(kept.path("partial").asBoolean()).isTrue();
        assertThat(kept.path("content").get(0).path("text").asText()).startsWith("w1 w2 w3 w4 w5");
        screenshot("stopped");

        page.reload();
        lastAnswer().locator(".stopped").waitFor();
        assertThat(lastAnswer().locator(".markdown").textContent()).startsWith("w1 w2 w3 w4 w5");

        String escaped = "esc-" + UUID.randomUUID();
        send(escaped + " [[sim tokens=2000 tps=20]]");
        eventually().atMost(Duration.ofSeconds(15)).until(() -> words(lastAnswer()) >= 3);
        page.keyboard().press("Escape");
        eventually().atMost(Duration.ofSeconds(10)).until(() -> Suite.disconnectOf(escaped), Optional::isPresent);
        lastAnswer().locator(".stopped").waitFor();
    }

    @Test
    @Order(4)
    void aReloadMidAnswerReattachesAndTheAnswerCompletesWithEveryWordOnce() {
        page.navigate(Suite.GATEWAY + "/?model=" + OLLAMA_MODEL);
        waitForModels();
        String marker = "reload-" + UUID.randomUUID();
        send(marker + " [[sim tokens=120 tps=20]]");
        eventually().atMost(Duration.ofSeconds(15)).until(() -> words(lastAnswer()) >= 10);
        String conversation = conversationId();

        page.reload();
        eventually().atMost(Duration.ofSeconds(30)).until(WebChatIT::answered);
        String expected = IntStream.rangeClosed(1, 120).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        assertThat(lastAnswer().locator(".markdown").textContent().strip()).isEqualTo(expected);
        assertThat(page.locator(".message.user").last().textContent()).contains(marker);
        assertThat(Suite.disconnectOf(marker)).as("the backend was not stopped by the reload").isEmpty();
        screenshot("reloaded");

        JsonNode kept = eventually().atMost(Duration.ofSeconds(20)).until(() -> lastMessage(conversation),
                message -> message != null && message.path("role").asText().equals("assistant"));
        assertThat(kept.path("content").get(0).path("text").asText().strip()).isEqualTo(expected);
        page.reload();
        waitForModels();
        assertThat(page.locator(".message.assistant").count()).as("the answer once, from history, after it finished").isEqualTo(1);
        assertThat(lastAnswer().locator(".markdown").textContent().strip()).isEqualTo(expected);
    }

    @Test
    @Order(5)
    void conversationsSurviveAReloadAndCanBeRenamedAndDeleted() {
        page.navigate(Suite.GATEWAY + "/?model=" + OLLAMA_MODEL);
        waitForModels();
        String marker = "keep-" + UUID.randomUUID().toString().substring(0, 8);
        send("Remember " + marker + " [[sim reply=\"Noted.\"]]");
        eventually().atMost(Duration.ofSeconds(20)).until(WebChatIT::answered);
        String conversation = conversationId();
        eventually().atMost(Duration.ofSeconds(20)).until(() -> lastMessage(conversation) != null);

        page.reload();
        waitForModels();
        Locator listed = page.locator("#conversations a[href='/c/" + conversation + "']");
        listed.waitFor();
        assertThat(page.locator(".message.user").first().textContent()).contains(marker);
        assertThat(lastAnswer().locator(".markdown").textContent()).contains("Noted.");
        assertThat(listed.locator(".source").textContent()).isEqualTo("web");

        page.locator("#title").fill("Renamed in the browser " + marker);
        page.locator("#title").press("Enter");
        eventually().atMost(Duration.ofSeconds(10)).until(() -> listed.locator(".title").textContent().equals("Renamed in the browser " + marker));
        assertThat(Suite.get(Suite.GATEWAY + "/api/sessions/" + conversation).path("title").asText()).isEqualTo("Renamed in the browser " + marker);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Regenerate")).click();
        eventually().atMost(Duration.ofSeconds(20)).until(WebChatIT::answered);
        assertThat(page.locator(".message.assistant").count()).as("the answer replaced, not added").isEqualTo(1);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit")).click();
        assertThat(page.locator("#prompt").inputValue()).as("Edit puts the question back in the prompt").contains(marker);
        assertThat(page.locator(".message").count()).as("Edit takes the question and its answer off the page").isZero();

        page.locator("#search").fill(marker);
        eventually().atMost(Duration.ofSeconds(10)).until(() -> page.locator("#conversations a").count() == 1);
        screenshot("conversations");
        page.locator("#search").fill("");

        page.onceDialog(dialog -> dialog.accept());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).click();
        eventually().atMost(Duration.ofSeconds(10)).until(() -> status(Suite.GATEWAY + "/api/sessions/" + conversation) == 404);
        eventually().atMost(Duration.ofSeconds(10)).until(() -> page.locator("#conversations a[href='/c/" + conversation + "']").count() == 0);
        assertThat(URI.create(page.url()).getPath()).isEqualTo("/");

        page.navigate(Suite.GATEWAY + "/c/" + conversation);
        page.locator("#banner").waitFor();
        assertThat(page.locator("#banner").textContent()).contains("does not exist");
    }

    @Test
    @Order(6)
    void theUsageTabChartsTheRequests() {
        page.navigate(Suite.GATEWAY + "/");
        waitForModels();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Usage")).click();
        eventually().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            page.locator("#usage-refresh").click();
            return (Boolean) page.evaluate("() => [...document.querySelectorAll('#charts rect.bar')].some(bar => Number(bar.dataset.value) > 0)");
        });
        assertThat(page.locator("#charts figure").count()).isEqualTo(4);
        assertThat(page.locator("#summary table").first().textContent()).contains("qwen2.5-coder:7b");
        assertThat(page.locator("#summary").textContent()).contains("web");
        assertThat(page.locator("#load meter").count()).isGreaterThanOrEqualTo(2);
        screenshot("usage");
    }

    @Test
    @Order(7)
    void aServerStoppedWhileThePageIsOpenShowsDownWithinTenSeconds() {
        page.navigate(Suite.GATEWAY + "/");
        waitForModels();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Servers")).click();
        page.locator("#servers .server").first().waitFor();
        assertThat(page.locator("#servers .server.down").count()).isZero();
        try {
            Suite.script("stop", "simulator-mlx");
            Instant stopped = Instant.now();
            page.waitForFunction("() => document.querySelectorAll('#servers .server.down').length === 1",
                    null, new Page.WaitForFunctionOptions().setTimeout(10_000));
            System.out.printf("web chat shows a stopped server down after %d ms%n", Duration.between(stopped, Instant.now()).toMillis());
            assertThat(page.locator("#server-health").textContent()).containsPattern("1 of \\d+ servers down").contains(":4011");
            assertThat(page.locator("#servers .server.down").textContent()).contains(Suite.SIMULATOR_MLX.replace("http://", ""));
            screenshot("server-down");
        } finally {
            Suite.script("start", "simulator-mlx");
        }
        page.waitForFunction("() => document.querySelectorAll('#servers .server.down').length === 0",
                null, new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    @Test
    @Order(8)
    void anUnknownModelIsExplainedInPlace() {
        page.navigate(Suite.GATEWAY + "/?model=no-such-model:1b");
        waitForModels();
        send("Hello?");
        lastAnswer().locator(".error").waitFor();
        assertThat(lastAnswer().locator(".error").textContent()).contains("no-such-model:1b");
        screenshot("unknown-model");
    }

    @Test
    @Order(9)
    void aPhonesWidthKeepsThePromptAndOpensTheConversationsOnDemand() {
        page.setViewportSize(390, 844);
        try {
            page.navigate(Suite.GATEWAY + "/?model=" + OLLAMA_MODEL);
            waitForModels();
            assertThat(page.locator("#prompt").isVisible()).isTrue();
            assertThat(page.locator("#sidebar").isVisible()).isFalse();
            Locator menu = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Conversations"));
            menu.click();
            assertThat(page.locator("#sidebar").isVisible()).isTrue();
            assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
            screenshot("phone");
            menu.click();
            send("Short [[sim reply=\"Fits.\"]]");
            eventually().atMost(Duration.ofSeconds(20)).until(WebChatIT::answered);
            assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        } finally {
            page.setViewportSize(1280, 800);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Awaitility polling on the test's thread: Playwright's objects belong to the thread that made them. */
    private static ConditionFactory eventually() {
        return await().pollInSameThread().pollInterval(Duration.ofMillis(100));
    }

    /** The last answer has finished streaming. */
    private static boolean answered() {
        return page.locator(".message.assistant.streaming").count() == 0 && !page.locator("#stop").isVisible()
                && lastAnswer().locator(".meta").textContent().contains(" out");
    }

    private static void waitForModels() {
        page.waitForFunction("() => document.querySelectorAll('#model option[value]:not([value=\"\"])').length > 0");
    }

    private static void send(String text) {
        page.locator("#prompt").fill(text);
        page.locator("#prompt").press("Enter");
        page.waitForFunction("() => !document.getElementById('stop').hidden || document.querySelector('.message.assistant:last-child .meta')?.textContent");
    }

    private static Locator lastAnswer() {
        return page.locator(".message.assistant").last();
    }

    private static int words(Locator answer) {
        String text = answer.locator(".markdown").count() == 0 ? "" : answer.locator(".markdown").first().textContent().strip();
        return text.isEmpty() ? 0 : text.split("\\s+").length;
    }

    /** Records every state the last answer's text goes through, from now on. */
    private static void recordAnswerText() {
        page.evaluate("""
                () => {
                  window.answerStates = [];
                  window.answerObserver?.disconnect();
                  window.answerObserver = new MutationObserver(() => {
                    const text = document.querySelector('#messages > li:last-child.assistant .markdown')?.textContent ?? '';
                    if (text && window.answerStates.at(-1) !== text) window.answerStates.push(text);
                  });
                  window.answerObserver.observe(document.getElementById('messages'), { subtree: true, childList: true, characterData: true });
                }""");
    }

    @SuppressWarnings("unchecked")
    private static List<String> samples() {
        return new ArrayList<>(new LinkedHashSet<>((List<String>) page.evaluate("() => window.answerStates")));
    }

    private static String conversationId() {
        Matcher matcher = Pattern.compile("/c/([^/?#]+)").matcher(page.url());
        assertThat(matcher.find()).as("the address names the conversation: " + page.url()).isTrue();
        return matcher.group(1);
    }

    private static JsonNode lastMessage(String conversation) {
        if (status(Suite.GATEWAY + "/api/sessions/" + conversation) != 200) {
            return null;
        }
        JsonNode messages = Suite.get(Suite.GATEWAY + "/api/sessions/" + conversation).path("messages");
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double number(Map<String, Object> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    private static void openTogether() {
        page.navigate(Suite.GATEWAY + "/#together");
        page.waitForFunction("() => document.querySelectorAll('.participant-model option').length > 0");
        page.locator("#together-new").click();
    }

    /** Sets participant {@code index} (from 0); the model as the servers list it, without a pool. */
    private static void participant(int index, String model, String name, String system) {
        Locator row = page.locator(".participant").nth(index);
        row.locator(".participant-model").selectOption(model);
        row.locator(".participant-name").fill(name);
        row.locator(".participant-system").fill(system);
    }

    private static void startTogether(String message) {
        page.locator("#together-prompt").fill(message);
        page.locator("#together-start").click();
    }

    private static void awaitExchangeEnd() {
        page.waitForFunction("() => !document.querySelector('#together-start').disabled"
                + " && document.querySelector('#together-stop').hidden && document.querySelector('#together-messages .speaker')",
                null, new Page.WaitForFunctionOptions().setTimeout(60_000));
    }

    private static List<String> speakers() {
        return page.locator("#together-messages .speaker .who").allTextContents();
    }

    private static List<String> spoken() {
        return page.locator("#together-messages .speaker .plain").allTextContents().stream().map(String::strip).toList();
    }

    @Test
    @Order(30)
    void twoModelsTalkInTheBrowserEachUnderItsOwnNameAndTheUserContinues() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        openTogether();
        participant(0, "qwen2.5-coder:7b", "Alpha", "You prefer tea. [[sim reply=\"Tea, surely: it is gentler, and a pot serves four.\" ttft_ms=5 tps=60]]");
        participant(1, "llama3.2:3b", "Beta", "You prefer coffee. [[sim reply=\"Coffee: it wakes the mind and the espresso is art.\" ttft_ms=5 tps=60]]");
        page.locator("#together-rounds").fill("2");
        startTogether("Tea or coffee? Make your case in one sentence. " + marker);
        awaitExchangeEnd();

        assertThat(speakers()).containsExactly("Alpha · qwen2.5-coder:7b", "Beta · llama3.2:3b", "Alpha · qwen2.5-coder:7b",
                "Beta · llama3.2:3b");
        assertThat(page.locator("#together-messages .speaker-0").count()).isEqualTo(2);
        assertThat(page.locator("#together-messages .speaker-1").count()).isEqualTo(2);
        assertThat(spoken()).containsExactly("Tea, surely: it is gentler, and a pot serves four.",
                "Coffee: it wakes the mind and the espresso is art.", "Tea, surely: it is gentler, and a pot serves four.",
                "Coffee: it wakes the mind and the espresso is art.");
        assertThat(page.locator("#together-messages .message.user .plain").first().textContent()).contains(marker);
        assertThat(page.locator("#together-start").textContent()).isEqualTo("Continue");
        assertThat(page.locator("#together-export").getAttribute("href")).startsWith("/api/sessions/conv_").endsWith("/export?format=markdown");
        screenshot("multi-model");

        page.locator("#together-rounds").fill("1");
        startTogether("Agree on one, briefly.");
        page.waitForFunction("() => document.querySelectorAll('#together-messages .speaker').length === 6");
        awaitExchangeEnd();
        assertThat(page.locator("#together-messages .message.user").count()).isEqualTo(2);
        assertThat(speakers()).hasSize(6).endsWith("Alpha · qwen2.5-coder:7b", "Beta · llama3.2:3b");
    }

    @Test
    @Order(31)
    void aReloadDuringTheExchangeContinuesWithEveryWordOnce() {
        openTogether();
        participant(0, "qwen2.5-coder:7b", "Alpha", "[[sim tokens=40 ttft_ms=5 tps=25]]");
        participant(1, "llama3.2:3b", "Beta", "[[sim tokens=40 ttft_ms=5 tps=25]]");
        page.locator("#together-rounds").fill("1");
        startTogether("Count with me.");
        page.waitForFunction("() => (document.querySelector('#together-messages .speaker .plain')?.textContent ?? '').includes('w8')");

        page.reload();
        awaitExchangeEnd();

        String words = IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        assertThat(speakers()).containsExactly("Alpha · qwen2.5-coder:7b", "Beta · llama3.2:3b");
        assertThat(spoken()).containsExactly(words, words);
    }

    @Test
    @Order(33)
    void sideBySideShowsOneColumnPerModel() {
        openTogether();
        page.locator("#add-participant").click();
        participant(0, "qwen2.5-coder:7b", "Qwen", "[[sim reply=\"I am Qwen.\" ttft_ms=5 tps=100]]");
        participant(1, "llama3.2:3b", "Llama", "[[sim reply=\"I am Llama.\" ttft_ms=5 tps=100]]");
        participant(2, "qwen3:8b", "Thinker", "[[sim reply=\"I am the thinker.\" ttft_ms=5 tps=100]]");
        page.locator("#together-mode").selectOption("side-by-side");
        startTogether("Who are you?");
        awaitExchangeEnd();

        Locator columns = page.locator("#together-messages .side-by-side > div");
        assertThat(columns.count()).isEqualTo(3);
        assertThat(columns.nth(0).locator(".plain").textContent()).isEqualTo("I am Qwen.");
        assertThat(columns.nth(1).locator(".plain").textContent()).isEqualTo("I am Llama.");
        assertThat(columns.nth(2).locator(".plain").textContent()).isEqualTo("I am the thinker.");
        screenshot("multi-model-side-by-side");
    }

    @Test
    @Order(32)
    void stopInTheExchangeEndsItAndKeepsWhatWasSaid() {
        openTogether();
        participant(0, "qwen2.5-coder:7b", "Alpha", "[[sim tokens=2000 ttft_ms=5 tps=20]]");
        participant(1, "llama3.2:3b", "Beta", "[[sim tokens=2000 ttft_ms=5 tps=20]]");
        page.locator("#together-rounds").fill("2");
        startTogether("Count slowly.");
        page.waitForFunction("() => (document.querySelector('#together-messages .speaker .plain')?.textContent ?? '').includes('w5')");
        page.locator("#together-prompt").fill("Faster, please.");
        page.locator("#together-prompt").press("Enter");
        page.waitForFunction("() => document.querySelector('#together-messages .message.user.waiting')");

        page.locator("#together-stop").click();
        awaitExchangeEnd();

        assertThat(speakers()).containsExactly("Alpha · qwen2.5-coder:7b");
        assertThat(page.locator("#together-messages .speaker .stopped").textContent()).isEqualTo("Stopped");
        // The message that waited is shown, and that no model answered it.
        assertThat(page.locator("#together-messages .message.user .plain").allTextContents()).containsExactly("Count slowly.", "Faster, please.");
        assertThat(page.locator("#together-messages .message.user .stopped").textContent()).isEqualTo("Stopped before the models answered");
        assertThat(spoken().getFirst()).startsWith("w1 w2 w3 w4 w5");
        assertThat(page.locator("#together-start").textContent()).isEqualTo("Continue");
    }

    @Test
    @Order(34)
    void aMessageSentWhileTheModelsTalkComesAfterTheCurrentTurn() {
        openTogether();
        while (page.locator(".participant").count() > 2) {
            page.locator(".participant").last().locator("button").click();
        }
        page.locator("#together-mode").selectOption("conversation");
        participant(0, "qwen2.5-coder:7b", "Alpha", "[[sim tokens=30 ttft_ms=5 tps=15]]");
        participant(1, "llama3.2:3b", "Beta", "[[sim reply=\"Noted.\" ttft_ms=5 tps=100]]");
        page.locator("#together-rounds").fill("3");
        startTogether("Count to thirty.");
        page.waitForFunction("() => (document.querySelector('#together-messages .speaker .plain')?.textContent ?? '').includes('w3')");

        page.locator("#together-rounds").fill("1");
        page.locator("#together-prompt").fill("Beta, what did Alpha count to?");
        page.locator("#together-prompt").press("Enter");
        page.waitForFunction("() => document.querySelector('#together-messages .message.user.waiting')");
        assertThat(page.locator("#together-messages .waiting-note").textContent()).isEqualTo("After the current turn");
        awaitExchangeEnd();

        assertThat(page.locator("#together-messages .message.user.waiting").count()).isZero();
        assertThat(page.locator("#together-messages > li .who").allTextContents()).containsExactly("You", "Alpha · qwen2.5-coder:7b",
                "You", "Beta · llama3.2:3b", "Alpha · qwen2.5-coder:7b");
        assertThat(page.locator("#together-messages .message.user .plain").allTextContents())
                .containsExactly("Count to thirty.", "Beta, what did Alpha count to?");
        assertThat(spoken().getFirst()).endsWith("w29 w30");
        assertThat(spoken().get(1)).isEqualTo("Noted.");
    }

    private static void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }
}
