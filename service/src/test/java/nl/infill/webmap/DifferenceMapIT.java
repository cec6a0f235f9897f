package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The scenario difference map (issue 16 part 4) in headless Chromium: parcels coloured by the
 * change in score from A to B on the presentation source's diverging ramp, its legend, and a
 * click that explains the change criterion by criterion.
 */
class DifferenceMapIT extends WebMapBrowserTest {

    @Override
    void cityReady() {
        city.scenarioOnOneCriterion("diff-capacity", "Alleen vloeroppervlak", "capacity");
        city.scenarioOnOneCriterion("diff-amenities", "Alleen voorzieningen", "amenities");
    }

    @Test
    @SuppressWarnings("unchecked")
    void parcelsAreColouredByTheChangeInScoreWithALegendAndAClickExplainsItPerCriterion() throws Exception {
        Map<String, Object> presentation = city.http.get().uri("/api/presentation").retrieve().body(Map.class);
        Map<String, Object> ramp = ((List<Map<String, Object>>) presentation.get("layers")).stream()
                .filter(l -> "diffScore".equals(l.get("id"))).findFirst().orElseThrow();
        List<Map<String, Object>> classes = (List<Map<String, Object>>) ramp.get("classes");

        browser.open(base + "/?basemap=none#layers=score&scenario=" + city.slug);
        browser.byRole("tab", "Scenario").click();
        new Select(browser.byLabel("Scenario A")).selectByValue("diff-capacity");
        new Select(browser.byLabel("Scenario B")).selectByValue("diff-amenities");
        new Select(browser.byLabel("Kleur op de kaart")).selectByValue("score");
        browser.driver.findElement(By.id("compare-map")).click();
        browser.byRole("button", "Vergelijken").click();

        // the legend is the ramp's, in its order
        WebElement legend = browser.driver.findElement(By.id("compare-legend"));
        browser.waitUntil(Duration.ofSeconds(20), legend::isDisplayed);
        assertThat(legend.findElements(By.cssSelector("li")).stream().map(WebElement::getText).toList())
                .containsExactlyElementsOf(classes.stream().map(c -> (String) ((Map<String, Object>) c.get("label")).get("nl")).toList());
        assertThat(legend.findElement(By.tagName("h3")).getText())
                .isEqualTo(((Map<String, Object>) ramp.get("title")).get("nl"));

        // every drawn parcel has the ramp's colour of its change in score, as the database has it
        browser.waitUntil(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(browser.js("""
                const l = window.infillApp.layers.diffLayer;
                return Boolean(l) && !l._loading && l.drawnFeatures().some(f => f.fill !== null);""")));
        Map<String, String> fills = (Map<String, String>) browser.js("""
                const out = {};
                for (const f of window.infillApp.layers.diffLayer.drawnFeatures()) out[f.id] = String(f.fill).toLowerCase();
                return out;""");
        Map<Long, Double> diff = new HashMap<>();
        jdbc.sql("""
                SELECT a.parcel_id, b.score - a.score FROM parcel_result a
                  JOIN parcel_result b ON b.parcel_id = a.parcel_id
                 WHERE a.scenario_id = (SELECT id FROM scenario WHERE slug = 'diff-capacity')
                   AND b.scenario_id = (SELECT id FROM scenario WHERE slug = 'diff-amenities')""")
                .query(rs -> {
                    diff.put(rs.getLong(1), (Double) rs.getObject(2));
                });
        assertThat(fills).hasSizeGreaterThanOrEqualTo(100);
        java.util.Set<String> colours = new java.util.HashSet<>();
        fills.forEach((id, fill) -> {
            assertThat(fill).as("parcel " + id).isEqualTo(colourOf(classes, diff.get(Long.parseLong(id))));
            colours.add(fill);
        });
        assertThat(colours).as("colours of the ramp in use").hasSizeGreaterThanOrEqualTo(3);
        browser.screenshot("40-difference-map-nl");

        // a click on the parcel whose score changed most explains it criterion by criterion
        long parcel = diff.entrySet().stream().filter(e -> e.getValue() != null)
                .max((x, y) -> Double.compare(Math.abs(x.getValue()), Math.abs(y.getValue()))).orElseThrow().getKey();
        clickDiffParcel(parcel);
        WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
        browser.waitUntil(Duration.ofSeconds(10), () -> "diff-capacity:diff-amenities".equals(panel.getAttribute("data-diff"))
                && String.valueOf(parcel).equals(panel.getAttribute("data-parcel-id")));
        List<WebElement> rows = panel.findElements(By.cssSelector("table.diff tbody tr"));
        assertThat(rows).hasSize(7);
        double sum = rows.stream().mapToDouble(r -> Double.parseDouble(r.findElement(By.cssSelector("td.delta"))
                .getAttribute("data-delta"))).sum();
        assertThat(sum).as("changes in contribution add up to the change in score").isCloseTo(diff.get(parcel),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(panel.findElement(By.cssSelector("[data-field=diff-intro]")).getText()).contains("diff-amenities");
        browser.screenshot("41-difference-explained-nl");

        browser.byRole("button", "Switch to English").click();
        assertThat(legend.findElement(By.tagName("h3")).getText())
                .isEqualTo(((Map<String, Object>) ramp.get("title")).get("en"));
        assertThat(panel.findElement(By.cssSelector("table.diff thead")).getText()).contains("Δ contribution");
        browser.screenshot("42-difference-map-en");

        // the capacity ramp is the other measure
        new Select(browser.byLabel("Colour on the map")).selectByValue("capacity");
        // read in the page: the legend is rendered anew, an element found before would be stale
        browser.waitUntil(Duration.ofSeconds(10), () -> String.valueOf(browser.js(
                "return document.querySelector('#compare-legend h3')?.textContent")).startsWith("Change in capacity"));
    }

    /** The colour of the ramp's class for a value: [min, max) ranges, the else class for none. */
    @SuppressWarnings("unchecked")
    private static String colourOf(List<Map<String, Object>> classes, Double v) {
        for (Map<String, Object> c : classes) {
            if (Boolean.TRUE.equals(c.get("else")) || v == null) {
                continue;
            }
            Number min = (Number) c.get("min");
            Number max = (Number) c.get("max");
            if ((min == null || v >= min.doubleValue()) && (max == null || v < max.doubleValue())) {
                return ((String) c.get("colour")).toLowerCase();
            }
        }
        return classes.stream().filter(c -> Boolean.TRUE.equals(c.get("else"))).map(c -> ((String) c.get("colour")).toLowerCase())
                .findFirst().orElseThrow();
    }

    private void clickDiffParcel(long id) {
        double[] ll = jdbc.sql("""
                SELECT ST_Y(c), ST_X(c) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) c FROM parcel WHERE id = ?) p""")
                .param(id).query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        browser.js("window.infillMap.setView([arguments[0], arguments[1]], 18, {animate: false})", ll[0], ll[1]);
        browser.waitUntil(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(browser.js("""
                const l = window.infillApp.layers.diffLayer;
                return !l._loading && Object.values(l._tiles).every(t => t.loaded);""")));
        browser.clickMapAt(ll[0], ll[1]);
    }
}
