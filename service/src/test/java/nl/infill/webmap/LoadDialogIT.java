package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.infill.ingest.FakeOgcApi;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;

/**
 * The load dialog (issue 16 part 3) in headless Chromium: an editor uploads a GeoJSON file for a
 * layer, the service loads it (POST /api/layers/{layer}/loads) and the dialog shows the report,
 * with the rejected features and their reasons; a rejection with a location is found on the map.
 * The harvest form harvests from a stand-in OGC API - Features server on loopback (the ingest
 * tests' FakeOgcApi), which the harvest allow-list lets in for this test only.
 */
@TestPropertySource(properties = {"infill.harvest.allowed-hosts=127.0.0.1", "infill.harvest.allow-private=127.0.0.1/32",
        "infill.harvest.progress-interval=0s"})
class LoadDialogIT extends WebMapBrowserTest {

    @Test
    void anEditorLoadsAFileAndSeesTheReportWithTheRejectedFeatureAndItsReason() throws Exception {
        // two amenities in the test city (lon/lat from PostGIS), one with swapped axes (no location)
        // and one of an unknown type (rejected where it lies)
        List<Double> ll = jdbc.sql("""
                SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(92700, 451600), 28992), 4326) p) q""")
                .query((rs, i) -> List.of(rs.getDouble(1), rs.getDouble(2))).single();
        double lon = ll.get(0);
        double lat = ll.get(1);
        String json = "{\"type\":\"FeatureCollection\",\"features\":["
                + point(lon, lat, "gp", "Huisarts Nieuw") + "," + point(lon + 0.001, lat, "supermarket", "Super Nieuw") + ","
                + point(lat, lon, "pharmacy", "Verkeerd om") + "," + point(lon - 0.002, lat + 0.001, "kiosk", "Onbekend") + "]}";
        Path file = Files.createTempDirectory("infill-load").resolve("voorzieningen.geojson");
        Files.writeString(file, json);
        long versionBefore = version();

        browser.open(base + "/#layers=amenities&scenario=" + city.slug);
        signInAsEditor();

        browser.byRole("tab", "Laden").click();
        new Select(browser.byLabel("Laag")).selectByValue("amenities");
        browser.driver.findElement(By.id("load-file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver.findElement(By.id("load-submit")).click();

        WebElement status = browser.driver.findElement(By.id("load-status"));
        browser.waitUntil(Duration.ofSeconds(60), () -> status.getAttribute("class").contains("ok")
                || status.getAttribute("class").contains("error"));
        assertThat(status.getText()).startsWith("Klaar: 2 objecten in laag amenities");
        WebElement report = browser.driver.findElement(By.id("load-report"));
        assertThat(report.findElement(By.cssSelector("[data-field=loaded] dd")).getText()).isEqualTo("2");
        assertThat(report.findElement(By.cssSelector("[data-field=rejected] dd")).getText()).isEqualTo("2");
        List<WebElement> rejected = report.findElements(By.cssSelector("table.rejections tbody tr"));
        assertThat(rejected).hasSize(2);
        // swapped axes: out of the CRS's range, so no place to show, and the row says so
        assertThat(rejected.get(0).findElement(By.cssSelector("td")).getText()).isEqualTo("2");
        assertThat(rejected.get(0).getText()).contains("swapped axes");
        assertThat(rejected.get(0).findElements(By.cssSelector("button"))).isEmpty();
        assertThat(rejected.get(0).findElement(By.cssSelector("[data-field=no-location]")).getText()).startsWith("geen locatie");
        // the unknown type: a button finds it on the map, zoomed in and ringed
        assertThat(rejected.get(1).getText()).contains("'kiosk'");
        rejected.get(1).findElement(By.cssSelector("button")).click();
        browser.waitUntil(Duration.ofSeconds(5), () -> browser.js("return window.infillApp.rejectionMark ? 1 : null") != null);
        @SuppressWarnings("unchecked")
        Map<String, Number> centre = (Map<String, Number>) browser.js(
                "const c = window.infillMap.getCenter(); return {lat: c.lat, lng: c.lng, zoom: window.infillMap.getZoom()};");
        assertThat(centre.get("lng").doubleValue()).isCloseTo(lon - 0.002, Offset.offset(1e-6));
        assertThat(centre.get("lat").doubleValue()).isCloseTo(lat + 0.001, Offset.offset(1e-6));
        assertThat(centre.get("zoom").doubleValue()).isGreaterThanOrEqualTo(17);
        // the service has the two amenities, under a new version (the map asks for new tiles)
        assertThat(jdbc.sql("SELECT count(*) FROM amenity").query(Long.class).single()).isEqualTo(2);
        assertThat(version()).isGreaterThan(versionBefore);
        browser.screenshot("50-load-report-nl");
        browser.byRole("button", "Switch to English").click();
        assertThat(browser.byRole("tab", "Load").isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("load-status")).getText()).startsWith("Done: 2 features in layer amenities");
        browser.screenshot("51-load-report-en");
    }

    @Test
    void aBadFileFailsWithTheServicesExplanationAndChangesNothing() throws Exception {
        Path file = Files.createTempDirectory("infill-load").resolve("kapot.geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[");
        long before = jdbc.sql("SELECT count(*) FROM street").query(Long.class).single();
        browser.open(base + "/#layers=score&scenario=" + city.slug);
        signInAsEditor();
        browser.byRole("tab", "Laden").click();
        new Select(browser.byLabel("Laag")).selectByValue("streets");
        browser.driver.findElement(By.id("load-file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver.findElement(By.id("load-submit")).click();
        WebElement status = browser.driver.findElement(By.id("load-status"));
        browser.waitUntil(Duration.ofSeconds(30), () -> status.getAttribute("class").contains("error"));
        assertThat(status.getText()).startsWith("Laden mislukt, er is niets veranderd");
        assertThat(jdbc.sql("SELECT count(*) FROM street").query(Long.class).single()).isEqualTo(before);
        // the service's 4xx answer is an expected outcome shown in the panel, not a page error
        browser.clearConsole();
    }

    @Test
    void anEditorHarvestsFromAnOgcApiWithAPresetAndSeesTheReport() throws Exception {
        // 12 buildings in RD around the test city's centre, served by a stand-in OGC API
        List<String> features = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            features.add(FakeOgcApi.square(92600 + 40 * (i % 6), 451600 + 40 * (i / 6), 12,
                    "{\"source_id\":\"H" + i + "\",\"construction_year\":" + (1950 + i) + "}"));
        }
        try (FakeOgcApi ogc = new FakeOgcApi()) {
            ogc.collection("gebouwen", true, ogc.pages(features, 5, true));
            long before = jdbc.sql("SELECT count(*) FROM building").query(Long.class).single();

            browser.open(base + "/#layers=buildings&scenario=" + city.slug);
            signInAsEditor();
            browser.byRole("tab", "Laden").click();
            new Select(browser.byLabel("Laag")).selectByValue("buildings");
            browser.driver.findElement(By.id("load-source-ogc")).click();
            browser.byLabel("Adres van de OGC API").sendKeys(ogc.url());
            browser.byLabel("Collectie").sendKeys("gebouwen");
            browser.byLabel("Preset (optioneel)").sendKeys("infill");
            assertThat(browser.driver.findElement(By.id("load-file-fields")).isDisplayed()).isFalse();
            browser.driver.findElement(By.id("load-submit")).click();

            WebElement status = browser.driver.findElement(By.id("load-status"));
            browser.waitUntil(Duration.ofSeconds(90), () -> status.getAttribute("class").contains("ok")
                    || status.getAttribute("class").contains("error"));
            assertThat(status.getText()).startsWith("Klaar: 12 objecten in laag buildings");
            WebElement report = browser.driver.findElement(By.id("load-report"));
            assertThat(report.findElement(By.cssSelector("[data-field=read] dd")).getText()).isEqualTo("12");
            assertThat(report.findElement(By.cssSelector("[data-field=loaded] dd")).getText()).isEqualTo("12");
            // the stand-in was asked in pages of its maximum, in RD, which it offers
            assertThat(ogc.itemRequests()).hasSizeGreaterThanOrEqualTo(3)
                    .allMatch(r -> r.contains("crs=" + java.net.URLEncoder.encode(FakeOgcApi.RD, java.nio.charset.StandardCharsets.UTF_8))
                            || r.contains("crs=" + FakeOgcApi.RD));
            assertThat(jdbc.sql("SELECT count(*) FROM building").query(Long.class).single()).isEqualTo(12).isNotEqualTo(before);
            assertThat(jdbc.sql("SELECT preset FROM load_history WHERE layer = 'buildings' ORDER BY id DESC LIMIT 1")
                    .query(String.class).single()).isEqualTo("infill");
            browser.screenshot("52-harvest-report-nl");
            // the status line and the report follow a language switch
            browser.byRole("button", "Switch to English").click();
            assertThat(status.getText()).startsWith("Done: 12 features in layer buildings");
            assertThat(browser.driver.findElement(By.cssSelector("#load-report [data-field=loaded] dt")).getText())
                    .isEqualTo("Loaded");
            browser.screenshot("53-harvest-report-en");
        }
    }

    private long version() {
        return jdbc.sql("SELECT coalesce(max(layer_version), 0) FROM load_history WHERE layer = 'amenities' AND status = 'succeeded'")
                .query(Long.class).single();
    }

    private static String point(double lon, double lat, String type, String name) {
        return "{\"type\":\"Feature\",\"properties\":{\"type\":\"" + type + "\",\"name\":\"" + name + "\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}}";
    }
}
