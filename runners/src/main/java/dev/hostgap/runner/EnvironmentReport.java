package dev.hostgap.runner;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment block of an upload: GPU, driver, CUDA, runtime, JVM, host, and free attributes
 * (UUID, SM count, compute capability, CPU model and affinity, clocks and throttle reasons before
 * and after the run).
 */
public record EnvironmentReport(String gpu, String driver, String cuda, String runtime, String jvm, String host,
                                Map<String, String> attributes) {

    static EnvironmentReport capture(GpuProbe.DeviceInfo device, Optional<NvidiaSmi.Report> smi, int ordinal) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("sm_count", String.valueOf(device.smCount()));
        attributes.put("compute_capability", device.computeCapability());
        attributes.put("jcuda", RunnerVersion.jcuda());
        attributes.put("cpu_model", cpuModel());
        attributes.put("cpus_allowed", cpusAllowed());
        attributes.put("device_ordinal", String.valueOf(ordinal));
        smi.ifPresent(report -> clocks(report, ordinal, "before", attributes));
        return new EnvironmentReport(device.name(), smi.map(NvidiaSmi.Report::driverVersion).orElse("unknown"),
                smi.map(NvidiaSmi.Report::cudaVersion).orElse("unknown"), "jcuda-" + RunnerVersion.jcuda(),
                jvmVersion(), hostName(), attributes);
    }

    /**
     * The node's environment for an agent job. Where the agent's own JVM cannot load the driver (a
     * job that benchmarks something other than hostgap's workloads may still run here), the GPU is
     * named as nvidia-smi sees it, or {@code none}, and the reason is kept in {@code gpu_probe}.
     */
    static EnvironmentReport ofNode(int ordinal) {
        Optional<NvidiaSmi.Report> smi = NvidiaSmi.query();
        try {
            return capture(GpuProbe.requireGpu(ordinal), smi, ordinal);
        } catch (RunnerException | LinkageError e) {
            Map<String, String> attributes = new TreeMap<>();
            attributes.put("cpu_model", cpuModel());
            attributes.put("cpus_allowed", cpusAllowed());
            attributes.put("device_ordinal", String.valueOf(ordinal));
            String why = String.valueOf(e.getMessage());
            attributes.put("gpu_probe", why.length() > 1000 ? why.substring(0, 1000) : why); // the platform's bound
            smi.ifPresent(report -> clocks(report, ordinal, "before", attributes));
            String gpu = smi.filter(r -> r.gpus().size() > ordinal).map(r -> r.gpus().get(ordinal).name()).orElse("none");
            return new EnvironmentReport(gpu, smi.map(NvidiaSmi.Report::driverVersion).orElse("unknown"),
                    smi.map(NvidiaSmi.Report::cudaVersion).orElse("unknown"), "jcuda-" + RunnerVersion.jcuda(), jvmVersion(),
                    hostName(), attributes);
        }
    }

    private static String jvmVersion() {
        return Runtime.version().toString() + " " + System.getProperty("java.vm.name", "");
    }

    /** Adds the clocks after the run and whether either reading showed throttling. */
    EnvironmentReport withAfterRun(Optional<NvidiaSmi.Report> smi, int ordinal) {
        Map<String, String> merged = new TreeMap<>(attributes);
        smi.ifPresent(report -> clocks(report, ordinal, "after", merged));
        boolean throttled = !merged.getOrDefault("throttle_reasons_before", "").isEmpty()
                || !merged.getOrDefault("throttle_reasons_after", "").isEmpty();
        merged.put("throttled", String.valueOf(throttled));
        return new EnvironmentReport(gpu, driver, cuda, runtime, jvm, host, merged);
    }

    boolean throttled() {
        return "true".equals(attributes.get("throttled"));
    }

    static void clocks(NvidiaSmi.Report report, int ordinal, String when, Map<String, String> attributes) {
        if (report.gpus().size() <= ordinal) {
            return;
        }
        NvidiaSmi.GpuState gpu = report.gpus().get(ordinal);
        attributes.put("gpu_uuid", String.valueOf(gpu.uuid()));
        attributes.put("sm_clock_mhz_" + when, String.valueOf(gpu.smClockMhz()));
        attributes.put("mem_clock_mhz_" + when, String.valueOf(gpu.memClockMhz()));
        attributes.put("max_sm_clock_mhz", String.valueOf(gpu.maxSmClockMhz()));
        attributes.put("throttle_reasons_" + when, String.join(",", gpu.throttleReasons()));
    }

    private static String cpuModel() {
        return readLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    }

    /** The CPUs this process may run on, as the kernel reports it; forks inherit it (taskset). */
    private static String cpusAllowed() {
        return readLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Cpus_allowed_list"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
