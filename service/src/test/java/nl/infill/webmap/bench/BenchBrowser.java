package nl.infill.webmap.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The headless Chromium the web map benchmarks share: started the same way, the page opened until ready. */
final class BenchBrowser {

    private BenchBrowser() {
    }

    /** Debian's Chromium, headless, full HD, a fresh profile. */
    static ChromeDriver start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--window-size=1920,1080", "--user-data-dir=" + Files.createTempDirectory("infill-bench"));
        return new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    }

    /** Opens {@code url} and waits until the map says it is ready; returns a patient wait for what follows. */
    static WebDriverWait openReady(ChromeDriver driver, String url) {
        // a loaded machine can starve the page for long: the default 30 s script timeout is too short
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(180));
        driver.get(url);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(180));
        wait.pollingEvery(Duration.ofMillis(50));
        wait.until(d -> Boolean.TRUE.equals(driver.executeScript("return window.infillReady === true")));
        return wait;
    }

    /**
     * Moves weight slider {@code i % sliders} to a new value as a dragged slider does (its input
     * event) and answers the page's {@code infill-reweight} measure of that change, in ms.
     */
    static double sliderChange(ChromeDriver driver, int i) {
        Number d = (Number) driver.executeAsyncScript("""
                const [i, done] = arguments;
                const sliders = [...document.querySelectorAll('#sliders input[id^="weights-"]')];
                const s = sliders[i % sliders.length];
                s.value = String(((i * 37) % 100) / 100);
                const before = performance.getEntriesByName('infill-reweight').length;
                s.dispatchEvent(new Event('input', {bubbles: true}));
                // the measure ends in the frame that draws; one more frame to be sure it is in
                const poll = () => {
                  const m = performance.getEntriesByName('infill-reweight');
                  if (m.length > before) done(m[m.length - 1].duration); else requestAnimationFrame(poll);
                };
                requestAnimationFrame(poll);""", i);
        return d.doubleValue();
    }
}
