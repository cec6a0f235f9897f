package nl.infill.webmap.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Click hit-testing and memory of the web map in headless Chromium (issue 16 part 6: measured
 * before and after replacing the vector tile plugin). Written against Leaflet's GridLayer and the
 * page's DOM only, so the same class measures either plugin.
 *
 * <p>Hit-testing: at a fractional zoom (16.5 unless the third argument says otherwise) it picks points on a
 * grid over the map, asks the service which parcel contains each ({@code POST /api/query/intersects}
 * with the point: the ground truth), clicks the map there with real mouse events and reads the
 * parcel the page opened ({@code #parcel-panel[data-parcel-id]}). Prints how many clicks found
 * the service's parcel, how many opened none or another, and the time the click's handlers took
 * (synchronous: the hit-test runs inside them).
 *
 * <p>Memory: after panning the map over a 3 x 3 grid of screens at the same zoom (every tile
 * loaded at each step) it forces a garbage collection and reads the JS heap and DOM node count
 * from the DevTools protocol ({@code Performance.getMetrics}).
 *
 * <p>Usage: {@code bench/webmap-hit-memory.sh [URL] [CLICKS] [ZOOM]}.
 */
public final class HitMemoryBenchmark {

    private HitMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/#map=16/52.05800/4.49300&layers=score&scenario=default";
        int clicks = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        double zoom = args.length > 2 ? Double.parseDouble(args[2]) : 16.5;
        ChromeDriver driver = BenchBrowser.start();
        try {
            WebDriverWait wait = BenchBrowser.openReady(driver, url);
            // the zoom asked for, fractional too: a map that snaps to whole zooms is set there anyway (a
            // pinch, or fitBounds on a map that allows fractions, gives such zooms; a click must still hit)
            driver.executeScript("""
                    const map = window.infillMap;
                    map.options.zoomSnap = 0;
                    map.setView(map.getCenter(), arguments[0], {animate: false});""", zoom);
            waitForTiles(driver, wait);
            String slug = (String) driver.executeScript("return new URLSearchParams(location.hash.slice(1)).get('scenario')"
                    + " ?? window.infillApp.layers.slug");
            System.out.printf("view: zoom %.2f, scenario %s%n",
                    ((Number) driver.executeScript("return window.infillMap.getZoom()")).doubleValue(), slug);

            hitTesting(driver, wait, slug, clicks);
            memory(driver, wait);
        } finally {
            driver.quit();
        }
    }

    private static void waitForTiles(ChromeDriver driver, WebDriverWait wait) {
        wait.until(d -> Boolean.TRUE.equals(driver.executeScript("""
                const e = window.infillApp.layers.state.score.entry;
                return Boolean(e) && !e.layer._loading && Object.values(e.layer._tiles).every(t => t.loaded);""")));
    }

    @SuppressWarnings("unchecked")
    private static void hitTesting(ChromeDriver driver, WebDriverWait wait, String slug, int clicks) {
        int right = 0;
        int wrong = 0;
        int none = 0;
        int outside = 0;
        List<Double> ms = new ArrayList<>();
        int side = (int) Math.ceil(Math.sqrt(clicks));
        for (int i = 0; i < clicks; i++) {
            // a grid of points away from the map's controls, offset so points do not sit on a parcel pattern
            double fx = 0.15 + 0.7 * ((i % side) + 0.37) / side;
            double fy = 0.15 + 0.7 * ((i / side) + 0.61) / side;
            Map<String, Object> r = (Map<String, Object>) driver.executeAsyncScript("""
                    const [fx, fy, slug, done] = arguments;
                    const map = window.infillMap;
                    const size = map.getSize();
                    const pt = L.point(Math.round(size.x * fx), Math.round(size.y * fy));
                    const ll = map.containerPointToLatLng(pt);
                    const panel = document.querySelector('#parcel-panel');
                    delete panel.dataset.parcelId;
                    // through the page's own API client (it sends the CSRF header a POST with a session needs)
                    // the service limits a client's spatial queries per second (429): asked again after a while
                    const ask = (api, tries) => api.intersects({geometry: {type: 'Point', coordinates: [ll.lng, ll.lat]},
                                                               crs: 'EPSG:4326', scenario: slug, limit: 1})
                      .catch((e) => tries > 0 && /too many/i.test(String(e))
                        ? new Promise((r) => setTimeout(r, 1100)).then(() => ask(api, tries - 1)) : Promise.reject(e));
                    import('/api.js')
                      .then(({api}) => ask(api, 5))
                      .then((body) => {
                        const f = (body.features ?? [])[0];
                        const expected = f ? String(f.properties?.parcel_id ?? f.properties?.parcelId ?? f.id) : null;
                        const rect = map.getContainer().getBoundingClientRect();
                        const x = rect.left + pt.x, y = rect.top + pt.y;
                        const target = document.elementFromPoint(x, y);
                        const init = {bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, view: window};
                        const t0 = performance.now();
                        target.dispatchEvent(new PointerEvent('pointerdown', {...init, pointerId: 1, isPrimary: true}));
                        target.dispatchEvent(new MouseEvent('mousedown', init));
                        target.dispatchEvent(new PointerEvent('pointerup', {...init, pointerId: 1, isPrimary: true}));
                        target.dispatchEvent(new MouseEvent('mouseup', init));
                        target.dispatchEvent(new MouseEvent('click', init));
                        const handlerMs = performance.now() - t0;
                        const until = performance.now() + 5000;
                        const poll = () => {
                          const got = panel.dataset.parcelId ?? null;
                          if (got !== null || performance.now() > until) done({expected, got, handlerMs});
                          else setTimeout(poll, 20);
                        };
                        // a click on no parcel opens nothing: wait a while for a wrong opening anyway
                        setTimeout(poll, expected === null ? 500 : 0);
                      })
                      .catch((e) => done({error: String(e)}));""", fx, fy, slug);
            if (r.get("error") != null) {
                throw new IllegalStateException((String) r.get("error"));
            }
            ms.add(((Number) r.get("handlerMs")).doubleValue());
            Object expected = r.get("expected");
            Object got = r.get("got");
            if (expected == null) {
                outside++;
                if (got != null) {
                    wrong++;
                }
            } else if (expected.equals(got)) {
                right++;
            } else if (got == null) {
                none++;
            } else {
                wrong++;
            }
            driver.executeScript("document.querySelector('#parcel-panel .close')?.click()");
        }
        Collections.sort(ms);
        System.out.printf("clicks: %d (%d on no parcel), right parcel %d, none opened %d, wrong parcel %d; "
                        + "click handlers median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                clicks, outside, right, none, wrong, ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1),
                ms.get(ms.size() - 1));
    }

    @SuppressWarnings("unchecked")
    private static void memory(ChromeDriver driver, WebDriverWait wait) {
        driver.executeCdpCommand("Performance.enable", Map.of());
        List<Number> start = (List<Number>) driver.executeScript("const c = window.infillMap.getCenter(); return [c.lat, c.lng];");
        long t0 = System.nanoTime();
        for (int gx = -1; gx <= 1; gx++) {
            for (int gy = -1; gy <= 1; gy++) {
                driver.executeScript("""
                        const [lat, lng, gx, gy] = arguments;
                        const map = window.infillMap;
                        const p = map.project([lat, lng]).add(map.getSize().multiplyBy(1).scaleBy(L.point(gx, gy)));
                        map.setView(map.unproject(p), map.getZoom(), {animate: false});""",
                        start.get(0), start.get(1), gx, gy);
                waitForTiles(driver, wait);
            }
        }
        double panSeconds = (System.nanoTime() - t0) / 1e9;
        driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        Map<String, Object> m = driver.executeCdpCommand("Performance.getMetrics", Map.of());
        double heap = 0;
        double total = 0;
        double nodes = 0;
        for (Map<String, Object> e : (List<Map<String, Object>>) m.get("metrics")) {
            switch ((String) e.get("name")) {
                case "JSHeapUsedSize" -> heap = ((Number) e.get("value")).doubleValue();
                case "JSHeapTotalSize" -> total = ((Number) e.get("value")).doubleValue();
                case "Nodes" -> nodes = ((Number) e.get("value")).doubleValue();
                default -> { }
            }
        }
        Number canvases = (Number) driver.executeScript("return document.querySelectorAll('#map canvas').length");
        System.out.printf("memory after panning 9 screens (%.1f s): JS heap used %.1f MB (total %.1f MB), "
                        + "DOM nodes %.0f, canvases in the map %s%n",
                panSeconds, heap / 1e6, total / 1e6, nodes, canvases);
    }
}
