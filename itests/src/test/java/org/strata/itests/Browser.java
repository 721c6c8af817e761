package org.strata.itests;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.rules.TestRule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver (packages chromium and chromium-driver, which
 * {@code ./strata test} installs). Both are named by path: without them Selenium Manager would try to download a
 * browser and a driver, which fails offline. The window is a laptop's (1400x900); the distribution's self-signed
 * certificate is accepted. Waits poll the page with a deadline ({@link WebDriverWait}), never sleep. Screenshots go to
 * {@code target/screenshots/NAME.png}; {@link #onFailure()} saves one and the browser's console log when a test fails.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    // Waits include the round trips through the platform's REST API and event stream on a loaded 2-core machine.
    static final Duration PATIENCE = Duration.ofSeconds(30);
    // Each poll is a round trip to ChromeDriver (a few ms); 100 ms keeps the measured latencies honest.
    static final Duration POLL = Duration.ofMillis(100);

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts ChromeDriver and a headless Chromium through it (about 4 s here). */
    static Browser start() throws IOException {
        for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!new File(program).canExecute()) {
                throw new AssertionError(program + " is missing: apt-get install chromium chromium-driver (./strata"
                        + " test installs them)");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                // Selenium Manager is never needed with both paths given; this keeps it from the network if asked.
                .withEnvironment(Map.of("SE_OFFLINE", "true"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900");
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service.start();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(1400, 900));
            return new Browser(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Opens {@code base + path} as the given user, as a browser does after its Basic login dialog: the address with
     * the credentials ({@code https://user:password@host/...}, without the fragment) is loaded first, which leaves
     * them in Chromium's cache for the realm, and then the address without them, whose requests (the page's, its
     * scripts' fetch and XHR) Chromium authenticates from that cache. The page is not opened with the credentials in
     * its address because a document whose URL holds credentials cannot use fetch() with a relative URL ("Request
     * cannot be constructed from a URL that includes credentials").
     */
    void open(String base, String user, String password, String path) {
        URI origin = URI.create(base);
        int fragment = path.indexOf('#');
        String document = fragment < 0 ? path : path.substring(0, fragment);
        try {
            URI withUser = new URI(
                    origin.getScheme(), user + ":" + password, origin.getHost(), origin.getPort(), null, null, null);
            driver.get(withUser.toASCIIString() + document);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot put user " + user + " into " + base, e);
        }
        driver.get(base + path);
    }

    /** Goes to a route of the page already open (a hash change), without loading it again. */
    void route(String hash) {
        script("window.location.hash = arguments[0];", hash);
    }

    Object script(String javaScript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javaScript, args);
    }

    /** Waits until {@code condition} gives something other than null or false; fails naming {@code what}. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
                .pollingEvery(POLL)
                .withMessage(() -> what + " (page " + redacted(driver.getCurrentUrl()) + ")")
                .ignoring(WebDriverException.class)
                .until(condition::apply);
    }

    /** Waits for an element to be there and shown. */
    WebElement await(String what, By by) {
        return await(
                what,
                d -> d.findElements(by).stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
    }

    /**
     * Clicks the first shown, enabled element {@code by} finds, finding it again if it went stale: a view drawn again
     * by a live event between finding a button and clicking it replaces the button (the old one is gone, its click
     * lost), so the find and the click are one step that the wait repeats.
     */
    void click(String what, By by) {
        await(what, d -> {
            WebElement element = d.findElements(by).stream()
                    .filter(e -> e.isDisplayed() && e.isEnabled())
                    .findFirst()
                    .orElse(null);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Waits until the element's text, trimmed, is {@code text}. */
    void awaitText(String what, By by, String text) {
        await(
                what + ": '" + text + "'",
                d -> d.findElements(by).stream()
                        .anyMatch(e -> text.equals(e.getText().trim())));
    }

    /** Saves what the window shows to target/screenshots/NAME.png. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(shot.toPath());
        return target;
    }

    /** The browser console's messages since last asked (errors of the page's scripts, failed requests). */
    String consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString)
                .collect(Collectors.joining("\n"));
    }

    /** A screenshot, the page's address and the browser's console log of a failed test, beside the screenshots. */
    void saveFailure(String name) {
        try {
            screenshot("FAILED-" + name);
            Files.writeString(
                    SCREENSHOTS.resolve("FAILED-" + name + ".log"),
                    "url: " + redacted(driver.getCurrentUrl()) + "\n" + redacted(consoleLog()) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // The test's own failure is the one to report; this one only says why its artifacts are missing.
            System.err.println("could not save the browser's state after " + name + " failed: " + e);
        }
    }

    /** A rule that saves {@link #saveFailure} for each failed test of the class. */
    TestRule onFailure() {
        return new TestWatcher() {
            @Override
            protected void failed(Throwable e, Description description) {
                saveFailure(description.getTestClass().getSimpleName() + "-" + description.getMethodName());
            }
        };
    }

    /** The text without the credentials that addresses opened by {@link #open} carry ("//user:password@"). */
    static String redacted(String text) {
        return text.replaceAll("//[^/@\\s]*@", "//");
    }

    /** Ends the browser, then the driver process. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
