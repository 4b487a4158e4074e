package dev.hostgap.platform.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another local user racing a first start: logs in as the superuser over 127.0.0.1 without the
 * password (empty, then a guess) in a loop until stopped. Counts the logins that got in and those the
 * server itself refused (SQL state class 28), which show the race reached the server.
 */
final class LoginIntruder implements AutoCloseable {

    private final AtomicBoolean racing = new AtomicBoolean(true);
    private final AtomicInteger intrusions = new AtomicInteger();
    private final AtomicInteger refusedByTheServer = new AtomicInteger();
    private final Thread thread;

    private LoginIntruder(int port, String name) {
        thread = new Thread(() -> {
            while (racing.get()) {
                for (String password : new String[] {"", "guess"}) {
                    try (Connection ignored = connect(port, password)) {
                        intrusions.incrementAndGet();
                    } catch (SQLException e) {
                        // 28P01/28000: the server answered and refused; 08001: nothing listens yet
                        if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                            refusedByTheServer.incrementAndGet();
                        }
                    }
                }
            }
        }, name);
    }

    static LoginIntruder start(int port, String name) {
        LoginIntruder intruder = new LoginIntruder(port, name);
        intruder.thread.start();
        return intruder;
    }

    int intrusions() {
        return intrusions.get();
    }

    int refusedByTheServer() {
        return refusedByTheServer.get();
    }

    /** Stops the loop and waits for its last attempt. */
    @Override
    public void close() throws InterruptedException {
        racing.set(false);
        thread.join(10_000);
    }

    static Connection connect(int port, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "1");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
    }
}
