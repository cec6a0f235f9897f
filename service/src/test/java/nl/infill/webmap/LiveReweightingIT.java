package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.http.MediaType;

/**
 * Live re-weighting (issue 16 part 1) in headless Chromium on the test city: weight sliders
 * recolour the loaded results tiles with web-map/src/score.js, without fetching a tile, and the
 * score the browser computes from a tile's scaled criteria is the score the service stores for
 * the same weights.
 */
class LiveReweightingIT extends WebMapBrowserTest {

    /** Weights unlike the default scenario's, with every criterion in play (not normalised). */
    private static final Map<String, Object> OTHER_WEIGHTS = Map.of("capacity", 3.0, "underuse", 0.5, "obsolescence", 1.25,
            "transformation", 0.75, "amenities", 2.0, "ageing", 1.5, "soft_constraints", 0.4);

    @Test
    @SuppressWarnings("unchecked")
    void browserScoresFromTileCriteriaEqualTheServicesStoredScoresForTheSameWeights() throws Exception {
        // a scenario with other weights, run by the service, and the same parameters as the default
        Map<String, Object> def = city.http.get().uri("/api/scenarios/{s}", city.slug).retrieve().body(Map.class);
        String other = "webmap-reweight";
        city.http.delete().uri("/api/scenarios/{s}", other).header("Authorization", TestCity.EDITOR)
                .exchange((req, res) -> res.getStatusCode().value(), true);
        city.http.post().uri("/api/scenarios").header("Authorization", TestCity.EDITOR).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("slug", other, "name", "Andere weging", "weights", OTHER_WEIGHTS, "params", def.get("params")))
                .retrieve().toBodilessEntity();
        TestCity.startAndWait(city.http, other);

        open("#layers=score&scenario=" + city.slug);
        fitToParcels();
        waitForScoreTiles();

        // scores computed in the page by score.js from the default scenario's tiles ...
        Map<Long, Double> ownWeights = browserScores((Map<String, Object>) def.get("weights"));
        Map<Long, Double> otherWeights = browserScores(OTHER_WEIGHTS);
        assertThat(ownWeights).as("parcels drawn with scaled criteria").hasSizeGreaterThanOrEqualTo(100);

