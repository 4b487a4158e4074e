package dev.hostgap.runner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What {@code nvidia-smi -q -x} says about the driver and each GPU: names, clocks and the reasons
 * the clocks are held down. Older drivers call them {@code clocks_throttle_reasons}, newer ones
 * {@code clocks_event_reasons}; both are read.
 */
public final class NvidiaSmi {

    /** Reasons that mean the GPU ran slower than it could: a measurement under them is suspect. */
    static final List<String> THROTTLING = List.of("sw_power_cap", "hw_slowdown", "hw_thermal_slowdown",
            "hw_power_brake_slowdown", "sw_thermal_slowdown");

    public record Report(String driverVersion, String cudaVersion, List<GpuState> gpus) {
    }

    public record GpuState(String name, String uuid, String smClockMhz, String memClockMhz, String maxSmClockMhz,
                           List<String> activeReasons) {

        public List<String> throttleReasons() {
            return activeReasons.stream().filter(THROTTLING::contains).toList();
        }
    }

    private NvidiaSmi() {
    }

    /** Runs nvidia-smi if it is on the PATH; empty when it is absent or fails. */
    public static Optional<Report> query() {
        try {
            Process process = new ProcessBuilder("nvidia-smi", "-q", "-x").redirectErrorStream(false).start();
            byte[] xml = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(parse(new String(xml, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public static Report parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // nvidia-smi's XML names a DTD file we do not have; never fetch or read it
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            List<GpuState> gpus = new ArrayList<>();
            NodeList gpuNodes = root.getElementsByTagName("gpu");
            for (int i = 0; i < gpuNodes.getLength(); i++) {
                Element gpu = (Element) gpuNodes.item(i);
                gpus.add(new GpuState(text(gpu, "product_name"), text(gpu, "uuid"),
                        mhz(child(gpu, "clocks").map(c -> text(c, "sm_clock")).orElse(null)),
                        mhz(child(gpu, "clocks").map(c -> text(c, "mem_clock")).orElse(null)),
                        mhz(child(gpu, "max_clocks").map(c -> text(c, "sm_clock")).orElse(null)),
                        activeReasons(gpu)));
            }
            return new Report(text(root, "driver_version"), text(root, "cuda_version"), gpus);
        } catch (Exception e) {
            throw new IllegalArgumentException("not nvidia-smi -q -x output: " + e.getMessage(), e);
        }
    }

    private static List<String> activeReasons(Element gpu) {
        List<String> active = new ArrayList<>();
        for (String section : List.of("clocks_event_reasons", "clocks_throttle_reasons")) {
            child(gpu, section).ifPresent(reasons -> {
                NodeList children = reasons.getChildNodes();
                for (int i = 0; i < children.getLength(); i++) {
                    Node n = children.item(i);
                    if (n instanceof Element e && e.getTextContent().trim().equals("Active")) {
                        active.add(e.getTagName().replaceFirst("^clocks_(event|throttle)_reason_", ""));
                    }
                }
            });
        }
        return active;
    }

    private static Optional<Element> child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String text(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().trim()).orElse(null);
    }

    private static String mhz(String value) {
        return value == null ? null : value.replace(" MHz", "").trim();
    }
}
