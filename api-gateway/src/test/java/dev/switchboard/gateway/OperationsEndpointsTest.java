package dev.switchboard.gateway;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Runs against the real Kafka and Redis named by the environment (or Dev Services). */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessReflectsKafkaAndRedis() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsStringIgnoringCase("kafka")))
                .body("checks.name", hasItem(containsStringIgnoringCase("redis")))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void livenessMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("Switchboard API gateway"));
    }

    @Test
    void theBaseUrlAnswersProbes() {
        given().head("/").then().statusCode(200);
        given().get("/").then().statusCode(200).body(containsString("Switchboard"));
        for (String accept : new String[] {"*/*", "application/json", "text/plain", "application/x-ndjson"}) {
            given().accept(accept).get("/").then().statusCode(200)
                    .contentType(containsString("text/plain")).body(is("Switchboard is running"));
        }
    }

    @Test
    void aBrowserGetsTheWebChatWithAPolicyThatAllowsOnlyTheGatewaysScripts() {
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
        given().accept(browser).get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", is("nosniff"))
                .body(containsString("<textarea id=\"prompt\""))
                .body(containsString("/assets/app.js"));
        given().accept(browser).get("/c/3f1e2c50-0000-4000-8000-000000000001").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("/assets/app.js"));
        given().get("/assets/app.js").then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void theLibrariesThePageNamesAreServedFromTheirJars() {
        String page = given().accept("text/html").get("/").asString();
        String markdown = given().get("/assets/markdown.js").asString();
        Matcher paths = Pattern.compile("/(?:_static|webjars)/[^'\"`$]+\\.(?:js|css)").matcher(page + markdown);
        int found = 0;
        while (paths.find()) {
            found++;
            given().get(paths.group()).then().statusCode(200);
        }
        assertThat(found).isGreaterThanOrEqualTo(3);
    }
}
