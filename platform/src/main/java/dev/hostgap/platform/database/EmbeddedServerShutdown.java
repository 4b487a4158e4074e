package dev.hostgap.platform.database;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Stops the embedded PostgreSQL server last. zonky registers its own JVM shutdown hook that stops
 * the server at once; on SIGTERM that ran beside Spring's graceful shutdown and took the database
 * away ~100 ms in, while Tomcat was still finishing the uploads in flight (16 of 16 got 500). zonky
 * offers no switch for it, so its hook is disarmed by marking the instance closed (zonky's close is
 * a no-op once closed), and this bean, destroyed after the data source, which depends on it,
 * stops the server after requests have drained and the pool is closed.
 */
final class EmbeddedServerShutdown implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServerShutdown.class);

    private final EmbeddedPostgres postgres;
    private final AtomicBoolean zonkyClosed;
    private final java.nio.file.Path dataDirectory;
    private volatile boolean stopping;

    EmbeddedServerShutdown(EmbeddedPostgres postgres, java.nio.file.Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.zonkyClosed = closedFlag(postgres);
        if (zonkyClosed != null) {
            zonkyClosed.set(true); // zonky's own shutdown hook now returns at once
        }
    }

    /** True once the platform is stopping the server: nobody should start it again. */
    boolean stopping() {
        return stopping;
    }

    @Override
    public void destroy() throws IOException {
        stopping = true;
        if (zonkyClosed != null) {
            zonkyClosed.set(false);
        }
        log.info("Stopping the embedded PostgreSQL server");
        try {
            postgres.close();
        } finally {
            InstanceLock.release(dataDirectory);
        }
    }

    /** zonky's private "closed" flag; null (and zonky's hook left as it is) should a version lack it. */
    private static AtomicBoolean closedFlag(EmbeddedPostgres postgres) {
        try {
            Field field = EmbeddedPostgres.class.getDeclaredField("closed");
            field.setAccessible(true);
            return (AtomicBoolean) field.get(postgres);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot defer zonky's shutdown hook ({}); on SIGTERM the database may stop before requests drain", e.toString());
            return null;
        }
    }
}
