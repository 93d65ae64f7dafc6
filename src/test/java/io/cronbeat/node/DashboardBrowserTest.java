package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * against a node on H2 with the example schedules: what a person sees and clicks. Screenshots of
 * each page go to {@code target/screenshots/}. Without Chromium it is skipped, except under CI.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final String TOKEN = "dashboard-test-token-0123456789";
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @TempDir Path dir;

  @Test
  void listsTheExampleJobsRunsOneNowWithItsOutputAndShowsItPaused() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String message = CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install -y chromium chromium-driver)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + ": in CI the browser test must run (.ci/run installs them)");
      }
      System.err.println("!!! SKIPPING THE DASHBOARD'S BROWSER TEST: " + message + " !!!");
      Assumptions.assumeTrue(false, message);
    }
    int port = HttpCalls.freePort();
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir).set("CRONBEAT_HTTP_PORT", Integer.toString(port))
        .set("CRONBEAT_HTTP_TOKEN", TOKEN)) {
      copyExampleJobs(harness);
      harness.start();
      WebDriver browser = chromium();
      try {
        browser.get("http://127.0.0.1:" + port + "/");
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("sign-in")).click();

        await().atMost(PATIENCE).ignoreExceptions().until(() -> !jobNames(browser).isEmpty());
        assertThat(jobNames(browser)).containsExactly("disk-report", "heartbeat", "nightly-backup", "scratch-cleanup");
        WebElement report = browser.findElement(By.cssSelector("tr[data-job='disk-report']"));
        assertThat(report.getText()).contains("0 8 * * mon-fri", "Europe/Berlin");
        screenshot(browser, "jobs.png");
        browser.findElement(By.id("filter")).sendKeys("BACKUP");
        assertThat(visibleJobNames(browser)).containsExactly("nightly-backup");
        browser.findElement(By.id("filter")).clear();
        browser.findElement(By.id("filter")).sendKeys("mon-fri");
        assertThat(visibleJobNames(browser)).as("the filter reads schedules too").containsExactly("disk-report");

        report.findElement(By.cssSelector("a.job-link")).click();
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("job-title")).getText().equals("disk-report"));
        assertThat(browser.getTitle()).isEqualTo("disk-report · cronbeat");
        // By keyboard: focus is on the new page's heading, one Tab reaches "Run now", Enter presses it.
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("job-title");
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Run now");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        // df's header line, in the history's output of the run the button queued.
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("#history tr.run"))
            .getText().contains("SUCCEEDED"));
        WebElement newest = browser.findElement(By.cssSelector("#history tr.run"));
        assertThat(newest.getText()).contains("manual", "SUCCEEDED", harness.node.id());
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("#history pre.output"))
            .getText().contains("Filesystem"));
        assertThat(harness.runsOf("disk-report")).singleElement()
            .satisfies(run -> assertThat(newest.getAttribute("data-run")).isEqualTo(Long.toString(run.id())));

        browser.findElement(By.id("pause")).click();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(By.cssSelector(".facts"))
            .getText().contains("paused"));
        assertThat(browser.findElement(By.id("pause")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("resume")).isEnabled()).isTrue();
        screenshot(browser, "job.png");

        browser.findElement(By.id("nav-jobs")).click();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("tr[data-job='disk-report']"))
            .getText().contains("paused"));
        // The strip's one mark is coloured as the SUCCEEDED of the last result beside it, not as a run that did not end.
        WebElement lastResult = browser.findElement(By.cssSelector("tr[data-job='disk-report'] .badge.state-succeeded"));
        assertThat(browser.findElements(By.cssSelector("tr[data-job='disk-report'] .strip .mark"))).singleElement()
            .satisfies(mark -> assertThat(mark.getCssValue("background-color")).isEqualTo(lastResult.getCssValue("background-color")));
        browser.manage().window().setSize(new Dimension(390, 844)); // a phone
        screenshot(browser, "jobs-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.findElement(By.id("nav-cluster")).click();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("tr[data-node]"))
            .getText().contains(harness.node.id()));
        assertThat(browser.findElement(By.id("queue")).getText()).startsWith("Queue depth: ");
        screenshot(browser, "cluster.png");

        assertThat(browser.findElement(By.id("banner")).isDisplayed()).as("no error in the banner: "
            + browser.findElement(By.id("banner-text")).getText()).isFalse();

        // A script error is shown on the page, not only in the console, until it is dismissed.
        ((ChromeDriver) browser).executeCdpCommand("Runtime.evaluate",
            Map.of("expression", "setTimeout(() => { throw new Error('the dashboard broke'); })"));
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("banner")).isDisplayed());
        assertThat(browser.findElement(By.id("banner-text")).getText()).contains("Script error: ", "the dashboard broke");
        browser.findElement(By.id("banner-close")).click();
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();

        harness.stop();
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("banner")).isDisplayed());
        assertThat(browser.findElement(By.id("banner-text")).getText()).as("the node gone, said on the page")
            .startsWith("GET /api/nodes: ");
      } finally {
        browser.quit();
      }
    }
  }

  /** The repository's example job files, as a new user starts with them. */
  private static void copyExampleJobs(NodeHarness harness) throws Exception {
    try (Stream<Path> files = Files.list(Path.of("schedules"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        harness.jobs(file.getFileName().toString(), Files.readString(file));
      }
    }
  }

  private static List<String> visibleJobNames(WebDriver browser) {
    return browser.findElements(By.cssSelector("#jobs tr[data-job]")).stream().filter(WebElement::isDisplayed)
        .map(row -> row.getAttribute("data-job")).toList();
  }

  private static List<String> jobNames(WebDriver browser) {
    return browser.findElements(By.cssSelector("#jobs tr[data-job]")).stream().map(row -> row.getAttribute("data-job")).toList();
  }

  private WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,1000", "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
