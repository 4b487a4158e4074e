package dev.hostgap.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jcuda.driver.JCudaDriver;

/**
 * The environment block of a run file: GPU, driver, CUDA, runtime, JVM, host, and free attributes.
 * The platform keeps series apart by GPU, driver, CUDA and runtime, so numbers from different
 * machines or software are never compared as one. Capture it in the JVM that launches the forks.
 */
public record Environment(String gpu, String driver, String cuda, String runtime, String jvm, String host,
                          Map<String, String> attributes) {

    private static final Pattern KERNEL_MODULE = Pattern.compile("Kernel Module\\s+([0-9][0-9.]*)");
    /** The driver library as the loader mapped it: {@code libcuda.so.1} resolves to {@code libcuda.so.580.159.04}. */
    private static final Pattern MAPPED_LIBCUDA = Pattern.compile("/libcuda\\.so\\.(\\d+\\.\\d+(?:\\.\\d+)?)$");

    /**
     * What hostgap's runner reports, except what only nvidia-smi tells (GPU UUID, clocks, throttle
     * reasons): the device's name, SM count and compute capability; the driver version from
     * {@code /proc/driver/nvidia/version}; the CUDA version the driver supports
     * ({@code cuDriverGetVersion}, as nvidia-smi prints it); JCuda's version; the JVM; the host; the
     * CPU model and the CPUs this process may run on. In a container that hides
     * {@code /proc/driver/nvidia} (the lent H100 node of 2026-12-07 did), the driver version is read from
     * {@code /sys/module/nvidia/version}, else from the name of the {@code libcuda.so} this process
     * mapped.
     */
    public static Environment capture(Gpu gpu) {
        Map<String, String> attributes = hostAttributes();
        attributes.put("sm_count", String.valueOf(gpu.smCount()));
        attributes.put("compute_capability", gpu.computeCapability());
        attributes.put("device_ordinal", String.valueOf(gpu.ordinal()));
        int[] version = new int[1];
        JCudaDriver.cuDriverGetVersion(version);
        return new Environment(gpu.name(), driverVersion(), cudaVersion(version[0]), "jcuda-" + jcudaVersion(),
                jvmVersion(), hostName(), attributes);
    }

    /** {@code 12080} as the driver API reports it becomes {@code 12.8}. */
    static String cudaVersion(int driverApiVersion) {
        return driverApiVersion / 1000 + "." + driverApiVersion % 1000 / 10;
    }

    /** The NVIDIA kernel module's version, e.g. {@code 570.86.15}, or {@code unknown}. */
    static String driverVersion() {
        return readLines(Path.of("/proc/driver/nvidia/version")).stream().map(KERNEL_MODULE::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .or(() -> readLines(Path.of("/sys/module/nvidia/version")).stream().map(String::trim)
                        .filter(v -> v.matches("\\d+\\.\\d+(\\.\\d+)?")).findFirst())
                .or(() -> mappedDriverLibrary(readLines(Path.of("/proc/self/maps"))))
                .orElse("unknown");
    }

    /** The version in the file name of the mapped {@code libcuda.so.X.Y[.Z]}, from {@code /proc/self/maps} lines. */
    static Optional<String> mappedDriverLibrary(List<String> mapsLines) {
        return mapsLines.stream().map(String::trim).map(MAPPED_LIBCUDA::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst();
    }

    /** Attributes that need no GPU: JCuda's version, the CPU model and the CPUs this process may use. */
    static Map<String, String> hostAttributes() {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("jcuda", jcudaVersion());
        attributes.put("cpu_model", procField(Path.of("/proc/cpuinfo"), "model name"));
        attributes.put("cpus_allowed", procField(Path.of("/proc/self/status"), "Cpus_allowed_list"));
        return attributes;
    }

    static String jvmVersion() {
        return Runtime.version().toString() + " " + System.getProperty("java.vm.name", "");
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** From JCuda's own jar (its Maven metadata), so it cannot disagree with the JCuda on the class path. */
    static String jcudaVersion() {
        Properties properties = new Properties();
        try (InputStream in = JCudaDriver.class.getResourceAsStream("/META-INF/maven/org.jcuda/jcuda/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    private static String procField(Path file, String field) {
        return readLines(file).stream().filter(l -> l.startsWith(field))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
