package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The load dialog (issue 16 part 3) in headless Chromium: an editor uploads a GeoJSON file for a
 * layer, the service loads it (POST /api/layers/{layer}/loads) and the dialog shows the report,
 * with the rejected feature and its reason.
 */
class LoadDialogIT extends WebMapBrowserTest {

    @Test
    void anEditorLoadsAFileAndSeesTheReportWithTheRejectedFeatureAndItsReason() throws Exception {
        // two amenities in the test city (lon/lat from PostGIS) and one with swapped axes
        List<Double> ll = jdbc.sql("""
                SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(92700, 451600), 28992), 4326) p) q""")
                .query((rs, i) -> List.of(rs.getDouble(1), rs.getDouble(2))).single();
        double lon = ll.get(0);
        double lat = ll.get(1);
        String json = "{\"type\":\"FeatureCollection\",\"features\":["
                + point(lon, lat, "gp", "Huisarts Nieuw") + "," + point(lon + 0.001, lat, "supermarket", "Super Nieuw") + ","
                + point(lat, lon, "pharmacy", "Verkeerd om") + "]}";
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
        assertThat(report.findElement(By.cssSelector("[data-field=rejected] dd")).getText()).isEqualTo("1");
        List<WebElement> rejected = report.findElements(By.cssSelector("table.rejections tbody tr"));
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.findElement(By.cssSelector("td")).getText()).isEqualTo("2");
            assertThat(r.getText()).contains("swapped axes");
        });
        // the service has the two amenities, under a new version (the map asks for new tiles)
        assertThat(jdbc.sql("SELECT count(*) FROM amenity").query(Long.class).single()).isEqualTo(2);
        assertThat(version()).isGreaterThan(versionBefore);
        browser.screenshot("50-load-report-nl");
        browser.byRole("button", "Switch to English").click();
        assertThat(browser.byRole("tab", "Load").isDisplayed()).isTrue();
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

    private long version() {
        return jdbc.sql("SELECT coalesce(max(layer_version), 0) FROM load_history WHERE layer = 'amenities' AND status = 'succeeded'")
                .query(Long.class).single();
    }

    private static String point(double lon, double lat, String type, String name) {
        return "{\"type\":\"Feature\",\"properties\":{\"type\":\"" + type + "\",\"name\":\"" + name + "\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}}";
    }
}