        // ... equal the scores the service stored for those weights, parcel by parcel
        Map<Long, Double> storedOwn = storedScores(city.slug);
        Map<Long, Double> storedOther = storedScores(other);
        int compared = 0;
        for (var e : ownWeights.entrySet()) {
            assertThat(storedOwn).containsKey(e.getKey());
            assertEqualScore(e.getKey(), e.getValue(), storedOwn.get(e.getKey()));
            assertEqualScore(e.getKey(), otherWeights.get(e.getKey()), storedOther.get(e.getKey()));
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(100);
        // the other weights do move scores: the comparison is not of equal numbers twice
        assertThat(ownWeights.keySet()).anyMatch(id -> ownWeights.get(id) != null
                && Math.abs(ownWeights.get(id) - otherWeights.get(id)) > 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void movingAWeightSliderRecoloursTheVisibleParcelsWithoutNewTilesAndMarksThePreview() throws Exception {
        Map<String, Object> presentation = city.http.get().uri("/api/presentation").retrieve().body(Map.class);
        Map<String, String> colourOfClass = new HashMap<>();
        ((List<Map<String, Object>>) presentation.get("layers")).stream().filter(l -> "score".equals(l.get("id")))
                .flatMap(l -> ((List<Map<String, Object>>) l.get("classes")).stream())
                .forEach(c -> colourOfClass.put(String.valueOf(c.get("value")), ((String) c.get("colour")).toLowerCase()));

        open("#layers=score&scenario=" + city.slug);
        fitToParcels();
        waitForScoreTiles();
        Map<Long, String> before = fills();
        long tileRequests = tileRequests();
        // open a parcel's explanation first: it follows the sliders too
        long parcelId = jdbc.sql("SELECT id FROM parcel WHERE source_id = 'WM-7-6'").query(Long.class).single();
        clickParcel("WM-7-6");
        WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
        browser.waitUntil(Duration.ofSeconds(10), () -> String.valueOf(parcelId).equals(panel.getAttribute("data-parcel-id")));
        assertThat(panel.getAttribute("data-preview")).isEqualTo("false");

        assertThat(criteriaRequests()).as("criteria fetched before the weights' tab opens").isZero();
        browser.byRole("tab", "Scenario").click();
        WebElement marker = browser.driver.findElement(By.id("preview-marker"));
        assertThat(marker.isDisplayed()).isFalse();
        // opening the weights' tab fetches the criteria beside the tiles on screen, so that the
        // first slider move has them; the preview has not started
        browser.waitUntil(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(browser.js("""
                const l = window.infillApp.layers.state.score.entry.layer;
                const tiles = Object.keys(l._tiles).flatMap(k => l.cachedTiles(l._wrapCoords(l._keyToTileCoords(k))) ?? []);
                return tiles.length > 0 && tiles.every(t => t.data.sideMerged === true);""")));
        long prefetched = criteriaRequests();
        assertThat(prefetched).isPositive();
        assertThat(marker.isDisplayed()).isFalse();
        // all weight on additional floor area: each parcel's class follows its capacity rank alone
        allWeightOn("Extra vloeroppervlak");
        assertThat(criteriaRequests()).as("criteria fetched by the slider moves").isEqualTo(prefetched);

        assertThat(marker.isDisplayed()).isTrue();
        assertThat(marker.getText()).startsWith("Voorbeeld");
        Map<Long, String> after = fills();
        // expected: the class of 100 x v_capacity, from the scaled criteria the service stored
        Map<Long, String> expected = new HashMap<>();
        jdbc.sql("""
                SELECT r.parcel_id, CASE WHEN r.excluded THEN NULL ELSE least(5, floor(100 * r.scaled[1] / 20) + 1)::int END
                  FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id WHERE s.slug = ?""").param(city.slug)
                .query(rs -> {
                    Object c = rs.getObject(2);
                    expected.put(rs.getLong(1), c == null ? null : colourOfClass.get(String.valueOf(c)));
                });
        int changed = 0;
        int checked = 0;
        for (var e : after.entrySet()) {
            String want = expected.get(e.getKey());
            if (want == null) {
                continue;
            }
            assertThat(e.getValue()).as("fill of parcel " + e.getKey()).isEqualTo(want);
            checked++;
            if (!e.getValue().equals(before.get(e.getKey()))) {
                changed++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(100);
        assertThat(changed).as("parcels recoloured by the slider").isPositive();
        assertThat(tileRequests()).as("results tiles fetched for the recolouring").isEqualTo(tileRequests);

        // the explanation shows the preview, marked, with the class the map draws
        assertThat(panel.getAttribute("data-preview")).isEqualTo("true");
        assertThat(panel.findElement(By.cssSelector("[data-field=preview]")).getText()).startsWith("Voorbeeld");
        Integer panelClass = jdbc.sql("""
                SELECT CASE WHEN r.excluded THEN NULL ELSE least(5, floor(100 * r.scaled[1] / 20) + 1)::int END
                  FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id WHERE s.slug = ? AND r.parcel_id = ?""")
                .params(city.slug, parcelId).query(Integer.class).single();
        assertThat(panel.findElement(By.cssSelector("[data-field=class] dd")).getText())
                .isEqualTo(panelClass == null ? "–" : String.valueOf(panelClass));
        // and the neighbourhood totals preview their mean score, marked too
        browser.byRole("tab", "Buurten").click();
        assertThat(browser.driver.findElement(By.id("nbh-preview")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElements(By.cssSelector("#nbh-table td[data-preview=true]"))).isNotEmpty();
        browser.byRole("tab", "Scenario").click();
        browser.screenshot("20-live-reweighting-nl");
        browser.byRole("button", "Switch to English").click();
        assertThat(marker.getText()).startsWith("Preview");
        browser.screenshot("21-live-reweighting-en");

        @SuppressWarnings("unchecked")
        List<Number> repaint = (List<Number>) browser.js(
                "return performance.getEntriesByName('infill-reweight').map(m => m.duration)");
        assertThat(repaint).as("a repaint measure per slider move").hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    @SuppressWarnings("unchecked")
    void neighbourhoodMeanScaledCriteriaGiveTheStoredMeanScoreWithTheScenariosWeights() {
        Map<String, Object> def = city.http.get().uri("/api/scenarios/{s}", city.slug).retrieve().body(Map.class);
        Map<String, Number> weights = (Map<String, Number>) def.get("weights");
        List<String> order = List.of("capacity", "underuse", "obsolescence", "transformation", "amenities", "ageing",
                "soft_constraints");
        List<Map<String, Object>> rows = city.http.get().uri("/api/scenarios/{s}/neighbourhoods", city.slug).retrieve()
                .body(List.class);
        assertThat(rows).isNotEmpty();
        int scored = 0;
        for (Map<String, Object> r : rows) {
            List<Number> mean = (List<Number>) r.get("meanScaled");
            assertThat(mean).as("meanScaled of " + r.get("code")).hasSize(7);
            if (r.get("meanScore") == null) {
                // no scored parcel (all excluded): no means either
                assertThat(mean).as("meanScaled of " + r.get("code")).containsOnlyNulls();
                continue;
            }
            scored++;
            double s = 0;
            for (int k = 0; k < 7; k++) {
                s += 100 * weights.get(order.get(k)).doubleValue() * mean.get(k).doubleValue();
            }
            assertThat(s).as("mean score of " + r.get("code")).isCloseTo(((Number) r.get("meanScore")).doubleValue(),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(scored).as("neighbourhoods with a mean score").isPositive();
    }

    // ---------------------------------------------------------------------------------------

    private static void assertEqualScore(long id, Double browserScore, Double stored) {
        if (stored == null) {
            assertThat(browserScore).as("parcel " + id + " (no stored score)").isNull();
        } else {
            assertThat(browserScore).as("parcel " + id).isNotNull();
            assertThat(Math.abs(browserScore - stored)).as("|browser - service| of parcel " + id).isLessThanOrEqualTo(1e-9);
        }
    }

    private Map<Long, Double> storedScores(String slug) {
        Map<Long, Double> m = new HashMap<>();
        jdbc.sql("SELECT r.parcel_id, r.score FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id WHERE s.slug = ?")
                .param(slug).query(rs -> {
                    m.put(rs.getLong(1), (Double) rs.getObject(2));
                });
        return m;
    }

    /**
     * Score per parcel as web-map/src/score.js computes it in the page from the loaded tiles'
     * properties, with the scaled criteria that come beside each tile (as a slider's first move loads them).
     */
    @SuppressWarnings("unchecked")
    private Map<Long, Double> browserScores(Map<String, Object> weights) {
        List<List<Object>> rows = (List<List<Object>>) ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const [weights, done] = arguments;
                const layer = window.infillApp.layers.state.score.entry.layer;
                Promise.all(layer.sideOnScreen()).then(() => import('/score.js')).then((s) => {
                  const w = s.normaliseWeights(weights);
                  const out = [];
                  for (const f of layer.drawnFeatures()) {
                    const p = f.props;
                    if (p.v_capacity === undefined && !p.excluded) continue;
                    out.push([p.parcel_id, s.score(s.scaledOf(p), w, p.excluded === true)]);
                  }
                  done(out);
                });""", weights);
        Map<Long, Double> m = new HashMap<>();
        for (List<Object> r : rows) {
            m.put(((Number) r.get(0)).longValue(), r.get(1) == null ? null : ((Number) r.get(1)).doubleValue());
        }
        return m;
    }

    /** Fill colour per parcel as the score layer last painted it (the repaints under way finished). */
    @SuppressWarnings("unchecked")
    private Map<Long, String> fills() {
        // the tiles repaint asynchronously after a slider's input: read the colours once they are painted
        browser.waitUntil(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(browser.js("""
                const l = window.infillApp.layers.state.score.entry.layer;
                return !l.painting && !l.repaintAgain;""")));
        Map<String, String> raw = (Map<String, String>) browser.js("""
                const layer = window.infillApp.layers.state.score.entry.layer;
                const out = {};
                for (const f of layer.drawnFeatures()) out[f.id] = String(f.fill).toLowerCase();
                return out;""");
        Map<Long, String> m = new HashMap<>();
        raw.forEach((k, v) -> m.put(Long.parseLong(k), v));
        return m;
    }

    private long tileRequests() {
        // the tiles themselves: their criteria come beside them (.criteria) once a slider moves
        return browser.requestedUrls().stream()
                .filter(u -> u.contains("/tiles/results-" + city.slug + "/") && u.contains(".mvt")).count();
    }

    private long criteriaRequests() {
        return browser.requestedUrls().stream()
                .filter(u -> u.contains("/tiles/results-" + city.slug + "/") && u.contains(".criteria")).count();
    }

    private void fitToParcels() {
        List<Double> b = jdbc.sql("""
                SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
                  FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom), 28992), 4326) e FROM parcel WHERE source_id LIKE 'WM-%') q""")
                .query((rs, i) -> List.of(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4))).single();
        browser.js("window.infillMap.fitBounds([[arguments[1], arguments[0]], [arguments[3], arguments[2]]])",
                b.get(0), b.get(1), b.get(2), b.get(3));
    }

    /** Waits until the score layer holds tiles with features and no tile is loading. */
    private void waitForScoreTiles() {
        browser.waitUntil(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(browser.js("""
                const e = window.infillApp.layers.state.score.entry;
                if (!e || e.layer._loading) return false;
                return e.layer.drawnFeatures().length > 0
                  && Object.values(e.layer._tiles).every(t => t.loaded);""")));
    }
}
