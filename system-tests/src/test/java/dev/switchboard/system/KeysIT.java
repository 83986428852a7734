package dev.switchboard.system;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.contract.RedisKeys;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * API keys through two gateway instances with keys on (the suite's on-demand instances 2 and 3,
 * started here with SWITCHBOARD_AUTH=keys; the main gateway stays open for the other tests): made,
 * used through the real Anthropic, OpenAI and Ollama clients, listed, limited, disabled, expired and
 * revoked, each change seen by both instances at once; and no secret in any answer after its
 * creation, in the database or in a log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysIT {

    private static final String GATEWAY_2 = "http://127.0.0.1:4005";
    private static final String GATEWAY_3 = "http://127.0.0.1:4006";
    private static final String SESSION_SERVICE = "http://127.0.0.1:4001";
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String MODEL = "qwen2.5-coder:7b";
    private static final String OTHER_MODEL = "llama3.2:3b";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every secret made here, looked for in the logs at the end. */
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startGatewaysWithKeys() {
        Map<String, String> keys = Map.of("SWITCHBOARD_AUTH", "keys", "SWITCHBOARD_ADMIN_TOKEN", ADMIN);
        Suite.scriptWith(keys, "start", "api-gateway-2");
        Suite.scriptWith(keys, "start", "api-gateway-3");
        for (String gateway : List.of(GATEWAY_2, GATEWAY_3)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> send(get(gateway + "/q/health/ready")).statusCode() == 200);
        }
    }

    @AfterAll
    static void stopThem() {
        Suite.script("stop", "api-gateway-2");
        Suite.script("stop", "api-gateway-3");
    }

    @Test
    @Order(1)
    void theKeyApiNeedsTheAdminTokenAndIsOffWithoutOne() throws Exception {
        HttpResponse<String> anonymous = send(get(GATEWAY_2 + "/api/keys"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).at("/error/type").asText()).isEqualTo("authentication_error");

        String key = make("{\"name\":\"not an admin\"}").path("key").asText();
        assertThat(send(get(GATEWAY_3 + "/api/keys").header("authorization", "Bearer " + key)).statusCode()).isEqualTo(403);
        assertThat(send(get(GATEWAY_3 + "/api/keys").header("authorization", "Bearer wrong-" + ADMIN)).statusCode()).isEqualTo(401);
        assertThat(send(admin("GET", GATEWAY_3 + "/api/keys", null)).statusCode()).isEqualTo(200);
        // The main gateway of the suite has no admin token: no key API at all.
        assertThat(send(admin("GET", Suite.GATEWAY + "/api/keys", null)).statusCode()).isEqualTo(404);
        // Pulling models is the administrator's when keys are on.
        HttpResponse<String> pull = send(HttpRequest.newBuilder(URI.create(GATEWAY_2 + "/api/pull")).header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\"}")).build());
        assertThat(pull.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void aKeyIsMadeUsedThroughEveryProtocolListedAndRevokedOnBothGateways() throws Exception {
        JsonNode made = make("{\"name\":\"every protocol\"}");
        String key = made.path("key").asText();
        String id = made.path("id").asText();
        assertThat(key).startsWith("sk-sb-").hasSizeGreaterThan(40);
        assertThat(made.path("prefix").asText()).isEqualTo(key.substring(0, 14));

        assertThat(Suite.text(anthropic(GATEWAY_2, key).messages().create(ask(MODEL, "[[sim reply=\"via anthropic\" ttft_ms=5 tps=500]]"))))
                .isEqualTo("via anthropic");
        // The Anthropic SDK's bearer form, as Claude Code sends ANTHROPIC_AUTH_TOKEN.
        assertThat(Suite.text(AnthropicOkHttpClient.builder().baseUrl(GATEWAY_3).authToken(key).maxRetries(0).build()
                .messages().create(ask(MODEL, "[[sim reply=\"bearer\" ttft_ms=5 tps=500]]")))).isEqualTo("bearer");
        assertThat(openAi(GATEWAY_3, key).chat().completions().create(openAiAsk(MODEL, "[[sim reply=\"via openai\" ttft_ms=5 tps=500]]"))
                .choices().getFirst().message().content()).contains("via openai");
        assertThat(ollama(GATEWAY_2, key).chat(ollamaAsk(MODEL, "[[sim reply=\"via ollama\" ttft_ms=5 tps=500]]"), null)
                .getResponseModel().getMessage().getResponse()).isEqualTo("via ollama");

        HttpResponse<String> list = send(admin("GET", GATEWAY_2 + "/api/keys", null));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id).doesNotContain(key).doesNotContain(sha256(key));
        JsonNode listed = find(JSON.readTree(list.body()), id);
        assertThat(listed.path("usage").path("last_used_at").isTextual()).isTrue();
        assertThat(listed.has("key")).isFalse();
        assertThat(send(admin("GET", GATEWAY_3 + "/api/keys/" + id, null)).body()).doesNotContain(key);

        assertThat(send(admin("DELETE", GATEWAY_2 + "/api/keys/" + id, null)).statusCode()).isEqualTo(204);
        // Refused at once, by both gateways, in every protocol's own shape.
        assertThatThrownBy(() -> anthropic(GATEWAY_3, key).messages().create(ask(MODEL, "after revoking")))
                .isInstanceOfSatisfying(UnauthorizedException.class,
                        e -> assertThat(e.errorType()).contains(ErrorType.AUTHENTICATION_ERROR));
        assertThatThrownBy(() -> openAi(GATEWAY_2, key).chat().completions().create(openAiAsk(MODEL, "after revoking")))
                .isInstanceOfSatisfying(com.openai.errors.UnauthorizedException.class,
                        e -> assertThat(e.code()).contains("invalid_api_key"));
        assertThatThrownBy(() -> ollama(GATEWAY_3, key).chat(ollamaAsk(MODEL, "after revoking"), null))
                .isInstanceOf(OllamaException.class).hasMessageContaining("Unauthorized");
        assertOllamaError(GATEWAY_3, key, 401, "not valid");
        assertThat(send(admin("GET", GATEWAY_3 + "/api/keys/" + id, null)).body()).contains("\"revoked_at\":\"");
    }

    @Test
    @Order(3)
    void aModelOutsideTheKeysAllowanceIsForbiddenAndUnlistedModelsStayUsable() throws Exception {
        String key = make("{\"name\":\"one model\",\"models\":[\"" + OTHER_MODEL + "\"]}").path("key").asText();

        assertThat(Suite.text(anthropic(GATEWAY_2, key).messages().create(ask(OTHER_MODEL, "[[sim reply=\"allowed\" ttft_ms=5 tps=500]]"))))
                .isEqualTo("allowed");
        assertThatThrownBy(() -> anthropic(GATEWAY_2, key).messages().create(ask(MODEL, "not allowed")))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining(OTHER_MODEL);
        assertThatThrownBy(() -> openAi(GATEWAY_3, key).chat().completions().create(openAiAsk(MODEL, "not allowed")))
                .isInstanceOf(com.openai.errors.PermissionDeniedException.class);
        assertThatThrownBy(() -> ollama(GATEWAY_3, key).chat(ollamaAsk(MODEL, "not allowed"), null))
                .isInstanceOf(OllamaException.class);
        assertOllamaError(GATEWAY_3, key, 403, "may not use model");

        // Every listing shows only what the key may use.
        JsonNode openAiModels = JSON.readTree(send(get(GATEWAY_2 + "/v1/models").header("authorization", "Bearer " + key)).body());
        assertThat(openAiModels.findValuesAsText("id")).containsExactly(OTHER_MODEL);
        JsonNode anthropicModels = JSON.readTree(send(get(GATEWAY_3 + "/v1/models").header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")).body());
        assertThat(anthropicModels.path("data").findValuesAsText("id")).containsExactly(OTHER_MODEL);
        JsonNode tags = JSON.readTree(send(get(GATEWAY_2 + "/api/tags").header("authorization", "Bearer " + key)).body());
        assertThat(tags.path("models").findValuesAsText("name")).containsExactly(OTHER_MODEL);
        JsonNode servers = JSON.readTree(send(get(GATEWAY_3 + "/api/models/servers").header("x-api-key", key)).body());
        assertThat(servers.path("servers").findValues("models").stream().flatMap(models -> models.findValuesAsText("name").stream()))
                .containsOnly(OTHER_MODEL);
        // One model by its name, in both protocols' shapes: another model is not found.
        assertThat(anthropic(GATEWAY_2, key).models().retrieve(OTHER_MODEL).id()).isEqualTo(OTHER_MODEL);
        assertThatThrownBy(() -> anthropic(GATEWAY_2, key).models().retrieve(MODEL)).isInstanceOf(NotFoundException.class);
        assertThat(openAi(GATEWAY_3, key).models().retrieve(OTHER_MODEL).id()).isEqualTo(OTHER_MODEL);
        assertThatThrownBy(() -> openAi(GATEWAY_3, key).models().retrieve(MODEL))
                .isInstanceOf(com.openai.errors.NotFoundException.class).hasMessageNotContaining(MODEL + ",");
        // A key without an allowance sees every model.
        String every = make("{\"name\":\"every model\"}").path("key").asText();
        assertThat(JSON.readTree(send(get(GATEWAY_3 + "/v1/models").header("authorization", "Bearer " + every)).body())
                .findValuesAsText("id")).contains(MODEL, OTHER_MODEL);
    }

    @Test
    @Order(4)
    void fiftyConcurrentRequestsThroughBothGatewaysAdmitExactlyTheRequestsPerMinute() throws Exception {
        int allowed = 7;
        String key = make("{\"name\":\"rpm\",\"limits\":{\"requests_per_minute\":" + allowed + "}}").path("key").asText();
        // All fifty in one minute window: start early enough in a minute.
        await().atMost(Duration.ofSeconds(40)).until(() -> LocalTime.now(ZoneOffset.UTC).getSecond() < 30);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(HTTP.sendAsync(messages(i % 2 == 0 ? GATEWAY_2 : GATEWAY_3, key,
                    "[[sim reply=\"ok\" ttft_ms=5 tps=500]] " + i), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> all = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            all.add(answer.get(120, TimeUnit.SECONDS));
        }
        assertThat(all.stream().filter(a -> a.statusCode() == 200).count()).isEqualTo(allowed);
        List<HttpResponse<String>> limited = all.stream().filter(a -> a.statusCode() == 429).toList();
        assertThat(limited).hasSize(50 - allowed);
        for (HttpResponse<String> refusal : limited) {
            assertThat(Long.parseLong(refusal.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
            assertThat(JSON.readTree(refusal.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        }

        // Each client library sees its own rate-limit error, with the retry-after header.
        assertThatThrownBy(() -> anthropic(GATEWAY_2, key).messages().create(ask(MODEL, "over")))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.headers().values("retry-after")).isNotEmpty());
        assertThatThrownBy(() -> openAi(GATEWAY_3, key).chat().completions().create(openAiAsk(MODEL, "over")))
                .isInstanceOfSatisfying(com.openai.errors.RateLimitException.class,
                        e -> assertThat(e.headers().values("retry-after")).isNotEmpty());
        assertThatThrownBy(() -> ollama(GATEWAY_2, key).chat(ollamaAsk(MODEL, "over"), null))
                .isInstanceOf(OllamaException.class);
        assertThat(assertOllamaError(GATEWAY_2, key, 429, "requests per minute").headers().firstValue("retry-after")).isPresent();
    }

    @Test
    @Order(5)
    void aKeyRunsNoMoreGenerationsAtOnceThanAllowedAndASlotFreesWhenItsClientLeaves() throws Exception {
        String key = make("{\"name\":\"one at a time\",\"limits\":{\"concurrent\":1}}").path("key").asText();
        HttpResponse<InputStream> running = HTTP.send(streaming(GATEWAY_2, key, "[[sim tokens=2000 ttft_ms=5 tps=20]]"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(running.body().read(new byte[64])).isPositive();

        HttpResponse<String> second = send(messages(GATEWAY_3, key, "[[sim reply=\"second\" ttft_ms=5 tps=500]]"));
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).contains("at once");

        running.body().close();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                send(messages(GATEWAY_3, key, "[[sim reply=\"now\" ttft_ms=5 tps=500]]")).statusCode() == 200);
    }

    @Test
    @Order(16)
    void aResumableGenerationWhoseClientLeftHoldsItsSlotAndIsCountedUntilItEnds() throws Exception {
        String key = make("{\"name\":\"resumable\",\"limits\":{\"concurrent\":1,\"output_tokens_per_day\":20}}")
                .path("key").asText();
        HttpResponse<InputStream> running = HTTP.send(HttpRequest.newBuilder(streaming(GATEWAY_2, key,
                        "[[sim tokens=100 ttft_ms=5 tps=20]]"), (name, value) -> true).header("switchboard-resumable", "true").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(running.body().read(new byte[64])).isPositive();
        running.body().close();

        // It runs on without its client: the key's one slot stays taken.
        HttpResponse<String> second = send(messages(GATEWAY_3, key, "[[sim reply=\"second\" ttft_ms=5 tps=500]]"));
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).contains("at once");
        // It ends (done, or stopped by its worker after a while with nobody attached): its slot is free and
        // its tokens are counted, past the day's 20, so nothing more runs.
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            HttpResponse<String> next = send(messages(GATEWAY_3, key, "[[sim reply=\"next\" ttft_ms=5 tps=500]]"));
            assertThat(next.statusCode()).as(next.body()).isEqualTo(429);
            return next.body().contains("output tokens per day");
        });
    }

    @Test
    @Order(6)
    void outputTokensPerDayAreCountedAndThenRefusedUntilMidnight() throws Exception {
        String key = make("{\"name\":\"tokens\",\"limits\":{\"output_tokens_per_day\":5}}").path("key").asText();
        assertThat(send(messages(GATEWAY_2, key, "[[sim tokens=12 ttft_ms=5 tps=500]]")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> send(messages(GATEWAY_3, key, "[[sim tokens=1]]")).statusCode() == 429);
        HttpResponse<String> refused = send(messages(GATEWAY_3, key, "[[sim tokens=1]]"));
        assertThat(refused.body()).contains("output tokens per day");
        long untilMidnight = Duration.between(Instant.now(), Instant.now().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
        assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isBetween(untilMidnight - 60, untilMidnight + 60);
    }

    @Test
    @Order(7)
    void disablingExpiringAndReenablingAreSeenByBothGateways() throws Exception {
        JsonNode made = make("{\"name\":\"toggled\"}");
        String key = made.path("key").asText();
        String id = made.path("id").asText();
        assertThat(send(admin("PATCH", GATEWAY_3 + "/api/keys/" + id, "{\"disabled\":true}")).statusCode()).isEqualTo(200);
        assertThat(send(messages(GATEWAY_2, key, "[[sim tokens=1]]")).statusCode()).isEqualTo(401);
        assertThat(send(messages(GATEWAY_3, key, "[[sim tokens=1]]")).body()).contains("disabled");
        assertThat(send(admin("PATCH", GATEWAY_2 + "/api/keys/" + id, "{\"disabled\":false}")).statusCode()).isEqualTo(200);
        assertThat(send(messages(GATEWAY_3, key, "[[sim tokens=1]]")).statusCode()).isEqualTo(200);

        String soon = Instant.now().plusSeconds(6).toString();
        String expiring = make("{\"name\":\"expiring\",\"expires_at\":\"" + soon + "\"}").path("key").asText();
        assertThat(send(messages(GATEWAY_2, expiring, "[[sim tokens=1]]")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> send(messages(GATEWAY_3, expiring, "[[sim tokens=1]]")).statusCode() == 401);
        assertThat(send(messages(GATEWAY_2, expiring, "[[sim tokens=1]]")).body()).contains("expired");
    }

    @Test
    @Order(8)
    void theWebChatSignsInWithAnHttpOnlyCookieAndThePageStaysOpen() throws Exception {
        String key = make("{\"name\":\"web\"}").path("key").asText();
        assertThat(send(get(GATEWAY_2 + "/").header("accept", "text/html")).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_2 + "/")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(200);
        assertThat(send(get(GATEWAY_2 + "/api/sessions")).statusCode()).isEqualTo(401);

        HttpResponse<String> wrong = send(signIn(GATEWAY_2, "sk-sb-nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = send(signIn(GATEWAY_2, key));
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).doesNotContain(key);
        String cookie = signedIn.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").startsWith("switchboard_key=");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        assertThat(send(get(GATEWAY_3 + "/api/sessions").header("cookie", pair)).statusCode()).isEqualTo(200);
        // A body waits while the key is looked up, and reaches the endpoint whole.
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(GATEWAY_2 + "/api/sessions")).header("cookie", pair)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"made with a key\",\"source\":\"api\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).path("title").asText()).isEqualTo("made with a key");
    }

    @Test
    @Order(11)
    void aBrowserSignsInThroughTheFormAndItsScriptsNeverSeeTheKey() throws Exception {
        String key = make("{\"name\":\"browser\"}").path("key").asText();
        try (Playwright playwright = Chromium.playwright(); BrowserContext browser = Chromium.launch(playwright)) {
            Page page = browser.newPage();
            page.setDefaultTimeout(15_000);
            page.navigate(GATEWAY_2 + "/");
            Locator form = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Sign in to Switchboard"));
            form.waitFor();
            form.getByLabel("API key").fill("sk-sb-wrong");
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
            // The refusal is written when the gateway's answer arrives, not with the click.
            page.waitForFunction("() => document.querySelector('dialog.signin [role=alert]').textContent.trim() !== ''");
            assertThat(form.getByRole(AriaRole.ALERT).textContent()).isNotBlank();

            form.getByLabel("API key").fill(key);
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign in")).click();
            page.waitForLoadState();
            await().atMost(Duration.ofSeconds(15)).until(() -> !page.getByRole(AriaRole.DIALOG).isVisible()
                    && send(get(GATEWAY_2 + "/api/sessions").header("cookie", cookieOf(page))).statusCode() == 200);
            Object seen = page.evaluate("() => document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
            assertThat(String.valueOf(seen)).doesNotContain(key.substring(14));
        }
    }

    @Test
    @Order(9)
    void hostileInputOnTheKeyApiGetsA4xxThatSaysWhatToFix() throws Exception {
        for (String body : List.of("", "not json", "[1,2]", "{\"name\":42}", "{\"name\":\"x\",\"limits\":{\"concurrent\":-5}}",
                "{\"name\":\"x\",\"models\":\"all\"}", "{\"name\":\"x\",\"expires_at\":\"soon\"}", "{\"name\":\"x\",\"owner\":\"root\"}",
                "{\"name\":\"x\",\"secret_sha256\":\"" + "0".repeat(64) + "\"}", "{\"name\":\"" + "x".repeat(10_000) + "\"}")) {
            HttpResponse<String> answer = send(admin("POST", GATEWAY_2 + "/api/keys", body));
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).at("/error/message").asText()).as(body).isNotBlank();
        }
        assertThat(send(admin("PATCH", GATEWAY_3 + "/api/keys/key_nope", "{\"disabled\":true}")).statusCode()).isEqualTo(404);
        assertThat(send(admin("DELETE", GATEWAY_3 + "/api/keys/" + "k".repeat(3000), null)).statusCode()).isEqualTo(404);
        assertThat(send(admin("GET", GATEWAY_3 + "/api/keys/%27%20or%201%3D1", null)).statusCode()).isEqualTo(404);
        // Junk keys of every shape are a 401, never a 500.
        for (String junk : List.of("sk-sb-", "sk-sb-" + "a".repeat(5000), "Bearer", "''; drop table api_key")) {
            assertThat(send(messages(GATEWAY_2, junk, "hi")).statusCode()).as(junk).isEqualTo(401);
        }
    }

    @Test
    @Order(10)
    void aGatewayOnANetworkAddressWithoutKeysRefusesToStart() throws Exception {
        Path jar = Path.of(System.getProperty("switchboard.suite.script")).getParent().getParent()
                .resolve("api-gateway/target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().remove("SWITCHBOARD_AUTH");
        builder.environment().put("QUARKUS_HTTP_HOST", "0.0.0.0");
        builder.environment().put("QUARKUS_HTTP_PORT", "4007");
        Process process = builder.start();
        byte[] output;
        try (InputStream out = process.getInputStream()) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the gateway stops by itself").isTrue();
            output = out.readAllBytes();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).isNotZero();
        assertThat(new String(output, StandardCharsets.UTF_8)).contains("refusing to start").contains("SWITCHBOARD_AUTH=keys");
    }

    @Test
    @Order(12)
    void aKeySeesReattachesToAndCancelsOnlyItsOwnGenerations() throws Exception {
        String mine = make("{\"name\":\"owner\"}").path("key").asText();
        String theirs = make("{\"name\":\"someone else\"}").path("key").asText();
        String conversation = "keys-owner-" + UUID.randomUUID();
        HttpResponse<InputStream> running = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY_2 + "/v1/messages"))
                .header("content-type", "application/json").header("x-api-key", mine).header("anthropic-version", "2023-06-01")
                .header("switchboard-resumable", "true").header("switchboard-conversation-id", conversation)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"max_tokens\":4000,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"[[sim tokens=2000 ttft_ms=5 tps=20]]\"}]}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(running.statusCode()).isEqualTo(200);
        String id = running.headers().firstValue("switchboard-message-id").orElseThrow();
        try {
            assertThat(send(get(GATEWAY_3 + "/api/chat/" + id + "/stream").header("x-api-key", theirs)).statusCode()).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/chat/cancel/" + id)).header("x-api-key", theirs)
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(404);
            String list = "/api/chat?conversation_id=" + conversation;
            assertThat(send(get(GATEWAY_3 + list).header("x-api-key", theirs)).body()).doesNotContain(id);
            assertThat(send(get(GATEWAY_3 + list).header("x-api-key", mine)).body()).contains(id);
            assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/chat/cancel/" + id)).header("x-api-key", mine)
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);
        } finally {
            running.body().close();
        }
    }

    @Test
    @Order(12)
    void aKeyReattachesToCancelsAndContinuesOnlyItsOwnMultiModelExchanges() throws Exception {
        String mine = make("{\"name\":\"exchange owner\"}").path("key").asText();
        String theirs = make("{\"name\":\"someone else\"}").path("key").asText();
        String body = "{\"participants\":[{\"model\":\"" + MODEL + "\",\"name\":\"Alpha\",\"system\":\"[[sim tokens=2000 ttft_ms=5 tps=20]]\"},"
                + "{\"model\":\"" + MODEL + "\",\"name\":\"Beta\",\"system\":\"[[sim tokens=2000 ttft_ms=5 tps=20]]\"}],"
                + "\"message\":\"Talk.\",\"mode\":\"conversation\",\"rounds\":1}";
        HttpResponse<InputStream> running = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY_2 + "/api/chat/multi-model"))
                .header("content-type", "application/json").header("x-api-key", mine)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(running.statusCode()).isEqualTo(200);
        String id = running.headers().firstValue("switchboard-message-id").orElseThrow();
        try {
            assertThat(send(get(GATEWAY_3 + "/api/chat/" + id + "/stream").header("x-api-key", theirs)).statusCode()).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/chat/multi-model/" + id + "/messages"))
                    .header("content-type", "application/json").header("x-api-key", theirs)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"Mine now.\",\"rounds\":1}")).build()).statusCode())
                    .isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/chat/cancel/" + id)).header("x-api-key", theirs)
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/chat/cancel/" + id)).header("x-api-key", mine)
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);
        } finally {
            running.body().close();
        }
    }

    @Test
    @Order(13)
    void keysLostFromRedisAreCopiedBackFromSessionService() throws Exception {
        JsonNode made = make("{\"name\":\"survives redis\"}");
        String key = made.path("key").asText();
        String id = made.path("id").asText();
        assertThat(send(messages(GATEWAY_2, key, "[[sim tokens=1]]")).statusCode()).isEqualTo(200);
        // As if Redis restarted without its data: the copy and its completeness mark are gone.
        Suite.redis("DEL", RedisKeys.apiKeysMirrored(), RedisKeys.apiKey(id), RedisKeys.apiKeySecret(sha256(key)));
        assertThat(send(messages(GATEWAY_3, key, "[[sim tokens=1]]")).statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(60)).until(() -> send(messages(GATEWAY_3, key, "[[sim tokens=1]]")).statusCode() == 200);
    }

    @Test
    @Order(14)
    void aKeySeesOnlyItsOwnUsage() throws Exception {
        String mine = make("{\"name\":\"usage owner\"}").path("key").asText();
        String theirs = make("{\"name\":\"usage stranger\"}").path("key").asText();
        HttpResponse<String> answered = send(messages(GATEWAY_2, mine, "[[sim tokens=3]]"));
        assertThat(answered.statusCode()).isEqualTo(200);
        String job = answered.headers().firstValue("switchboard-message-id").orElseThrow();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                send(get(GATEWAY_3 + "/api/metrics/usage/" + job).header("x-api-key", mine)).statusCode() == 200);
        assertThat(send(get(GATEWAY_3 + "/api/metrics/usage/" + job).header("x-api-key", theirs)).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(send(get(GATEWAY_2 + "/api/metrics/usage?size=500").header("x-api-key", mine)).body())
                .path("total").asLong()).isEqualTo(1);
        // Naming another key in the query changes nothing: the caller's own key narrows it.
        JsonNode strangers = JSON.readTree(send(get(GATEWAY_2 + "/api/metrics/usage?size=500&api_key=" + "x")
                .header("x-api-key", theirs)).body());
        assertThat(strangers.path("total").asLong()).isZero();
        assertThat(send(admin("GET", GATEWAY_2 + "/api/metrics/usage/" + job, null)).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(15)
    void aKeySeesOnlyItsOwnConversations() throws Exception {
        String mine = make("{\"name\":\"conversation owner\"}").path("key").asText();
        String theirs = make("{\"name\":\"conversation stranger\"}").path("key").asText();
        String word = "w" + UUID.randomUUID().toString().replace("-", "");
        String myConversation = "keys-conversation-" + UUID.randomUUID();
        String theirConversation = "keys-conversation-" + UUID.randomUUID();
        assertThat(send(inConversation(messages(GATEWAY_2, mine, word + " [[sim tokens=2]]"), myConversation)).statusCode()).isEqualTo(200);
        assertThat(send(inConversation(messages(GATEWAY_3, theirs, word + " [[sim tokens=2]]"), theirConversation)).statusCode())
                .isEqualTo(200);
        // The web chat makes its conversation first: it is the key's too.
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/sessions")).header("x-api-key", mine)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + word + "\"}")).build());
        assertThat(created.statusCode()).isEqualTo(201);
        String madeEmpty = JSON.readTree(created.body()).path("id").asText();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                send(get(GATEWAY_3 + "/api/sessions/" + myConversation).header("x-api-key", mine)).statusCode() == 200
                        && send(get(GATEWAY_2 + "/api/sessions/" + theirConversation).header("x-api-key", theirs)).statusCode() == 200);
        JsonNode myList = JSON.readTree(send(get(GATEWAY_2 + "/api/sessions?q=" + word).header("x-api-key", mine)).body());
        assertThat(myList.path("items").findValuesAsText("id")).containsExactlyInAnyOrder(myConversation, madeEmpty);
        // Naming another key in the query changes nothing: the caller's own key narrows it.
        JsonNode theirList = JSON.readTree(send(get(GATEWAY_3 + "/api/sessions?api_key=x&q=" + word).header("x-api-key", theirs)).body());
        assertThat(theirList.path("items").findValuesAsText("id")).containsExactly(theirConversation);

        for (String path : List.of("/api/sessions/" + myConversation, "/api/sessions/" + myConversation + "/export")) {
            HttpResponse<String> refused = send(get(GATEWAY_2 + path).header("x-api-key", theirs));
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(refused.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        }
        assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/sessions/" + myConversation)).header("x-api-key", theirs)
                .header("content-type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"archived\":true}"))
                .build()).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(GATEWAY_3 + "/api/sessions/" + myConversation)).header("x-api-key", theirs)
                .DELETE().build()).statusCode()).isEqualTo(404);
        // The administrator sees both; the key still has its own.
        JsonNode all = JSON.readTree(send(admin("GET", GATEWAY_2 + "/api/sessions?q=" + word, null)).body());
        assertThat(all.path("items").findValuesAsText("id")).contains(myConversation, theirConversation);
        assertThat(send(get(GATEWAY_3 + "/api/sessions/" + myConversation).header("x-api-key", mine)).body()).contains("\"archived\":false");
    }

    @Test
    @Order(100)
    void noSecretIsInTheDatabaseOrAnyLog() throws Exception {
        assertThat(SECRETS).isNotEmpty();
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/switchboard", "switchboard", "switchboard");
             ResultSet result = db.createStatement().executeQuery("select row_to_json(k)::text from session.api_key k")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        String table = String.join("\n", rows);
        for (String secret : SECRETS) {
            assertThat(table).contains(sha256(secret)).doesNotContain(secret).doesNotContain(secret.substring(14));
        }
        assertThat(send(get(SESSION_SERVICE + "/api/keys")).body()).doesNotContain("secret_sha256");

        Path logs = Path.of(System.getProperty("switchboard.suite.run-dir"), "logs");
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                for (String secret : SECRETS) {
                    assertThat(text).as(log.toString()).doesNotContain(secret.substring(14));
                }
                assertThat(text).as(log.toString()).doesNotContain(ADMIN);
            }
        }
    }

    /** The Ollama front's own refusal: the status and {"error": "…"}, which ollama4j reads only in part. */
    private static HttpResponse<String> assertOllamaError(String gateway, String key, int status, String message) throws IOException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(gateway + "/api/chat"))
                .header("authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + MODEL + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("error").asText()).contains(message);
        return answer;
    }

    private static String cookieOf(Page page) {
        return page.context().cookies().stream().filter(c -> c.name.equals("switchboard_key"))
                .map(c -> c.name + "=" + c.value).findFirst().orElse("");
    }

    private static JsonNode make(String body) throws IOException {
        HttpResponse<String> answer = send(admin("POST", GATEWAY_2 + "/api/keys", body));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode made = JSON.readTree(answer.body());
        SECRETS.add(made.path("key").asText());
        return made;
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode key : list) {
            if (key.path("id").asText().equals(id)) {
                return key;
            }
        }
        throw new AssertionError("key " + id + " is not listed");
    }

    private static AnthropicClient anthropic(String gateway, String key) {
        return AnthropicOkHttpClient.builder().baseUrl(gateway).apiKey(key).maxRetries(0).build();
    }

    private static OpenAIClient openAi(String gateway, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static Ollama ollama(String gateway, String key) {
        Ollama ollama = new Ollama(gateway);
        ollama.setBearerAuth(key);
        ollama.setRequestTimeoutSeconds(30);
        return ollama;
    }

    private static MessageCreateParams ask(String model, String prompt) {
        return MessageCreateParams.builder().model(model).maxTokens(64).addUserMessage(prompt).build();
    }

    private static ChatCompletionCreateParams openAiAsk(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).maxCompletionTokens(64).addUserMessage(prompt).build();
    }

    private static OllamaChatRequest ollamaAsk(String model, String prompt) {
        return OllamaChatRequest.builder().withModel(model).withMessage(OllamaChatMessageRole.USER, prompt).build();
    }

    private static HttpRequest messages(String gateway, String key, String prompt) {
        return HttpRequest.newBuilder(URI.create(gateway + "/v1/messages")).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                        + "\"content\":" + quoted(prompt) + "}]}")).build();
    }

    private static HttpRequest inConversation(HttpRequest request, String conversation) {
        return HttpRequest.newBuilder(request, (name, value) -> true).header("switchboard-conversation-id", conversation).build();
    }

    private static HttpRequest streaming(String gateway, String key, String prompt) {
        return HttpRequest.newBuilder(URI.create(gateway + "/v1/messages")).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"max_tokens\":4000,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":" + quoted(prompt) + "}]}")).build();
    }

    private static HttpRequest signIn(String gateway, String key) {
        return HttpRequest.newBuilder(URI.create(gateway + "/api/auth/session")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":" + quoted(key) + "}")).build();
    }

    private static HttpRequest admin(String method, String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + ADMIN).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
