package dev.hostgap.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** Versions filled in by the build (runner.properties). */
public final class RunnerVersion implements IVersionProvider {

    private static final Properties PROPERTIES = load();

    public static String runner() {
        return PROPERTIES.getProperty("runner.version", "unknown");
    }

    public static String jcuda() {
        return PROPERTIES.getProperty("jcuda.version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hostgap-runner " + runner() + " (JCuda " + jcuda() + ", Java " + Runtime.version() + ")"};
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = RunnerVersion.class.getResourceAsStream("runner.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
