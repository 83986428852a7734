package dev.switchboard.gateway.keys;

import dev.switchboard.gateway.keys.AuthConfig.Mode;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure decisions of who may use the gateway: the mode at start, what is open, allowances, secrets. */
class AuthDecisionsTest {

    @ParameterizedTest(name = "SWITCHBOARD_AUTH={0} on {1}: {2}")
    @CsvSource({
            ",        127.0.0.1, OFF,  false, false",
            ",        localhost, OFF,  false, false",
            ",        ::1,       OFF,  false, false",
            ",        0.0.0.0,   OFF,  true,  false",
            ",        10.1.2.3,  OFF,  true,  false",
            "OFF,     0.0.0.0,   OFF,  false, true",
            "OFF,     127.0.0.1, OFF,  false, false",
            "KEYS,    0.0.0.0,   KEYS, false, false",
            "KEYS,    127.0.0.1, KEYS, false, false",
    })
    void theModeAtStart(Mode configured, String host, Mode mode, boolean refused, boolean warned) {
        AuthMode decided = AuthMode.decide(Optional.ofNullable(configured), host);
        assertThat(decided.mode()).isEqualTo(mode);
        assertThat(decided.refusal() != null).isEqualTo(refused);
        assertThat(decided.warning() != null).isEqualTo(warned);
        if (refused) {
            assertThat(decided.refusal()).contains("SWITCHBOARD_AUTH=keys", "SWITCHBOARD_ADMIN_TOKEN", "SWITCHBOARD_AUTH=off");
        }
    }

    @ParameterizedTest(name = "{0} {1}: open {2}")
    @CsvSource({
            "GET,    /,                       true",
            "HEAD,   /,                       true",
            "GET,    /c/abc,                  true",
            "GET,    /assets/app.js,          true",
            "GET,    /q/health/ready,         true",
            "POST,   /api/auth/session,       true",
            "DELETE, /api/auth/session,       true",
            "POST,   /,                       false",
            "GET,    /q/metrics,              false",
            "GET,    /api/sessions,           false",
            "POST,   /v1/messages,            false",
            "GET,    /v1/models,              false",
            "GET,    /api/tags,               false",
            "POST,   /assets/app.js,          false",
            "GET,    /q/healthz,              false",
    })
    void whatIsOpenWithoutAKey(String method, String path, boolean open) {
        assertThat(AuthFilter.open(HttpMethod.valueOf(method), path)).isEqualTo(open);
    }

    @Test
    void anAllowanceNamesModelsOrWholePools() {
        ModelAllowance allowance = ModelAllowance.parse("llama3.2:3b,mlx/*");
        assertThat(allowance.allows("llama3.2:3b", "ollama")).isTrue();
        assertThat(allowance.allows("qwen3:8b", "mlx")).isTrue();
        assertThat(allowance.allows("qwen2.5-coder:7b", "ollama")).isFalse();
        assertThat(ModelAllowance.parse("").allows("anything", "any")).isTrue();
        assertThat(new ModelAllowance(List.of()).allows("anything", "any")).isTrue();
    }

    @Test
    void secretsAreLongRandomAndKnownByTheirHashAndPrefix() {
        String one = Secrets.newSecret();
        String two = Secrets.newSecret();
        assertThat(one).startsWith("sk-sb-").hasSize(6 + 43).isNotEqualTo(two);
        assertThat(Secrets.sha256(one)).hasSize(64).matches("[0-9a-f]+").isEqualTo(Secrets.sha256(one)).isNotEqualTo(Secrets.sha256(two));
        assertThat(Secrets.prefix(one)).isEqualTo(one.substring(0, 14));
        assertThat(Secrets.same("token", "token")).isTrue();
        assertThat(Secrets.same("token", "tokem")).isFalse();
        assertThat(Secrets.same("token", "token2")).isFalse();
    }
}
