package nl.infill.webmap.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Where the web map spends its time: a CPU profile of headless Chromium (DevTools Profiler through
 * chromedriver's CDP bridge) over the first view, or over slider changes, printed as the
 * functions with the most self time, with their script and line. It is the profiler behind the
 * figures of {@link FirstViewBenchmark} and {@link ReweightBenchmark}, not a benchmark itself:
 * profiling slows the page down.
 *
 * <p>Usage (service running): {@code bench/webmap-profile.sh first-view|reweight|timeline [URL]}; timeline
 * prints the first view's requests and when the page was interactive, without the profiler's slow-down.
 */
public final class WebMapProfile {

    private WebMapProfile() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "reweight";
        String url = args.length > 1 ? args[1]
                : !"reweight".equals(mode) ? "http://localhost:8080/" : "http://localhost:8080/#map=16/52.05800/4.49300&layers=score";
        ChromeDriver driver = BenchBrowser.start();
        try {
            driver.executeCdpCommand("Profiler.enable", Map.of());
            driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200));
            boolean profile = !"timeline".equals(mode);
            if (!"reweight".equals(mode)) {
                driver.get("about:blank");
                if (profile) {
                    driver.executeCdpCommand("Profiler.start", Map.of());
                }
                BenchBrowser.openReady(driver, url);
                System.out.printf("interactive at %s ms%n",
                        driver.executeScript("return performance.getEntriesByName('infill-interactive')[0].startTime"));
                System.out.println("paint: " + driver.executeScript("return JSON.stringify(window.__vt ?? null)"));
                // the page's own marks (module start, interactive, basemap drawn) and the main thread's
                // long tasks (over 50 ms), to read against the requests below
                System.out.println(driver.executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const marks = performance.getEntriesByType('mark').filter(m => m.name.startsWith('infill-'))
                          .map(m => [m.startTime, `mark ${m.name}`]);
                        const print = (tasks) => marks.concat(tasks).sort((a, b) => a[0] - b[0])
                          .map(([t, what]) => `${t.toFixed(0).padStart(6)} ms  ${what}`).join('\\n');
                        new PerformanceObserver((list, obs) => {
                          obs.disconnect();
                          done(print(list.getEntries().map(e => [e.startTime, `long task of ${e.duration.toFixed(0)} ms`])));
                        }).observe({ type: 'longtask', buffered: true });
                        setTimeout(() => done(print([[0, '(no long tasks reported)']])), 1000);"""));
                // the requests of the first view, in the order they ended: what the page waited for
                System.out.println(driver.executeScript("""
                        return performance.getEntriesByType('resource').sort((a, b) => a.responseEnd - b.responseEnd)
                          .map(e => `${e.startTime.toFixed(0).padStart(6)} -> ${e.responseEnd.toFixed(0).padStart(6)} ms `
                            + `${String(e.encodedBodySize).padStart(8)} B  ${e.name.replace(location.origin, '')}`).join('\\n');"""));
            } else {
                BenchBrowser.openReady(driver, url);
                Thread.sleep(3000);
                driver.executeCdpCommand("Profiler.start", Map.of());
                for (int i = 0; i < 20; i++) {
                    System.out.printf("change %d: %.1f ms%n", i, BenchBrowser.sliderChange(driver, i));
                }
            }
            if (profile) {
                print(driver.executeCdpCommand("Profiler.stop", Map.of()));
            }
        } finally {
            driver.quit();
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> result) {
        Map<String, Object> profile = (Map<String, Object>) result.get("profile");
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) profile.get("nodes");
        List<Number> samples = (List<Number>) profile.get("samples");
        List<Number> deltas = (List<Number>) profile.get("timeDeltas");
        Map<Long, String> names = new HashMap<>();
        for (Map<String, Object> n : nodes) {
            Map<String, Object> f = (Map<String, Object>) n.get("callFrame");
            String script = String.valueOf(f.get("url"));
            script = script.substring(script.lastIndexOf('/') + 1);
            String name = String.valueOf(f.get("functionName"));
            names.put(((Number) n.get("id")).longValue(), (name.isEmpty() ? "(anonymous)" : name) + " " + script + ":"
                    + (((Number) f.get("lineNumber")).intValue() + 1));
        }
        Map<String, Double> self = new HashMap<>();
        double total = 0;
        for (int i = 0; i < samples.size(); i++) {
            double ms = (i + 1 < deltas.size() ? deltas.get(i + 1).doubleValue() : 0) / 1000.0;
            self.merge(names.get(samples.get(i).longValue()), ms, Double::sum);
            total += ms;
        }
        List<Map.Entry<String, Double>> top = new ArrayList<>(self.entrySet());
        top.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        System.out.printf("profiled %.0f ms; self time by function:%n", total);
        for (Map.Entry<String, Double> e : top.subList(0, Math.min(30, top.size()))) {
            System.out.printf("%9.1f ms %5.1f %%  %s%n", e.getValue(), 100 * e.getValue() / total, e.getKey());
        }
    }
}
