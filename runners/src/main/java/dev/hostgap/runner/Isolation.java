package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a job's command is started. Every job of an agent, trusted branch or fork's pull request,
 * starts the same way, so a base and a head commit are measured alike.
 */
sealed interface Isolation permits Bubblewrap, NoIsolation {

    /** The command line that runs {@code bash -c script} in the work tree, and the home the job is given. */
    Launch launch(String script, Path workTree) throws IOException;

    /** One line for the agent's log. */
    String describe();

    /**
     * What {@link JobProcess} starts; {@link #close} removes what was made for this job alone.
     * {@code home} is the job's {@code $HOME} as the job sees it.
     */
    interface Launch extends AutoCloseable {
        List<String> argv();

        String home();

        @Override
        void close();
    }
}
