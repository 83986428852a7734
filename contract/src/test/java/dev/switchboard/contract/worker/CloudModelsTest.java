package dev.switchboard.contract.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CloudModelsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "gpt-oss:120b-cloud, true",
            "gpt-oss:20b:cloud, true",
            "glm-4.6:cloud, true",
            "Kimi-K2:1T-CLOUD, true",
            "qwen3-coder:480b-cloud , true",
            "llama3.2, false",
            "llama3.2:latest, false",
            "cloudy:7b, false",
            "my-cloud-tools:8b, false"})
    void recognisesOllamasCloudNames(String model, boolean cloud) {
        assertThat(CloudModels.isCloudName(model)).isEqualTo(cloud);
    }

    @Test
    void theRefusalNamesTheSettingAndItsVariable() {
        assertThat(CloudModels.refusal("glm-4.6:cloud"))
                .contains("glm-4.6:cloud", "switchboard.worker.allow-cloud-models=true", "SWITCHBOARD_WORKER_ALLOW_CLOUD_MODELS=true");
    }
}
