package dev.slipway.gateway.ui;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;

import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import dev.slipway.testkit.support.TempDirs;

/**
 * Debian's Chromium, headless, driven through its chromedriver: the web UI as a browser shows it. A fresh profile
 * per browser; background networking is off, as nothing outside 127.0.0.1 can be reached.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    private final Path profile;
    private final ChromeDriverService service;
    final ChromeDriver driver;

    private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /**
     * Starts Chromium.
     *
     * @throws IllegalStateException naming the Debian packages when Chromium or its driver is missing
     */
    static Browser start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The web UI tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver");
        }
        Path profile = TempDirs.create("gateway-ui-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1280,1000", "--lang=en-GB");
        try {
            Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return new Browser(profile, service, driver);
    }

    static String base() {
        return "http://127.0.0.1:" + io.restassured.RestAssured.port + "/";
    }

    /**
     * Opens the UI at {@code hash} (such as {@code #/runs}), loading the page afresh, and when signed in waits until
     * the live event stream is connected.
     */
    void open(String hash) {
        // Only the fragment would differ otherwise, and the browser would not load the page again.
        driver.get("about:blank");
        driver.get(base() + hash);
        until(() -> !driver.findElements(By.id("token")).isEmpty()
                || "live".equals(driver.findElement(By.id("live")).getDomAttribute("data-state")) ? true : null);
    }

    /** Signs in through the sign-in form as the caller of {@code token}, whoever was signed in before. */
    void signIn(String token, String expectedName) {
        open("#/runs");
        if (driver.findElement(By.id("who")).isDisplayed()) {
            driver.findElement(By.id("sign-out")).click();
        }
        WebElement input = until(() -> driver.findElement(By.id("token")));
        input.sendKeys(token, Keys.ENTER);
        await().atMost(WAIT).ignoreExceptions().until(
                () -> driver.findElement(By.id("caller")).getText().startsWith(expectedName)
                        && "live".equals(driver.findElement(By.id("live")).getDomAttribute("data-state")));
    }

    /** Waits until {@code find} returns without throwing, and returns its result. */
    <T> T until(Supplier<T> find) {
        Object[] found = new Object[1];
        try {
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                found[0] = find.get();
                return found[0] != null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnosis(), e);
        }
        @SuppressWarnings("unchecked")
        T result = (T) found[0];
        return result;
    }

    /** Where the browser is, what it shows and what it logged, for a failed wait; also saved as a screenshot. */
    String diagnosis() {
        StringBuilder text = new StringBuilder("The browser is at ").append(driver.getCurrentUrl());
        try {
            text.append(" (screenshot ").append(screenshot("failure-" + System.currentTimeMillis())).append(")");
            text.append("\nIt shows:\n").append(driver.findElement(By.tagName("body")).getText());
            text.append("\nIts requests: ").append(script("return performance.getEntriesByType('resource')"
                    + ".map((e) => e.name.replace(location.origin, '') + ' ' + Math.round(e.startTime) + '+'"
                    + " + Math.round(e.duration)).join(', ')"));
            text.append("\nIts console:");
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                text.append("\n  ").append(entry.getLevel()).append(' ').append(entry.getMessage());
            }
        } catch (RuntimeException e) {
            text.append("\n(cannot read the page: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }

    /** Waits until an element matching {@code by} shows text containing {@code text}, and returns it. */
    WebElement untilText(By by, String text) {
        return until(() -> driver.findElements(by).stream().filter(e -> e.getText().contains(text)).findFirst()
                .orElse(null));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Saves the whole page as {@code target/ui-screenshots/<name>.png}. */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            long height = ((Number) script("window.scrollTo(0, 0); return document.documentElement.scrollHeight"))
                    .longValue();
            if (height > window.getHeight()) {
                // Headless Chromium shoots the window only: grow it to the page for a moment.
                driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 120, 6000)));
            }
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!driver.manage().window().getSize().equals(window)) {
                driver.manage().window().setSize(window);
            }
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            TempDirs.delete(profile);
        }
    }
}
