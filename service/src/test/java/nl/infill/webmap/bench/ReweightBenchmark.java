package nl.infill.webmap.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Live re-weighting repaint time in headless Chromium (issue 16: p95 under 100 ms over 50 slider
 * changes at zoom 16 with a full screen of parcels). Each change sets a weight slider and fires
 * its {@code input} event, as a dragged slider does; the app measures {@code infill-reweight} from
 * the event to the animation frame in which the recoloured canvas tiles are drawn (score.js over
 * every loaded feature, protomaps-leaflet repainting the tiles from its decoded tiles). Nothing is fetched.
 *
 * <p>Usage (service running with the sample city, see docs/benchmarks.md):
 * {@code bench/webmap-reweight.sh [URL] [CHANGES]}.
 */
public final class ReweightBenchmark {

    private ReweightBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/#map=16/52.05800/4.49300&layers=score";
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        ChromeDriver driver = BenchBrowser.start();
        try {
            WebDriverWait wait = BenchBrowser.openReady(driver, url);
            // every visible score tile loaded
            wait.until(d -> Boolean.TRUE.equals(driver.executeScript("""
                    const e = window.infillApp.layers.state.score.entry;
                    return Boolean(e) && !e.layer._loading && Object.values(e.layer._tiles).every(t => t.loaded);""")));
            @SuppressWarnings("unchecked")
            Map<String, Object> view = (Map<String, Object>) driver.executeScript("""
                    const l = window.infillApp.layers.state.score.entry.layer;
                    return {zoom: window.infillMap.getZoom(), tiles: Object.keys(l._tiles).length,
                            features: l.drawnFeatures().length,
                            size: [innerWidth, innerHeight]};""");
            System.out.printf("view: zoom %s, %s x %s px, %s score tiles, %s parcel features%n", view.get("zoom"),
                    ((List<?>) view.get("size")).get(0), ((List<?>) view.get("size")).get(1), view.get("tiles"), view.get("features"));
            // as a designer does: open the weights' tab, look, then move a slider (opening the tab
            // fetches the scaled criteria of the tiles on screen, which the first change needs)
            driver.executeScript("document.getElementById('tab-scenario').click()");
            Thread.sleep(1000);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                ms.add(BenchBrowser.sliderChange(driver, i));
            }
            List<Double> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            System.out.printf("slider changes: %d, repaint median %.1f ms, p95 %.1f ms, max %.1f ms, min %.1f ms; first change %.1f ms%n",
                    sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                    sorted.get(sorted.size() - 1), sorted.get(0), ms.get(0));
        } finally {
            driver.quit();
        }
    }
}
