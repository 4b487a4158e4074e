package dev.hostgap.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The UI in a real headless Chromium (Debian's chromium + chromedriver, which .ci/run installs).
 * Skipped only where that browser is not installed, as on a bare developer machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN)
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class WebUiTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-quic", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsRegressionsBetweenTheTwoNewestCommitsAndTheSeriesHistory() throws Exception {
        String project = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        post("/api/v1/projects", "{\"name\":\"" + project + "\",\"repoUrl\":\"u\",\"defaultBranch\":\"main\"}");
        // the README's example: the base commit measured six times (an A/A calibration), then its child once
        for (String file : new String[] {"run-base.json", "run-base-2.json", "run-base-3.json", "run-base-4.json",
                "run-base-5.json", "run-base-6.json", "run-head.json"}) {
            post("/api/v1/runs", Files.readString(Path.of("../docs/examples", file)).replace("\"demo\"", "\"" + project + "\""));
        }

        // detection judges runs in the background: wait until the regression exists
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> get(
                "/api/v1/projects/" + project + "/regressions?status=open").contains("launch.empty"));

        browser.get("http://localhost:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(project))).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#compare tr.regression")));
        assertThat(browser.findElement(By.id("summary")).getText()).startsWith("1 regressions, 1 improvements");
        assertThat(browser.findElements(By.cssSelector("#regressions tr.regression"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#regressions tr.regression")).getText())
                .contains("launch.empty v1", "args=4", "+20.92%", "2222222222", "1111111111");
        var regression = browser.findElement(By.cssSelector("#compare tr.regression"));
        assertThat(regression.getText()).contains("launch.empty v1", "args=4", "+20.92%", "6 → 1");

        regression.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#series-chart .uplot canvas")));
        assertThat(browser.findElements(By.cssSelector("#points tr"))).hasSize(3); // header + 2 commits
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("launch.empty v1");
        WebElement chart = browser.findElement(By.id("series-chart"));
        assertThat(chart.getDomAttribute("data-points")).isEqualTo("2"); // one x per measured commit
        assertThat(chart.getDomAttribute("data-marks")).isEqualTo("1"); // the regression's first bad commit
        assertThat(chart.findElements(By.cssSelector(".u-legend .u-series"))).hasSize(4); // commit, median, p10, p90

        // hovering near the newest commit shows its sha, message and the regression
        WebElement over = chart.findElement(By.cssSelector(".u-over"));
        new Actions(browser).moveToElement(over, over.getSize().getWidth() / 2 - 30, 0).perform();
        WebElement tip = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#series-chart .chart-tip")));
        assertThat(tip.getText()).contains("2222222222", "marshal kernel args per launch", "2026-11-21 10:00", "median", "forks", "regression +20.92%");

        Path screenshots = Files.createDirectories(Path.of("target/screenshots"));
        Files.write(screenshots.resolve("series.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        assertThat(((JavascriptExecutor) browser).executeScript("return window.hostgapErrors")).isEqualTo(0L);
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("favicon.ico"))
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();

        WebElement back = browser.findElement(By.id("back"));
        assertThat(back.getDomAttribute("href")).isEqualTo("#/p/" + project);
        back.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("summary")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(project);
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
