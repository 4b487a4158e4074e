package dev.hostgap.platform.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A headless Chromium (Debian's chromium + chromedriver, which .ci/run installs) on the platform's
 * web UI, with the checks every view gets: no uncaught error, no console error, a screenshot.
 * Where the browser is not installed, {@link #start} aborts the test class as skipped.
 */
final class BrowserUi implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    final ChromeDriver driver;
    private final String origin;
    private int loads;

    private BrowserUi(ChromeDriver driver, String origin) {
        this.driver = driver;
        this.origin = origin;
    }

    static BrowserUi start(int port) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-quic", "--window-size=1280,900", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        BrowserUi ui = new BrowserUi(driver, "http://localhost:" + port);
        ui.desktop();
        return ui;
    }

    /**
     * Loads the page afresh on a view's #/… route (a new query string each time, so the previous view
     * is gone) and waits until the element that shows the view loaded is there.
     */
    WebElement open(String route, String loadedCss) {
        driver.get(origin + "/?load=" + (++loads) + route);
        return waitFor(loadedCss);
    }

    WebElement waitFor(String css) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("No '" + css + "' on " + driver.getCurrentUrl() + "; the page shows: "
                    + driver.findElement(By.tagName("main")).getText() + "; console: "
                    + driver.manage().logs().get(LogType.BROWSER).getAll(), e);
        }
    }

    /** Waits for a condition on the page; an element replaced by a re-render meanwhile is looked up again. */
    void waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Nothing uncaught in the page (window.hostgapErrors) and nothing logged as an error since the last check. */
    void assertNoErrors(String view) {
        assertThat(script("return window.hostgapErrors")).as("uncaught errors on " + view).isEqualTo(0L);
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(errors).as("browser console errors on " + view).isEmpty();
    }

    /** Forgets what the console logged so far (a test that provoked a 404 on purpose). */
    void drainLogs() {
        driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page at the current width (at most 2,400 px tall), then the viewport as it was. */
    void screenshotWholePage(String name, int width) throws IOException {
        long height = (Long) script("return Math.min(2400, document.documentElement.scrollHeight)");
        viewport(width, (int) height, width < 600);
        screenshot(name);
        viewport(width, width < 600 ? 844 : 900, width < 600);
    }

    /** A 1280 x 900 viewport, light colours. */
    void desktop() {
        viewport(1280, 900, false);
        colorScheme("light");
    }

    /** An iPhone-sized viewport (390 px wide). */
    void phone() {
        viewport(390, 844, true);
    }

    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    private void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Whether the page is wider than its viewport (a layout that does not fit a phone). */
    boolean overflowsHorizontally() {
        return (Boolean) script("return document.documentElement.scrollWidth > window.innerWidth + 1");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
