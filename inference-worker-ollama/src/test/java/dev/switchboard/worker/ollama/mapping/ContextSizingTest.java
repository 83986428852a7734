package dev.switchboard.worker.ollama.mapping;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextSizingTest {

    private final ContextSizing sizing = new ContextSizing(8192, 2048);

    @ParameterizedTest(name = "prompt {0} + max tokens {1}, model max {2}, loaded {3} -> num_ctx {4}, num_predict {5}")
    @CsvSource(nullValues = "-", value = {
            // small prompts share the floor
            "100,     1000,  131072, -,      8192,   1000",
            // prompt + max tokens + margin (256), rounded up to the step
            "10000,   4096,  131072, -,      16384,  4096",
            "6000,    1936,  131072, -,      8192,   1936",
            "6000,    1937,  131072, -,      10240,  1937",
            // Claude Code asks for 32000 tokens: they fit a big model
            "20000,   32000, 262144, -,      53248,  32000",
            // ... not a 32k one: num_predict gets what the prompt leaves
            "20000,   32000, 32768,  -,      32768,  12512",
            // a model smaller than the floor is loaded with its own max
            "100,     1000,  4096,   -,      4096,   1000",
            "3000,    2000,  4096,   -,      4096,   840",
            // unknown model max: floor and step only
            "10000,   4096,  -,      -,      16384,  4096",
            // a loaded context big enough is kept: no reload
            "100,     1000,  131072, 65536,  65536,  1000",
            "10000,   4096,  131072, 24576,  24576,  4096",
            // a loaded context too small is not
            "10000,   4096,  131072, 8192,   16384,  4096",
            // nor one beyond what the model can do
            "100,     1000,  32768,  65536,  8192,   1000"})
    void sizes(int prompt, int maxTokens, Integer modelMax, Integer loaded, int numCtx, int numPredict) {
        assertThat(sizing.size("m", prompt, maxTokens, modelMax, loaded)).isEqualTo(new ContextSize(numCtx, numPredict));
    }

    @Test
    void refusesAPromptThatCannotFitEvenAtTheLowestEstimate() {
        assertThatThrownBy(() -> sizing.size("llama3.2:1b", 180000, 100, 131072, null))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST))
                .hasMessageStartingWith("prompt of about 180000 tokens does not fit llama3.2:1b's context of 131072 tokens; ");
        int lowestFits = (4096 - ContextSizing.MARGIN) * 4 / 3;
        assertThatThrownBy(() -> sizing.size("m", lowestFits + 2, 100, 4096, null)).isInstanceOf(BackendException.class);
    }

    @Test
    void aPromptThatMayFitGetsTheWholeContextAndOllamaDecides() {
        // 40,000 estimated tokens (the estimate errs high) against a 32,768 context: about 30,000 at four bytes a token.
        assertThat(sizing.size("qwen2.5-coder:7b", 40000, 32000, 32768, null)).isEqualTo(new ContextSize(32768, 2512));
        assertThat(sizing.size("m", 4096 - ContextSizing.MARGIN, 100, 4096, null)).isEqualTo(new ContextSize(4096, 100));
    }
}
