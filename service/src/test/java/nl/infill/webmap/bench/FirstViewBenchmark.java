package nl.infill.webmap.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Time to the first interactive view of the web map, measured in the browser: the app sets the
 * performance mark {@code infill-interactive} once the map, the panels and the first tiles of
 * every visible layer are drawn; its startTime is milliseconds since navigation start. Each run
 * uses a fresh Chromium profile (empty browser cache); the service's caches are whatever the
 * previous runs left, so run 1 is reported apart ("cold service") from the rest.
 *
 * <p>Usage (service running, see docs/benchmarks.md):
 * {@code bench/webmap-first-view.sh [URL] [RUNS]}.
 */
public final class FirstViewBenchmark {

    private FirstViewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Double> warm = new ArrayList<>();
        List<Double> basemap = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            double[] m = measure(url);
            System.out.printf("run %2d: interactive %.0f ms (DOMContentLoaded %.0f ms)%s%n", i + 1, m[0], m[1],
                    m[2] < 0 ? "" : String.format(", own basemap drawn %.0f ms", m[2]));
            if (i > 0) {
                warm.add(m[0]);
                if (m[2] >= 0) {
                    basemap.add(m[2]);
                }
            }
            if (i == 0) {
                System.out.printf("cold service (first request of each tile): %.0f ms%n", m[0]);
            }
        }
        Collections.sort(warm);
        System.out.printf("warm service, %d runs: median %.0f ms, p90 %.0f ms, min %.0f ms, max %.0f ms%n", warm.size(),
                warm.get(warm.size() / 2), warm.get((int) Math.ceil(warm.size() * 0.9) - 1), warm.get(0),
                warm.get(warm.size() - 1));
        if (!basemap.isEmpty()) {
            // the own basemap paints after the thematic layers (it waits for them): when it is complete
            Collections.sort(basemap);
            System.out.printf("own basemap drawn, %d runs: median %.0f ms, p90 %.0f ms%n", basemap.size(),
                    basemap.get(basemap.size() / 2), basemap.get((int) Math.ceil(basemap.size() * 0.9) - 1));
        }
    }

    private static double[] measure(String url) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory("infill-bench"));
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        try {
            // A browser settles for about a second after it starts (its GPU, network and storage
            // processes, the new profile): measured from its start, that work competes with the page
            // on this 2-core machine and spread the series by +-0.2 s. A user opens the map in a
            // running browser, so the page is opened once the browser has settled.
            driver.get("about:blank");
            Thread.sleep(1500);
            driver.get(url);
            // the page's marks are the measure; a slower poll only takes less of its main thread
            new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(100))
                    .until(d -> Boolean.TRUE.equals(driver.executeScript("return window.infillReady === true")));
            Number interactive = (Number) driver.executeScript(
                    "return performance.getEntriesByName('infill-interactive')[0].startTime");
            Number dcl = (Number) driver.executeScript(
                    "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
            // infill-basemap: the own basemap's tiles on screen are drawn (basemap.js); -1 with an
            // external basemap or none within 15 s
            Number base = -1;
            try {
                new WebDriverWait(driver, Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(100)).until(d ->
                        driver.executeScript("return performance.getEntriesByName('infill-basemap').length > 0"));
                base = (Number) driver.executeScript("return performance.getEntriesByName('infill-basemap')[0].startTime");
            } catch (org.openqa.selenium.TimeoutException e) {
                // no own basemap
            }
            return new double[] {interactive.doubleValue(), dcl.doubleValue(), base.doubleValue()};
        } finally {
            driver.quit();
        }
    }
}
