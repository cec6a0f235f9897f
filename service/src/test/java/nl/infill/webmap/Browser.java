package nl.infill.webmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Real headless Chromium (Debian chromium + chromedriver) with the browser console and the
 * network requests (DevTools performance log) collected for assertions. Third-party basemap
 * tiles are never requested: the map starts without a basemap.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final JsonParser JSON = JsonParserFactory.getJsonParser();

    final ChromeDriver driver;
    final Path downloads;
    private final List<String> requests = new ArrayList<>();
    private final List<LogEntry> console = new ArrayList<>();

    Browser() throws IOException {
        downloads = Files.createTempDirectory("infill-downloads");
        Path profile = Files.createTempDirectory("infill-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900", "--lang=nl-NL",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
    }

    /** Opens the page and waits for the app-ready flag (no sleeping). */
    void open(String url) {
        driver.get(url);
        waitUntil(Duration.ofSeconds(30), () -> Boolean.TRUE.equals(js("return window.infillReady === true")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void waitUntil(Duration timeout, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, timeout).pollingEvery(Duration.ofMillis(100)).until(d -> condition.get());
    }

    WebElement byRole(String role, String name) {
        return driver.findElement(By.xpath("//*[(@role='" + role + "' or local-name()='" + role + "') and "
                + "(normalize-space(.)='" + name + "' or @aria-label='" + name + "')]"));
    }

    WebElement byLabel(String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
        String forId = l.getAttribute("for");
        return forId != null && !forId.isEmpty() ? driver.findElement(By.id(forId))
                : l.findElement(By.xpath(".//input|.//select"));
    }

    /** Clicks the map (#map) where Leaflet places this WGS84 point. */
    @SuppressWarnings("unchecked")
    void clickMapAt(double lat, double lon) {
        List<Number> px = (List<Number>) js(
                "const p = window.infillMap.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];", lat, lon);
        WebElement map = driver.findElement(By.id("map"));
        int dx = (int) Math.round(px.get(0).doubleValue() - map.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(px.get(1).doubleValue() - map.getSize().getHeight() / 2.0);
        new Actions(driver).moveToElement(map, dx, dy).click().perform();
    }

    /** Every URL the page requested so far (DevTools Network.requestWillBeSent). */
    @SuppressWarnings("unchecked")
    List<String> requestedUrls() {
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> message = (Map<String, Object>) JSON.parseMap(e.getMessage()).get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> params = (Map<String, Object>) message.get("params");
                requests.add((String) ((Map<String, Object>) params.get("request")).get("url"));
            }
        }
        return List.copyOf(requests);
    }

    /** SEVERE console entries: any of them fails a test. */
    List<String> consoleErrors() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console.stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /**
     * Drops the console entries so far: for a test whose request answers 4xx on purpose, which
     * Chromium logs as an error ("Failed to load resource").
     */
    void clearConsole() {
        driver.manage().logs().get(LogType.BROWSER).getAll();
        console.clear();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
