package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.http.MediaType;

/**
 * The web map in real headless Chromium against the running service on real PostGIS. Each
 * test fails on any SEVERE browser console entry. Tests that need another feature's API skip
 * (JUnit assumption, with the endpoint named) while that API is not on this branch yet.
 */
class WebMapIT extends WebMapBrowserTest {

    private static final Logger log = LoggerFactory.getLogger(WebMapIT.class);

    @Override
    void cityReady() {
        log.info("web map tests on scenario {}", city.slug);
    }

    // ---------------------------------------------------------------------------------------

    @Test
    void mapLoadsAndRequestsVersionedTilesForTheVisibleLayers() throws Exception {
        String results = "/tiles/results-" + city.slug + ".json";
        // no basemap: the own-data basemap would ask for zoning tiles (BasemapIT tests it)
        open("?basemap=none#layers=score,buildings,amenities&scenario=" + city.slug);
        String version = tileVersion("results-" + city.slug);

        browser.waitUntil(Duration.ofSeconds(15), () -> browser.requestedUrls().stream()
                .anyMatch(u -> u.contains("/tiles/results-" + city.slug + "/") && u.contains("v=" + version)));
        List<String> urls = browser.requestedUrls();
        assertThat(urls).anyMatch(u -> u.matches(".*/tiles/results-" + city.slug + "/\\d+/\\d+/\\d+\\.mvt\\?v=" + version + ".*"));
        assertThat(urls).anyMatch(u -> u.contains("/tiles/buildings/"));
        assertThat(urls).anyMatch(u -> u.contains("/tiles/amenities/"));
        // layers that are off are not requested
        assertThat(urls).noneMatch(u -> u.contains("/tiles/zoning/"));
        assertThat(browser.driver.findElement(By.id("layer-score")).isSelected()).isTrue();
        assertThat(browser.driver.getCurrentUrl()).contains("layers=score,buildings,amenities");
        browser.screenshot("01-map-score-buildings-amenities");
    }

