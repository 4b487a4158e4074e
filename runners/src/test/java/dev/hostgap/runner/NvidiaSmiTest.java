package dev.hostgap.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NvidiaSmiTest {

    @Test
    void readsDriverClocksAndThrottleReasonsFromNvidiaSmiXml() throws Exception {
        NvidiaSmi.Report report = NvidiaSmi.parse(Files.readString(Path.of("src/test/resources/nvidia-smi-h100-throttled.xml")));
        assertThat(report.driverVersion()).isEqualTo("580.159.04");
        assertThat(report.cudaVersion()).isEqualTo("13.0");
        NvidiaSmi.GpuState gpu = report.gpus().get(0);
        assertThat(gpu.name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(gpu.smClockMhz()).isEqualTo("1755");
        assertThat(gpu.maxSmClockMhz()).isEqualTo("1980");
        assertThat(gpu.throttleReasons()).containsExactly("sw_power_cap");
    }

    /** nvidia-smi-h200.xml was recorded on the H200 node of docs/gpu-results.md (driver 580.159.04). */
    @Test
    void readsRealH200OutputWhereAnIdleGpuIsNotThrottled() throws Exception {
        NvidiaSmi.Report report = NvidiaSmi.parse(Files.readString(Path.of("src/test/resources/nvidia-smi-h200.xml")));
        assertThat(report.driverVersion()).isEqualTo("580.159.04");
        assertThat(report.cudaVersion()).isEqualTo("13.0");
        assertThat(report.gpus()).hasSize(1);
        NvidiaSmi.GpuState gpu = report.gpus().get(0);
        assertThat(gpu.name()).isEqualTo("NVIDIA H200");
        assertThat(gpu.uuid()).startsWith("GPU-");
        assertThat(gpu.maxSmClockMhz()).isEqualTo("1980");
        assertThat(gpu.activeReasons()).contains("gpu_idle");
        assertThat(gpu.throttleReasons()).isEmpty();
    }

    @Test
    void marksARunThrottledWhenEitherReadingShowsThrottling() throws Exception {
        NvidiaSmi.Report throttled = NvidiaSmi.parse(Files.readString(Path.of("src/test/resources/nvidia-smi-h100-throttled.xml")));
        Map<String, String> attributes = new TreeMap<>();
        EnvironmentReport.clocks(throttled, 0, "before", attributes);
        EnvironmentReport env = new EnvironmentReport("NVIDIA H100", "580", "13.0", "jcuda-12.6.0", "17", "n", attributes)
                .withAfterRun(Optional.of(throttled), 0);
        assertThat(env.throttled()).isTrue();
        assertThat(env.attributes()).containsEntry("sm_clock_mhz_before", "1755").containsEntry("throttle_reasons_after", "sw_power_cap");
    }

    @Test
    void refusesSomethingThatIsNotNvidiaSmiOutput() {
        assertThatThrownBy(() -> NvidiaSmi.parse("not xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nvidia-smi");
    }
}
