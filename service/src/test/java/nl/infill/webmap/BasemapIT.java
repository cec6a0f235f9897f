package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The basemap from Infill's own data (issue 16 part 2): with no basemap configured the first view
 * draws streets, building footprints and water/green zones from the service's own vector tiles,
 * and asks no other host for anything (it works offline).
 */
class BasemapIT extends WebMapBrowserTest {

    @Test
    @SuppressWarnings("unchecked")
    void withNoBasemapConfiguredTheFirstViewShowsStreetsAndBuildingsFromOwnTiles() throws Exception {
        assertThat((Map<String, Object>) city.http.get().uri("/api/config/map").retrieve().body(Map.class))
                .as("the test service configures no basemap").doesNotContainKey("basemap");
        browser.open(base + "/#layers=score&scenario=" + city.slug);

        Map<String, Number> features = basemapFeatures();
        assertThat(features.get("streets").intValue()).as("street features drawn").isPositive();
        assertThat(features.get("buildings").intValue()).as("building features drawn").isPositive();
        // the test city's zone Z4 is green: drawn as green, while housing zones stay land-coloured
        assertThat(features.get("zoning").intValue()).as("green or water zones drawn").isPositive();
        List<String> urls = browser.requestedUrls();
        assertThat(urls).anyMatch(u -> u.contains("/tiles/streets/")).anyMatch(u -> u.contains("/tiles/buildings/"));
        // the basemap asks only for what it styles by: footprints without attributes, streets' class
        assertThat(urls).filteredOn(u -> u.contains("/tiles/buildings/")).allMatch(u -> u.endsWith("&properties="));
        assertThat(urls).filteredOn(u -> u.contains("/tiles/streets/")).allMatch(u -> u.endsWith("&properties=class"));
        // and so does the score layer above it: the parcel id, its class, and whether it is excluded (live preview)
        assertThat(urls).filteredOn(u -> u.contains("/tiles/results-") && u.contains(".mvt")).isNotEmpty()
                .allMatch(u -> u.endsWith("&properties=parcel_id,score_class,excluded"));
        assertThat(urls).as("requests to other hosts (offline)")
                .filteredOn(u -> u.startsWith("http:") || u.startsWith("https:") || u.startsWith("ws"))
                .isNotEmpty().allMatch(u -> u.startsWith(base));
        assertThat(browser.driver.findElement(By.id("basemap-info")).getText()).startsWith("Achtergrond uit eigen data");
        browser.js("window.infillApp.layers.toggle('score', false)");
        browser.screenshot("30-own-basemap-nl");
        browser.byRole("button", "Switch to English").click();
        assertThat(browser.driver.findElement(By.id("basemap-info")).getText()).startsWith("Background from own data");
        browser.js("window.infillApp.layers.toggle('score', true)");
        browser.waitUntil(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(
                browser.js("return Boolean(window.infillApp.layers.state.score.entry)")));
        browser.screenshot("31-own-basemap-under-scores-en");
    }

    @Test
    void basemapNoneInTheLinkDrawsNoBackground() {
        browser.open(base + "/?basemap=none#layers=score&scenario=" + city.slug);
        assertThat(browser.js("return window.infillMap.ownBasemap === undefined")).isEqualTo(true);
        assertThat(browser.requestedUrls()).noneMatch(u -> u.contains("/tiles/streets/"));
        assertThat(browser.driver.findElement(By.id("basemap-info")).getText()).isEqualTo("Geen achtergrondkaart");
    }

    /** Features per basemap part once its first tiles are drawn. */
    @SuppressWarnings("unchecked")
    private Map<String, Number> basemapFeatures() {
        browser.waitUntil(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(browser.js("""
                return window.__basemap !== undefined || (window.infillMap.ownBasemap.then(ls => { window.__basemap = ls; }), false);""")));
        browser.waitUntil(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(browser.js("""
                return window.__basemap.length === 3 && window.__basemap.every(l => !l._loading
                  && Object.values(l._tiles).every(t => t.loaded));""")));
        return (Map<String, Number>) browser.js("""
                const out = {};
                for (const l of window.__basemap) {
                  out[l.basemapPart] = l.drawnFeatures().filter(f => f.fill !== null).length;
                }
                return out;""");
    }
}
