package dev.hostgap.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only environment a job's command gets: what it needs to run (PATH, locale, the CUDA and
 * NVIDIA variables that pick and find the GPU), the operator's {@code --pass-env} names, a fresh
 * {@code HOME}, and the job's facts as {@code HOSTGAP_*}. Nothing else of the agent's environment
 * passes, so a secret the agent's service manager happens to set never reaches untrusted code.
 */
final class JobEnvironment {

    static final List<String> PASSED = List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "LD_LIBRARY_PATH", "JAVA_HOME",
            "CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER", "CUDA_HOME", "CUDA_PATH", "CUDA_CACHE_DISABLE",
            "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES");

    private JobEnvironment() {
    }

    static Map<String, String> of(Job job, String home, Map<String, String> agentEnvironment, List<String> passEnv) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : PASSED) {
            copy(agentEnvironment, name, environment);
        }
        for (String name : passEnv) {
            copy(agentEnvironment, name, environment);
        }
        environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", home);
        environment.put("HOSTGAP_JOB_ID", String.valueOf(job.id()));
        environment.put("HOSTGAP_PROJECT", String.valueOf(job.project()));
        environment.put("HOSTGAP_SHA", job.sha());
        environment.put("HOSTGAP_BRANCH", job.branch() == null ? "" : job.branch());
        environment.put("HOSTGAP_RESULT_FILE", ResultFile.NAME);
        return environment;
    }

    private static void copy(Map<String, String> from, String name, Map<String, String> to) {
        String value = from.get(name);
        if (value != null) {
            to.put(name, value);
        }
    }
}