    @Test
    void theFirstViewsApiCallsLeaveBeforeTheModulesRunAndEachIsMadeOnce() {
        open("#scenario=" + city.slug);
        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) browser.js("""
                const start = performance.getEntriesByName('infill-start')[0].startTime;
                const out = {};
                for (const e of performance.getEntriesByType('resource')) {
                  const path = new URL(e.name).pathname;
                  if (!path.startsWith('/api/') && !/^\\/tiles\\/[^/]+\\.json$/.test(path)) continue;
                  out[path] ??= { count: 0, beforeModules: true };
                  out[path].count++;
                  out[path].beforeModules &&= e.startTime < start;
                }
                return out;""");
        // boot.js starts them from the page's head; api.js takes each answer instead of asking again
        for (String path : List.of("/api/config/map", "/api/presentation", "/api/layers", "/api/scenarios", "/api/session")) {
            assertThat(seen).as(path).containsKey(path);
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) seen.get(path);
            assertThat(entry).as(path).containsEntry("count", 1L).containsEntry("beforeModules", true);
        }
        // the scenario's results TileJSON (what the score layer draws) and the own basemap's: once each
        for (String path : List.of("/tiles/results-" + city.slug + ".json", "/tiles/zoning.json", "/tiles/buildings.json",
                "/tiles/streets.json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) seen.get(path);
            assertThat(entry).as(path).containsEntry("count", 1L);
        }
    }

    @Test
    void languageSwitchChangesTheLabelsAndIsKeptInTheUrl() throws Exception {
        open("");
        assertThat(browser.js("return document.documentElement.lang")).isEqualTo("nl");
        assertThat(browser.byRole("tab", "Lagen").isDisplayed()).isTrue();
        browser.screenshot("02-language-nl");

        browser.byRole("button", "Switch to English").click();

        assertThat(browser.js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.byRole("tab", "Layers").isDisplayed()).isTrue();
        assertThat(browser.byRole("tab", "Neighbourhoods").isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("layer-score")).findElement(By.xpath("..")).getText())
                .contains("Redevelopment score");
        assertThat(browser.driver.findElement(By.id("basemap-info")).getText()).startsWith("Background from own data");
        assertThat(browser.driver.getCurrentUrl()).contains("lang=en");
        browser.screenshot("03-language-en");

        // a shared link opens in the same language and view
        String shared = browser.driver.getCurrentUrl();
        browser.driver.navigate().to("about:blank");
        browser.open(shared);
        assertThat(browser.byRole("tab", "Layers").isDisplayed()).isTrue();
    }

    @Test
    void everyControlIsLabelledAndTheTabsWorkFromTheKeyboard() {
        open("");
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) browser.js("""
                return [...document.querySelectorAll('button, input, select, [role=tab]')].filter(el => {
                  const name = (el.getAttribute('aria-label') || (el.labels && [...el.labels].map(l => l.textContent).join(''))
                    || el.textContent || '').trim();
                  return name.length === 0;
                }).map(el => el.outerHTML.slice(0, 120));""");
        assertThat(unlabelled).isEmpty();

        WebElement layersTab = browser.byRole("tab", "Lagen");
        layersTab.sendKeys(Keys.ARROW_RIGHT);
        WebElement scenarioTab = browser.byRole("tab", "Scenario");
        assertThat(scenarioTab.getAttribute("aria-selected")).isEqualTo("true");
        assertThat(browser.driver.switchTo().activeElement()).isEqualTo(scenarioTab);
        assertThat(browser.driver.findElement(By.id("panel-scenario")).isDisplayed()).isTrue();
    }

    @Test
    void clickingAParcelShowsTheBreakdownTheApiGivesForIt() throws Exception {
        long parcelId = parcelId("WM-7-6");
        String parcelPath = "/api/scenarios/" + city.slug + "/parcels/" + parcelId;
        Map<String, Object> api = city.http.get().uri(parcelPath).retrieve().body(Map.class);

        open("#layers=score&scenario=" + city.slug);
        clickParcel("WM-7-6");

        WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
        browser.waitUntil(Duration.ofSeconds(10), () -> String.valueOf(parcelId).equals(panel.getAttribute("data-parcel-id")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> criteria = (List<Map<String, Object>>) api.get("criteria");
        @SuppressWarnings("unchecked")
        List<Number> chart = (List<Number>) browser.js(
                "return Chart.getChart(document.querySelector('#parcel-panel canvas')).data.datasets[0].data");
        assertThat(chart).hasSameSizeAs(criteria);
        for (int i = 0; i < criteria.size(); i++) {
            assertThat(chart.get(i).doubleValue()).isEqualTo(((Number) criteria.get(i).get("contribution")).doubleValue());
        }
        assertThat(panel.findElement(By.cssSelector("[data-field=sentence]")).getText()).isEqualTo(api.get("sentence"));
        assertThat(panel.findElement(By.cssSelector("[data-field=class] dd")).getText())
                .isEqualTo(String.valueOf(api.get("scoreClass")));
        assertThat(panel.findElements(By.cssSelector("table.criteria tbody th")).stream().map(WebElement::getText))
                .containsExactlyElementsOf(criteria.stream().map(c -> (String) c.get("label")).toList());
        browser.screenshot("04-parcel-panel");

        // In English the panel shows the API's English labels and sentence, read by their names.
        browser.byRole("button", "Switch to English").click();
        browser.waitUntil(Duration.ofSeconds(10), () -> panel.findElement(By.cssSelector("[data-field=sentence]"))
                .getText().equals(api.get("sentenceEn")));
        assertThat(panel.findElements(By.cssSelector("table.criteria tbody th")).stream().map(WebElement::getText))
                .containsExactlyElementsOf(criteria.stream().map(c -> (String) c.get("labelEn")).toList());
        assertThat(criteria).allSatisfy(c -> assertThat(c.get("labelEn")).isNotEqualTo(c.get("label")));
    }

    @Test
    void withoutChartJsTheParcelPanelStillShowsItsNumbersAndSaysOnceWhatCouldNotLoad() {
        // Chart.js is loaded on first use (lazy.js): a network that refuses it must not cost the numbers
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*chart.umd.min.js")));
        try {
            open("#layers=score&scenario=" + city.slug);
            WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
            for (String parcel : List.of("WM-7-6", "WM-8-6")) {
                long id = parcelId(parcel);
                clickParcel(parcel);
                browser.waitUntil(Duration.ofSeconds(10), () -> String.valueOf(id).equals(panel.getAttribute("data-parcel-id")));
                assertThat(panel.findElements(By.cssSelector("table.criteria tbody tr"))).as("criteria of " + parcel).hasSize(7);
                assertThat(panel.findElement(By.cssSelector("[data-field=sentence]")).getText()).isNotBlank();
            }
            assertThat(browser.js("return typeof window.Chart")).isEqualTo("undefined");
            List<WebElement> errors = browser.driver.findElements(By.cssSelector("#messages .message.error"));
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getText()).contains("chart.umd.min.js");
        } finally {
            browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
    }

    @Test
    void aDrawnPolygonSummarisesAsTheSpatialQueryAndExportsItsParcels() throws Exception {
        open("#layers=score&scenario=" + city.slug);
        browser.byRole("tab", "Selectie").click();
        browser.byRole("button", "Polygoon tekenen").click();
        // drawing starts once Leaflet-Geoman is in (loaded on first use), and the hint says so
        WebElement hint = browser.driver.findElement(By.id("draw-hint"));
        browser.waitUntil(Duration.ofSeconds(10), hint::isDisplayed);

        // RD box 92,590..92,730 x 451,565..451,635 touches parcel columns 2..5 (x 92,580..92,740)
        // and rows 2..4 (y 451,560..451,650): 4 x 3 = 12 parcels.
        double[][] corners = {{92590, 451565}, {92730, 451565}, {92730, 451635}, {92590, 451635}, {92590, 451565}};
        for (double[] c : corners) {
            clickRd(c[0], c[1]);
        }
        WebElement summary = browser.driver.findElement(By.id("selection-summary"));
        browser.waitUntil(Duration.ofSeconds(10), () -> !summary.findElements(By.cssSelector("[data-field=count] dd")).isEmpty());
        String drawn = (String) browser.js("return JSON.stringify(window.infillApp.selection.geometry)");
        Map<String, Object> apiResult = city.http.post().uri("/api/query/intersects").contentType(MediaType.APPLICATION_JSON)
                .body("{\"scenario\":\"" + city.slug + "\",\"crs\":\"EPSG:4326\",\"geometry\":" + drawn + "}").retrieve().body(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) apiResult.get("summary");
        assertThat(((Number) s.get("count")).intValue()).isEqualTo(12);
        assertThat(summary.findElement(By.cssSelector("[data-field=count] dd")).getText()).isEqualTo("12");
        @SuppressWarnings("unchecked")
        Map<String, Object> perClass = (Map<String, Object>) s.get("parcelsPerClass");
        for (int c = 1; c <= 5; c++) {
            Object n = perClass.get(String.valueOf(c));
            assertThat(summary.findElement(By.cssSelector("td[data-class='" + c + "']")).getText())
                    .isEqualTo(String.valueOf(n == null ? 0 : ((Number) n).intValue()));
        }
        browser.screenshot("05-selection-summary");

        new Select(browser.byLabel("Bestandsformaat")).selectByValue("geojson");
        browser.byRole("button", "Exporteren").click();
        browser.waitUntil(Duration.ofSeconds(15), () -> downloaded().findAny().isPresent());
        Path file = downloaded().findFirst().orElseThrow();
        Map<String, Object> geojson = JsonParserFactory.getJsonParser().parseMap(Files.readString(file));
        assertThat(geojson.get("type")).isEqualTo("FeatureCollection");
        assertThat((List<?>) geojson.get("features")).hasSize(12);
    }

    @Test
    void movingASliderAndRunningShowsProgressThenNewTilesAndTheNewClass() throws Exception {
        Map<Long, Integer> classesBefore = classes();
        String before = tileVersion("results-" + city.slug);
        Map<String, Object> original = city.http.get().uri("/api/scenarios/{s}", city.slug).retrieve().body(Map.class);
        try {
            runWithAllWeightOnCapacity(classesBefore, before);
        } finally {
            // other test classes share the database: give the scenario its weights back
            city.http.put().uri("/api/scenarios/{s}", city.slug).header("Authorization", TestCity.EDITOR)
                    .contentType(MediaType.APPLICATION_JSON).body(original).retrieve().toBodilessEntity();
        }
    }

    private void runWithAllWeightOnCapacity(Map<Long, Integer> classesBefore, String before) throws Exception {

        open("#layers=score&scenario=" + city.slug);
        signInAsEditor();
        browser.byRole("tab", "Scenario").click();
        browser.js("""
                window.__statusLog = [];
                new MutationObserver(() => window.__statusLog.push(document.querySelector('#run-status').textContent))
                  .observe(document.querySelector('#run-status'), {childList: true, characterData: true, subtree: true});""");
        // all weight on additional floor area: classes follow capacity alone
        allWeightOn("Extra vloeroppervlak");
        browser.byRole("button", "Berekenen").click();

        WebElement status = browser.driver.findElement(By.id("run-status"));
        browser.waitUntil(Duration.ofMinutes(3), () -> status.getAttribute("class").contains("ok")
                || status.getAttribute("class").contains("error"));
        assertThat(status.getAttribute("class")).contains("ok");
        @SuppressWarnings("unchecked")
        List<String> statusLog = (List<String>) browser.js("return window.__statusLog");
        assertThat(statusLog).anyMatch(t -> t.startsWith("Bezig"));
        assertThat(browser.driver.findElement(By.id("run-progress")).getAttribute("value")).isEqualTo("100");

        String after = tileVersion("results-" + city.slug);
        assertThat(after).isNotEqualTo(before);
        browser.waitUntil(Duration.ofSeconds(15), () -> browser.requestedUrls().stream()
                .anyMatch(u -> u.contains("/tiles/results-" + city.slug + "/") && u.contains("v=" + after)));
        browser.screenshot("06-run-done");

        // a parcel whose class the run changed shows the class the API now gives
        Map<Long, Integer> classesAfter = classes();
        long changed = classesAfter.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().equals(classesBefore.get(e.getKey())))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("the run changed no class"));
        Map<String, Object> api = city.http.get().uri("/api/scenarios/{s}/parcels/{id}", city.slug, changed)
                .retrieve().body(Map.class);
        assertThat(api.get("scoreClass")).isEqualTo(classesAfter.get(changed)).isNotEqualTo(classesBefore.get(changed));
        clickParcel(jdbc.sql("SELECT source_id FROM parcel WHERE id = ?").param(changed).query(String.class).single());
        WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
        browser.waitUntil(Duration.ofSeconds(10), () -> String.valueOf(changed).equals(panel.getAttribute("data-parcel-id")));
        assertThat(panel.findElement(By.cssSelector("[data-field=class] dd")).getText())
                .isEqualTo(String.valueOf(api.get("scoreClass")));
        browser.screenshot("07-parcel-after-run");
    }

    @Test
    @SuppressWarnings("unchecked")
    void comparingTwoScenariosShowsHowManyParcelsChangedClassAsTheApiSays() throws Exception {
        // a scenario on floor area alone against one on amenities alone: many classes move
        city.scenarioOnOneCriterion("webmap-capacity", "Alleen vloeroppervlak", "capacity");
        city.scenarioOnOneCriterion("webmap-amenities", "Alleen voorzieningen", "amenities");
        Map<String, Object> api = city.http.get().uri("/api/compare?a=webmap-capacity&b=webmap-amenities").retrieve().body(Map.class);
        long changed = ((Number) ((Map<String, Object>) api.get("summary")).get("classChanged")).longValue();
        assertThat(changed).isPositive();

        open("#layers=score&scenario=" + city.slug);
        browser.byRole("tab", "Scenario").click();
        new Select(browser.byLabel("Scenario A")).selectByValue("webmap-capacity");
        new Select(browser.byLabel("Scenario B")).selectByValue("webmap-amenities");
        browser.driver.findElement(By.id("compare-map")).click();
        browser.byRole("button", "Vergelijken").click();
        WebElement result = browser.driver.findElement(By.id("compare-result"));
        browser.waitUntil(Duration.ofSeconds(15), () -> result.getText().startsWith("Percelen met andere klasse"));
        assertThat(result.getText()).startsWith("Percelen met andere klasse: " + String.format(java.util.Locale.GERMANY, "%,d", changed));
        List<?> nbh = (List<?>) api.get("neighbourhoods");
        assertThat(result.findElements(By.cssSelector("tbody tr"))).hasSize(nbh.size());
        browser.waitUntil(Duration.ofSeconds(15), () -> browser.requestedUrls().stream()
                .anyMatch(u -> u.contains("/tiles/results-webmap-amenities/")));
        browser.js("document.querySelector('.sidebar').scrollTop = 10000");
        browser.screenshot("08-compare");
    }

    @Test
    @SuppressWarnings("unchecked")
    void neighbourhoodTableSortsByAgeingFitAndByTheClickedColumn() throws Exception {
        String path = "/api/scenarios/" + city.slug + "/neighbourhoods";
        List<Map<String, Object>> api = city.http.get().uri(path).retrieve().body(List.class);
        open("#layers=score,nbh65&scenario=" + city.slug);
        browser.byRole("tab", "Buurten").click();
        WebElement table = browser.driver.findElement(By.cssSelector("#nbh-table table"));
        // the API's default order is by ageing fit, highest first; the table starts the same way
        assertThat(table.findElement(By.cssSelector("tbody tr th")).getText()).isEqualTo(api.get(0).get("name"));

        browser.byRole("button", "Sorteren op 65+ (%)").sendKeys(Keys.ENTER);
        String oldest = api.stream().max(java.util.Comparator.comparingDouble(n -> ((Number) n.get("pop65plusPct")).doubleValue()))
                .map(n -> (String) n.get("name")).orElseThrow();
        WebElement sorted = browser.driver.findElement(By.cssSelector("#nbh-table table"));
        assertThat(sorted.findElement(By.cssSelector("tbody tr th")).getText()).isEqualTo(oldest);
        assertThat(sorted.findElement(By.xpath(".//th[@aria-sort='descending']")).getText()).startsWith("65+");
        browser.screenshot("09-neighbourhoods");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyLegendDrawsTheColoursAndLabelsOfThePresentationSourceInBothLanguages() throws Exception {
        // the source GeoServer's SLDs are built from (SldPresentationTest holds the SLDs to it)
        Map<String, Object> source = city.http.get().uri("/api/presentation").retrieve().body(Map.class);
        List<Map<String, Object>> layers = ((List<Map<String, Object>>) source.get("layers")).stream()
                .filter(l -> Boolean.TRUE.equals(l.get("map"))).toList();
        assertThat(layers).extracting(l -> l.get("id"))
                .contains("score", "capacity", "buildings", "zoning", "amenities", "nbh65", "nbhFit", "walkGp");

        open("#layers=score&scenario=" + city.slug);
        for (String lang : List.of("nl", "en")) {
            if (lang.equals("en")) {
                browser.byRole("button", "Switch to English").click();
            }
            for (Map<String, Object> layer : layers) {
                List<Map<String, Object>> classes = (List<Map<String, Object>>) layer.get("classes");
                // colour as the page draws it (computed style of the swatch) and the label beside it
                List<List<String>> shown = (List<List<String>>) browser.js("""
                        return [...document.querySelectorAll('#legend-' + arguments[0] + ' li')].map(li => [
                          getComputedStyle(li.querySelector('.swatch')).backgroundColor, li.textContent.trim()]);""",
                        layer.get("id"));
                List<List<String>> expected = classes.stream().map(c -> List.of(rgb((String) c.get("colour")),
                        (String) ((Map<String, Object>) c.get("label")).get(lang))).toList();
                assertThat(shown).as(layer.get("id") + " legend in " + lang).isEqualTo(expected);
                String title = (String) ((Map<String, Object>) layer.get("title")).get(lang);
                assertThat(browser.driver.findElement(By.id("layer-" + layer.get("id"))).findElement(By.xpath(".."))
                        .getText()).as(layer.get("id") + " title").isEqualTo(title);
            }
        }
        browser.screenshot("10-legends-en");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCriterionReadsTheSameInTheParcelPanelOnItsSliderAndInThePresentationSource() throws Exception {
        Map<String, Object> source = city.http.get().uri("/api/presentation").retrieve().body(Map.class);
        List<Map<String, Object>> criteria = (List<Map<String, Object>>) source.get("criteria");
        long parcelId = parcelId("WM-7-6");
        Map<String, Object> api = city.http.get().uri("/api/scenarios/" + city.slug + "/parcels/" + parcelId)
                .retrieve().body(Map.class);
        List<Map<String, Object>> explained = (List<Map<String, Object>>) api.get("criteria");

        open("#layers=score&scenario=" + city.slug);
        clickParcel("WM-7-6");
        WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
        browser.waitUntil(Duration.ofSeconds(10), () -> String.valueOf(parcelId).equals(panel.getAttribute("data-parcel-id")));
        List<String> panelLabels = panel.findElements(By.cssSelector("table.criteria tbody th")).stream()
                .map(WebElement::getText).toList();
        browser.byRole("tab", "Scenario").click();
        for (int i = 0; i < criteria.size(); i++) {
            Map<String, Object> c = criteria.get(i);
            String label = (String) ((Map<String, Object>) c.get("label")).get("nl");
            assertThat(explained.get(i).get("criterion")).isEqualTo(c.get("code"));
            assertThat(explained.get(i).get("label")).as("API").isEqualTo(label);
            assertThat(panelLabels.get(i)).as("parcel panel").isEqualTo(label);
            WebElement slider = browser.byLabel(label);
            assertThat(slider.getAttribute("id")).isEqualTo("weights-" + c.get("code"));
        }
        // the parameter sliders offer exactly the range the service accepts
        Map<String, Object> dwelling = ((List<Map<String, Object>>) source.get("params")).stream()
                .filter(p -> p.get("key").equals("dwellingSizeM2")).findFirst().orElseThrow();
        WebElement slider = browser.driver.findElement(By.id("params-dwellingSizeM2"));
        assertThat(Double.parseDouble(slider.getAttribute("min"))).isEqualTo(((Number) dwelling.get("min")).doubleValue());
        assertThat(Double.parseDouble(slider.getAttribute("max"))).isEqualTo(((Number) dwelling.get("max")).doubleValue());
        assertThat(browser.byLabel((String) ((Map<String, Object>) dwelling.get("label")).get("nl"))).isEqualTo(slider);
    }

    /** "#a1b2c3" as getComputedStyle gives it: "rgb(161, 178, 195)". */
    private static String rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return "rgb(" + (v >> 16) + ", " + ((v >> 8) & 0xff) + ", " + (v & 0xff) + ")";
    }

    private Map<Long, Integer> classes() {
        Map<Long, Integer> m = new java.util.HashMap<>();
        jdbc.sql("SELECT parcel_id, score_class FROM parcel_result_v WHERE scenario = ?").param(city.slug)
                .query(rs -> {
                    m.put(rs.getLong(1), (Integer) rs.getObject(2));
                });
        return m;
    }

    // ---------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private String tileVersion(String collection) {
        Map<String, Object> tj = city.http.get().uri("/tiles/{c}.json", collection).retrieve().body(Map.class);
        String url = ((List<String>) tj.get("tiles")).get(0);
        return url.replaceAll(".*[?&]v=([^&]+).*", "$1");
    }

    private Stream<Path> downloaded() {
        try {
            return Files.list(browser.downloads).filter(p -> !p.toString().endsWith(".crdownload")).toList().stream();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
