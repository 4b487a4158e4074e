package dev.hostgap.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "upload", description = "Upload run files, or every file waiting in the outbox.")
final class UploadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", description = "run files written by 'run --out' or left in the outbox")
    List<Path> files = new ArrayList<>();

    @Option(names = "--outbox", description = "also upload every file in the outbox directory, deleting each once stored")
    boolean outbox;

    @Option(names = "--outbox-dir", description = "default: ~/.hostgap/outbox")
    Path outboxDir = RunCommand.defaultOutbox();

    @Option(names = "--server", required = true, description = "platform URL, e.g. http://hostgap:8080")
    URI server;

    @Option(names = "--token", defaultValue = "${env:HOSTGAP_TOKEN}", description = "bearer token (default: $HOSTGAP_TOKEN)")
    String token;

    @Option(names = "--attempts", defaultValue = "4", description = "tries per file (default: ${DEFAULT-VALUE})")
    int attempts;

    Duration backoff = Duration.ofSeconds(2);

    @Override
    public Integer call() {
        List<Path> queued = new ArrayList<>(files);
        List<Path> fromOutbox = outbox ? listOutbox() : List.of();
        queued.addAll(fromOutbox);
        if (queued.isEmpty()) {
            spec.commandLine().getOut().println("nothing to upload");
            return ExitCode.OK;
        }
        Uploader uploader = new Uploader(server, token, attempts, backoff);
        for (Path file : queued) {
            uploader.upload(file);
            spec.commandLine().getOut().println("uploaded " + file);
            if (fromOutbox.contains(file)) {
                delete(file);
            }
        }
        return ExitCode.OK;
    }

    private List<Path> listOutbox() {
        if (!Files.isDirectory(outboxDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(outboxDir)) {
            return entries.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
