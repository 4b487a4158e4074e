package dev.hostgap.platform.web;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * The platform on a random port against the shared real PostgreSQL, and one browser per test class.
 * Every UI test class extends this, so they share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN)
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
abstract class UiTestSupport {

    private static BrowserUi browser;

    @LocalServerPort
    int port;

    BrowserUi ui;
    UiData data;

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = BrowserUi.start(port);
        }
        ui = browser;
        ui.desktop();
        ui.script("try { sessionStorage.clear(); } catch (e) { }");
        ui.drainLogs();
        data = new UiData(port);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
