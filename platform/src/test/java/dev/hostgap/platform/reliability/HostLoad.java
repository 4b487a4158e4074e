package dev.hostgap.platform.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the machine was and what it was doing while a capacity phase ran. Other work shares this
 * machine, so each phase records the load average and splits the CPU time used into the parts the
 * measurement owns (client, each platform JVM, the PostgreSQL server and its backends) and the rest,
 * read from {@code /proc} (Linux only).
 */
final class HostLoad {

    /** Linux's USER_HZ: {@code /proc} counts CPU time in hundredths of a second on every common build. */
    private static final double TICKS_PER_SECOND = 100;

    private HostLoad() {
    }

    /** CPU model, cores, memory, kernel and JVM, as {@code lscpu}, {@code nproc} and {@code /proc/meminfo} give them. */
    static String machine() throws IOException, InterruptedException {
        String model = command("lscpu").lines().filter(l -> l.startsWith("Model name:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        String threadsPerCore = command("lscpu").lines().filter(l -> l.startsWith("Thread(s) per core:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        return String.format(Locale.ROOT, "`nproc` %s, `lscpu` model name \"%s\" (%s thread(s) per core), MemTotal %.1f GiB, "
                        + "Linux %s, Java %s (%s)", command("nproc").trim(), model, threadsPerCore, memKb / 1024.0 / 1024.0,
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    /** The first three fields of {@code /proc/loadavg}: the 1, 5 and 15 minute load averages. */
    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + " / " + fields[1] + " / " + fields[2];
    }

    /** CPU seconds used so far: by the whole machine (busy, steal) and by each named group of processes. */
    record Cpu(long nanos, double busy, double steal, double total, Map<String, Double> parts) {

        /** Cores' worth of CPU per second between {@code before} and this, per part, plus "machine" and "others". */
        Map<String, Double> coresSince(Cpu before) {
            double wall = (nanos - before.nanos) / 1e9;
            double machineShare = Runtime.getRuntime().availableProcessors() / (total - before.total);
            Map<String, Double> cores = new LinkedHashMap<>();
            double ours = 0;
            for (Map.Entry<String, Double> part : parts.entrySet()) {
                double used = (part.getValue() - before.parts.getOrDefault(part.getKey(), 0.0)) / wall;
                cores.put(part.getKey(), used);
                ours += used;
            }
            double machine = (busy - before.busy) * machineShare;
            cores.put("machine busy", machine);
            cores.put("others (machine busy minus the above)", Math.max(0, machine - ours));
            cores.put("steal", (steal - before.steal) * machineShare);
            return cores;
        }
    }

    /**
     * A snapshot. Each part is the list of its processes at this moment; a process's reaped children
     * count too (a postmaster's exited backends and autovacuum workers).
     */
    static Cpu snapshot(Map<String, Supplier<List<ProcessHandle>>> parts) throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long user = Long.parseLong(cpu[1]), nice = Long.parseLong(cpu[2]), system = Long.parseLong(cpu[3]);
        long idle = Long.parseLong(cpu[4]), iowait = Long.parseLong(cpu[5]), irq = Long.parseLong(cpu[6]);
        long softirq = Long.parseLong(cpu[7]), steal = Long.parseLong(cpu[8]);
        double busy = (user + nice + system + irq + softirq) / TICKS_PER_SECOND;
        double total = (user + nice + system + idle + iowait + irq + softirq + steal) / TICKS_PER_SECOND;
        Map<String, Double> used = new LinkedHashMap<>();
        parts.forEach((name, processes) -> used.put(name, processes.get().stream().mapToDouble(HostLoad::seconds).sum()));
        return new Cpu(System.nanoTime(), busy, steal / TICKS_PER_SECOND, total, used);
    }

    /** utime + stime + cutime + cstime of one process from {@code /proc/<pid>/stat}; 0 once it is gone. */
    private static double seconds(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    /** The PostgreSQL server on {@code dataDirectory} and its backends, as they are when called. */
    static Supplier<List<ProcessHandle>> postgres(Path dataDirectory) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        return () -> Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
    }
}
