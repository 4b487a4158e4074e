package dev.hostgap.harness;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentTest {

    @Test
    void theDriverApiVersionReadsAsNvidiaSmiPrintsIt() {
        assertThat(Environment.cudaVersion(12080)).isEqualTo("12.8");
        assertThat(Environment.cudaVersion(13000)).isEqualTo("13.0");
    }

    @Test
    void theDriverVersionIsTheMappedDriverLibrarysWhereProcHidesIt() {
        List<String> maps = List.of(
                "7f1c2a000000-7f1c2a200000 r--p 00000000 00:2c 123 /usr/lib/x86_64-linux-gnu/libcudart.so.13.0.48",
                "7f1c2b000000-7f1c2b400000 r-xp 00000000 00:2c 456 /usr/lib/x86_64-linux-gnu/libcuda.so.580.159.04",
                "7f1c2c000000-7f1c2c100000 r--p 00000000 00:2c 789 /usr/lib/x86_64-linux-gnu/libcuda.so.1.bak");
        assertThat(Environment.mappedDriverLibrary(maps)).contains("580.159.04");
        assertThat(Environment.mappedDriverLibrary(List.of(maps.get(0), maps.get(2)))).isEmpty();
    }

    @Test
    void theHostSideNeedsNoGpu() {
        assertThat(Environment.jcudaVersion()).isEqualTo("12.6.0");
        assertThat(Environment.hostAttributes()).containsKeys("jcuda", "cpu_model", "cpus_allowed");
        assertThat(Environment.jvmVersion()).startsWith(String.valueOf(Runtime.version().feature()));
        assertThat(Environment.hostName()).isNotBlank();
    }
}
