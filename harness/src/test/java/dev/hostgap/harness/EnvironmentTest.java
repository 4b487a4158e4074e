package dev.hostgap.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentTest {

    @Test
    void theDriverApiVersionReadsAsNvidiaSmiPrintsIt() {
        assertThat(Environment.cudaVersion(12080)).isEqualTo("12.8");
        assertThat(Environment.cudaVersion(13000)).isEqualTo("13.0");
    }

    @Test
    void theHostSideNeedsNoGpu() {
        assertThat(Environment.jcudaVersion()).isEqualTo("12.6.0");
        assertThat(Environment.hostAttributes()).containsKeys("jcuda", "cpu_model", "cpus_allowed");
        assertThat(Environment.jvmVersion()).startsWith(String.valueOf(Runtime.version().feature()));
        assertThat(Environment.hostName()).isNotBlank();
    }
}
