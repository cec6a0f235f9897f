package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every web map browser test shares: the running service on real PostGIS with the test city
 * seeded and its default scenario run once per class, a fresh headless Chromium per test, and the
 * rule that any SEVERE browser console entry fails the test. Subclasses add their own set-up in
 * {@link #cityReady()} and {@link #browserReady()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebMapBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    JdbcClient jdbc;
    TestCity city;
    String base;
    Browser browser;
    String testName;

    @BeforeAll
    final void prepareTestCity() {
        jdbc = JdbcClient.create(dataSource);
        city = TestCity.prepare(dataSource, port);
        base = "http://localhost:" + port;
        cityReady();
    }

    /** Runs once per class after the test city is seeded and analysed. */
    void cityReady() {
    }

    @BeforeEach
    final void startTestBrowser(TestInfo info) throws Exception {
        browser = new Browser();
        testName = info.getTestMethod().orElseThrow().getName();
        browserReady();
    }

    /** Runs before each test once its browser is started. */
    void browserReady() {
    }

    @AfterEach
    final void failOnConsoleErrors() {
        try {
            assertThat(browser.consoleErrors()).as("browser console errors in " + testName + " (a CSP violation is one)")
                    .isEmpty();
        } finally {
            browser.close();
        }
    }

    /** Opens the page at the service's root with a query and/or fragment ("?lang=en#layers=score"). */
    void open(String queryOrFragment) {
        browser.open(base + "/" + queryOrFragment);
    }

    /** Signs in through the page's dialog as the test editor and waits for the page to say so. */
    void signInAsEditor() {
        browser.byRole("button", "Aanmelden").click();
        browser.byLabel("Gebruikersnaam").sendKeys("editor");
        browser.byLabel("Wachtwoord").sendKeys("editor");
        browser.driver.findElement(By.cssSelector("#signin-dialog button[type=submit]")).click();
        browser.waitUntil(Duration.ofSeconds(10),
                () -> browser.driver.findElement(By.id("signin-button")).getText().contains("editor"));
    }

    /** Clicks the map at an RD New point (converted by PostGIS, placed by Leaflet). */
    void clickRd(double x, double y) {
        double[] ll = jdbc.sql("SELECT ST_Y(p), ST_X(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 28992), 4326) p) q")
                .params(x, y).query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        browser.clickMapAt(ll[0], ll[1]);
    }

    /** Clicks the map at the centroid of the parcel with this source id. */
    void clickParcel(String sourceId) {
        double[] ll = jdbc.sql("""
                SELECT ST_Y(c), ST_X(c) FROM (SELECT ST_Transform(ST_Centroid(geom), 4326) c FROM parcel WHERE source_id = ?) p""")
                .param(sourceId).query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        browser.clickMapAt(ll[0], ll[1]);
    }

    /** In the Scenario panel: the weight slider with this label to its maximum, every other weight to 0. */
    void allWeightOn(String sliderLabel) {
        WebElement slider = browser.byLabel(sliderLabel);
        slider.sendKeys(Keys.END);
        for (WebElement other : browser.driver.findElements(By.cssSelector("#sliders input[id^='weights-']"))) {
            if (!other.equals(slider)) {
                other.sendKeys(Keys.HOME);
            }
        }
    }

    long parcelId(String sourceId) {
        return jdbc.sql("SELECT id FROM parcel WHERE source_id = ?").param(sourceId).query(Long.class).single();
    }
}
