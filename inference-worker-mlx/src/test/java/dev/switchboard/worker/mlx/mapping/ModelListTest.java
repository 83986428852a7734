package dev.switchboard.worker.mlx.mapping;

import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static dev.switchboard.worker.core.testkit.TestJobs.json;
import static org.assertj.core.api.Assertions.assertThat;

class ModelListTest {

    private final ModelCapabilities capabilities = new ModelCapabilities(List.of("*qwen3-*", " ", "*deepseek-r1*"),
            List.of("*-VL-*"));

    @Test
    void readsWhatEachServerTells() {
        List<ModelInfo> models = ModelList.models(json("""
                {"object": "list", "data": [
                  {"id": "mlx-community/Qwen3-8B-4bit", "object": "model", "created": 1755600000},
                  {"id": "/Users/me/models/Mistral-7B-Instruct-v0.3-4bit", "object": "model", "created": 1755600000},
                  {"id": "../models/Qwen2.5-VL-7B-Instruct-Q4_K_M.gguf", "object": "model", "created": 1735142223, "owned_by": "llamacpp",
                   "architecture": {"input_modalities": ["text", "image"], "output_modalities": ["text"]},
                   "meta": {"vocab_type": 2, "n_vocab": 128256, "n_ctx_train": 131072, "n_embd": 4096, "n_params": 8030261312, "size": 4912898304}},
                  {"id": "gemma-3-4b-it", "object": "model", "owned_by": "llamacpp", "meta": null,
                   "architecture": {"input_modalities": ["text", "image"], "output_modalities": ["text"]}},
                  {"id": "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "object": "model", "created": 1757141666, "owned_by": "vllm",
                   "root": "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "parent": null, "max_model_len": 32768, "permission": []},
                  {"id": "", "object": "model"},
                  {"object": "model"}
                ]}"""), capabilities);

        assertThat(models).containsExactly(
                new ModelInfo("mlx-community/Qwen3-8B-4bit", null, Set.of(Capability.TOOLS, Capability.THINKING)),
                new ModelInfo("/Users/me/models/Mistral-7B-Instruct-v0.3-4bit", null, Set.of(Capability.TOOLS)),
                new ModelInfo("../models/Qwen2.5-VL-7B-Instruct-Q4_K_M.gguf", 131072, Set.of(Capability.TOOLS, Capability.VISION)),
                new ModelInfo("gemma-3-4b-it", null, Set.of(Capability.TOOLS, Capability.VISION)),
                new ModelInfo("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", 32768, Set.of(Capability.TOOLS, Capability.THINKING)));
    }

    @Test
    void anEmptyOrOddListIsNoModels() {
        assertThat(ModelList.models(json("{\"object\":\"list\",\"data\":[]}"), capabilities)).isEmpty();
        assertThat(ModelList.models(json("{\"models\":[{\"name\":\"x\"}]}"), capabilities)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "*qwen3-*, mlx-community/Qwen3-30B-A3B-4bit, true",
            "*qwen3-*, mlx-community/Qwen2.5-Coder-7B, false",
            "qwen3-?b, QWEN3-8B, true",
            "qwen3-?b, qwen3-14b, false",
            "a.b, axb, false",
            "*[x]*, model-[x]-1, true"
    })
    void patternsMatchWholeNamesIgnoringCase(String glob, String model, boolean matches) {
        assertThat(ModelCapabilities.compile(glob).matcher(model).matches()).isEqualTo(matches);
    }
}
