package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.MediaType;

/**
 * The neighbourhood charts and the report (issue 16 part 5) in headless Chromium: the charts draw
 * the neighbourhood results API's numbers in the presentation source's class colours and follow the
 * live preview; the report of a neighbourhood or a drawn area shows the totals, map, charts and top
 * parcels the APIs give, and Chromium prints it to an A4 PDF with that text (read by pdftotext).
 */
class ChartsAndReportIT extends WebMapBrowserTest {

    private static final List<String> CRITERIA = List.of("capacity", "underuse", "obsolescence", "transformation",
            "amenities", "ageing", "soft_constraints");

    @Test
    @SuppressWarnings("unchecked")
    void neighbourhoodChartsDrawTheApisNumbersInTheClassColoursAndFollowThePreview() throws Exception {
        List<Map<String, Object>> rows = city.http.get().uri("/api/scenarios/{s}/neighbourhoods", city.slug).retrieve()
                .body(List.class);
        rows.sort(Comparator.comparing(r -> (String) r.get("name")));
        List<Map<String, Object>> classes = scoreClasses();

        open("?basemap=none#layers=score&scenario=" + city.slug);
        browser.byRole("tab", "Buurten").click();
        browser.waitUntil(Duration.ofSeconds(10), () -> drawnPixels("capacity") > 0 && drawnPixels("ageing") > 0
                && drawnPixels("classes") > 0 && drawnPixels("meanScore") > 0);

        // capacity per neighbourhood, in name order, as the API has it
        assertThat((List<String>) chart("capacity", "return c.data.labels")).containsExactlyElementsOf(
                rows.stream().map(r -> (String) r.get("name")).toList());
        List<Number> capacity = (List<Number>) chart("capacity", "return c.data.datasets[0].data");
        for (int i = 0; i < rows.size(); i++) {
            assertThat(capacity.get(i).doubleValue()).as("capacity of " + rows.get(i).get("name"))
                    .isCloseTo(((Number) rows.get(i).get("capacityM2")).doubleValue(), Offset.offset(1e-6));
        }
        // one labelled point per neighbourhood: (65+ share, ageing fit)
        List<Map<String, Object>> points = (List<Map<String, Object>>) chart("ageing", "return c.data.datasets[0].data");
        assertThat(points).hasSize(rows.size());
        for (Map<String, Object> r : rows) {
            assertThat(points).anySatisfy(p -> {
                assertThat(p.get("label")).isEqualTo(r.get("name"));
                assertThat(((Number) p.get("x")).doubleValue()).isEqualTo(((Number) r.get("pop65plusPct")).doubleValue());
                assertThat(((Number) p.get("y")).doubleValue()).isCloseTo(((Number) r.get("ageingFit")).doubleValue(),
                        Offset.offset(1e-6));
            });
        }
        // score classes stacked: the presentation source's colours and labels, the API's counts
        List<Map<String, Object>> stacks = (List<Map<String, Object>>) chart("classes",
                "return c.data.datasets.map(d => ({label: d.label, colour: d.backgroundColor, data: d.data}))");
        List<Map<String, Object>> valued = classes.stream().filter(c -> c.get("value") != null).toList();
        for (int k = 0; k < valued.size(); k++) {
            Map<String, Object> c = valued.get(k);
            assertThat(stacks.get(k).get("label")).isEqualTo(((Map<String, Object>) c.get("label")).get("nl"));
            assertThat(stacks.get(k).get("colour")).isEqualTo(c.get("colour"));
            for (int i = 0; i < rows.size(); i++) {
                Number want = ((Map<String, Number>) rows.get(i).get("parcelsPerClass")).get(c.get("value"));
                assertThat(((List<Number>) stacks.get(k).get("data")).get(i).longValue())
                        .as("class " + c.get("value") + " in " + rows.get(i).get("name")).isEqualTo(want.longValue());
            }
        }
        browser.screenshot("60-charts-nl");

        // the preview: all weight on capacity gives each mean score 100 x its mean scaled capacity
        browser.byRole("tab", "Scenario").click();
        allWeightOn("Extra vloeroppervlak");
        browser.byRole("tab", "Buurten").click();
        browser.waitUntil(Duration.ofSeconds(5),
                () -> "true".equals(browser.driver.findElement(By.id("nbh-charts")).getAttribute("data-preview")));
        List<Number> preview = (List<Number>) chart("meanScore", "return c.data.datasets[0].data");
        for (int i = 0; i < rows.size(); i++) {
            List<Number> mean = (List<Number>) rows.get(i).get("meanScaled");
            if (rows.get(i).get("meanScore") == null) {
                continue;
            }
            assertThat(preview.get(i).doubleValue()).as("previewed mean score of " + rows.get(i).get("name"))
                    .isCloseTo(100 * mean.get(CRITERIA.indexOf("capacity")).doubleValue(), Offset.offset(1e-9));
        }
        assertThat(browser.driver.findElement(By.cssSelector("[data-chart=meanScore] figcaption")).getText())
                .contains("voorbeeld");
        // the score classes follow too, from the service a moment later: with all weight on capacity a
        // parcel's class is least(5, floor(100 x scaled capacity / 20) + 1), counted per neighbourhood
        browser.waitUntil(Duration.ofSeconds(10),
                () -> "true".equals(browser.driver.findElement(By.id("nbh-charts")).getAttribute("data-classes-preview")));
        Map<String, Map<Integer, Long>> expected = new HashMap<>();
        jdbc.sql("""
                SELECT n.name, least(5, floor(100 * r.scaled[1] / 20) + 1)::int AS c, count(*) AS parcels
                  FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id
                  JOIN analysis.parcel_criteria pc ON pc.parcel_id = r.parcel_id
                   AND pc.storey_height_m = (s.params ->> 'storeyHeightM')::double precision
                  JOIN neighbourhood n ON n.id = pc.neighbourhood_id
                 WHERE s.slug = ? AND NOT r.excluded GROUP BY 1, 2""").param(city.slug)
                .query(rs -> {
                    expected.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getInt(2), rs.getLong(3));
                });
        List<List<Number>> previewed = (List<List<Number>>) chart("classes", "return c.data.datasets.map(d => d.data)");
        int moved = 0;
        for (int k = 0; k < valued.size(); k++) {
            int value = Integer.parseInt(String.valueOf(valued.get(k).get("value")));
            for (int i = 0; i < rows.size(); i++) {
                String name = (String) rows.get(i).get("name");
                long want = expected.getOrDefault(name, Map.of()).getOrDefault(value, 0L);
                assertThat(previewed.get(k).get(i).longValue()).as("previewed class " + value + " in " + name).isEqualTo(want);
                Number stored = ((Map<String, Number>) rows.get(i).get("parcelsPerClass")).get(String.valueOf(value));
                moved += want != stored.longValue() ? 1 : 0;
            }
        }
        assertThat(moved).as("class counts changed by the new weights").isPositive();
        assertThat(browser.driver.findElement(By.cssSelector("[data-chart=classes] figcaption")).getText())
                .contains("voorbeeld");
        browser.byRole("button", "Switch to English").click();
        assertThat(browser.driver.findElement(By.cssSelector("[data-chart=capacity] figcaption")).getText())
                .isEqualTo("Capacity per neighbourhood (m²)");
        assertThat(chart("classes", "return c.data.datasets[0].label"))
                .isEqualTo(((Map<String, Object>) valued.get(0).get("label")).get("en"));
        browser.screenshot("61-charts-preview-en");

        // a report documents a run: opened during the preview, it says the new weights are not in it
        browser.byRole("button", "Report of the neighbourhood").click();
        WebElement report = waitForReport();
        assertThat(report.findElement(By.cssSelector("[data-field=preview]")).getText())
                .startsWith("This report shows the scenario's last run");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNeighbourhoodsReportShowsTheApisTotalsAndTopParcelsAndPrintsToAnA4Pdf() throws Exception {
        Map<String, Object> nbh = ((List<Map<String, Object>>) city.http.get()
                .uri("/api/scenarios/{s}/neighbourhoods", city.slug).retrieve().body(List.class)).stream()
                .filter(r -> "Testbuurt Zuidwest".equals(r.get("name"))).findFirst().orElseThrow();
        Map<String, Object> feature = city.http.get().uri("/ogc/collections/neighbourhoods/items/{id}", nbh.get("neighbourhoodId"))
                .header("Accept", "application/geo+json").retrieve().body(Map.class);
        Map<String, Object> area = intersects(feature.get("geometry"));

        open("?basemap=none#layers=score&scenario=" + city.slug);
        browser.byRole("tab", "Buurten").click();
        new Select(browser.byLabel("Buurt voor het rapport")).selectByVisibleText("Testbuurt Zuidwest");
        browser.byRole("button", "Rapport van de buurt").click();
        WebElement report = waitForReport();

        assertThat(report.findElement(By.tagName("h1")).getText()).isEqualTo("Rapport – Testbuurt Zuidwest");
        Map<String, Object> scenario = city.http.get().uri("/api/scenarios/{s}", city.slug).retrieve().body(Map.class);
        assertThat(report.findElement(By.cssSelector("[data-field=meta]")).getText()).contains("scenario " + scenario.get("name"));
        assertReportMatches(report, area);
        assertThat(report.findElements(By.cssSelector("[data-field=preview]"))).as("note of a preview").isEmpty();
        assertThat(report.findElement(By.cssSelector("[data-field=pop65] dd")).getText())
                .isEqualTo(String.format(java.util.Locale.forLanguageTag("nl-NL"), "%.1f", ((Number) nbh.get("pop65plusPct")).doubleValue()));
        // the weights of the scenario, one row per criterion
        assertThat(report.findElements(By.cssSelector("table.report-weights tbody tr")))
                .hasSize(((Map<String, Object>) scenario.get("weights")).size());
        browser.screenshot("62-report-nl");
        Path pdf = printToPdf("report-nl");
        String text = pdfText(pdf);
        assertThat(text).contains("Rapport – Testbuurt Zuidwest", "Totalen", "Kaart", "Scenario en weging");
        // pdftotext joins a word broken at a hyphen without it: compare ids without hyphens
        String topId = report.findElement(By.cssSelector("table.report-top tbody tr th")).getText();
        assertThat(text.replace("-", "")).contains(topId.replace("-", ""));
        // the report alone: nothing of the map page's panels is printed
        assertThat(text).doesNotContain("Kaartlagen", "Aanmelden");
        int pages = pdfPages(pdf);
        assertThat(pages).as("A4 pages of the printed report").isBetween(1, 4);
        System.out.printf("report PDF (NL, Testbuurt Zuidwest): %d pages, %d bytes%n", pages, Files.size(pdf));

        // English: the same report in the other language (the top bar is hidden behind the report)
        browser.js("document.getElementById('lang-button').click()");
        assertThat(report.findElement(By.tagName("h1")).getText()).isEqualTo("Report – Testbuurt Zuidwest");
        browser.screenshot("63-report-en");
        assertThat(pdfText(printToPdf("report-en"))).contains("Report – Testbuurt Zuidwest", "Totals", "Scenario and weights");

        // Escape closes the report and gives the page back
        report.findElement(By.tagName("h1")).sendKeys(Keys.ESCAPE);
        browser.waitUntil(Duration.ofSeconds(5), () -> !report.isDisplayed());
        assertThat(browser.driver.findElement(By.id("map")).isDisplayed()).isTrue();
    }

    @Test
    void aDrawnAreasReportComesFromTheSelectionsGeoJsonGeometry() throws Exception {
        // a rectangle over parts of two neighbourhoods, handed over as GeoJSON as a drawing tool would
        List<Double> b = jdbc.sql("""
                SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Transform(
                  ST_MakeEnvelope(92700, 451550, 93100, 451700, 28992), 4326)::box2d e) q""")
                .query((rs, i) -> List.of(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4))).single();
        List<List<List<Double>>> ring = List.of(List.of(List.of(b.get(0), b.get(1)), List.of(b.get(2), b.get(1)),
                List.of(b.get(2), b.get(3)), List.of(b.get(0), b.get(3)), List.of(b.get(0), b.get(1))));
        Map<String, Object> geometry = Map.of("type", "Polygon", "coordinates", ring);
        Map<String, Object> area = intersects(geometry);

        open("?basemap=none#layers=score&scenario=" + city.slug);
        browser.byRole("tab", "Selectie").click();
        browser.js("const g = arguments[0]; window.infillApp.selection.select(g, L.geoJSON(g));", geometry);
        WebElement button = browser.driver.findElement(By.id("selection-report"));
        browser.waitUntil(Duration.ofSeconds(10), button::isDisplayed);
        button.click();
        WebElement report = waitForReport();
        assertThat(report.findElement(By.tagName("h1")).getText()).isEqualTo("Rapport – getekend gebied");
        assertReportMatches(report, area);
        assertThat(report.findElements(By.cssSelector("[data-field=pop65]"))).as("no neighbourhood figures").isEmpty();
        assertThat(pdfText(printToPdf("report-drawn-nl"))).contains("Rapport – getekend gebied");
    }

    // ---------------------------------------------------------------------------------------

    /** The totals, the map's parcels and the top parcels of the report against the intersects API's answer. */
    @SuppressWarnings("unchecked")
    private void assertReportMatches(WebElement report, Map<String, Object> area) {
        Map<String, Object> summary = (Map<String, Object>) area.get("summary");
        List<Map<String, Object>> features = (List<Map<String, Object>>) area.get("features");
        assertThat(report.findElement(By.cssSelector("[data-field=count] dd")).getText())
                .isEqualTo(String.valueOf(((Number) summary.get("count")).longValue()));
        assertThat(report.findElement(By.cssSelector("[data-field=capacity] dd")).getText())
                .isEqualTo(nl(((Number) summary.get("capacityM2")).doubleValue(), 0) + " m²");
        assertThat(report.findElement(By.cssSelector("svg.report-svg")).getAttribute("data-parcels"))
                .isEqualTo(String.valueOf(features.size()));
        List<Map<String, Object>> top = features.stream()
                .filter(f -> ((Map<String, Object>) f.get("properties")).get("score") != null)
                .sorted(Comparator.<Map<String, Object>>comparingDouble(f -> -((Number) props(f).get("score")).doubleValue())
                        .thenComparingLong(f -> ((Number) props(f).get("parcel_id")).longValue()))
                .limit(10).toList();
        List<WebElement> rows = report.findElements(By.cssSelector("table.report-top tbody tr"));
        assertThat(rows).hasSize(top.size()).isNotEmpty();
        for (int i = 0; i < top.size(); i++) {
            long id = ((Number) props(top.get(i)).get("parcel_id")).longValue();
            assertThat(rows.get(i).getAttribute("data-parcel-id")).isEqualTo(String.valueOf(id));
            assertThat(rows.get(i).findElement(By.cssSelector("[data-field=score]")).getText())
                    .isEqualTo(nl(((Number) props(top.get(i)).get("score")).doubleValue(), 1));
        }
        // the reason is the parcel panel's sentence for that parcel
        long first = ((Number) props(top.get(0)).get("parcel_id")).longValue();
        Map<String, Object> parcel = city.http.get().uri("/api/scenarios/{s}/parcels/{id}", city.slug, first).retrieve()
                .body(Map.class);
        assertThat(rows.get(0).findElement(By.cssSelector("td.sentence")).getText()).isEqualTo(parcel.get("sentence"));
        assertThat(drawnPixels("#report [data-chart=classes] canvas")).as("class chart drawn").isPositive();
        assertThat(drawnPixels("#report [data-chart=top] canvas")).as("top parcels chart drawn").isPositive();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> feature) {
        return (Map<String, Object>) feature.get("properties");
    }

    private static String nl(double v, int digits) {
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(java.util.Locale.forLanguageTag("nl-NL"));
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(Math.abs(v) < 0.5 * Math.pow(10, -digits) ? 0 : v);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> intersects(Object geometry) {
        return city.http.post().uri("/api/query/intersects").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("geometry", geometry, "crs", "EPSG:4326", "scenario", city.slug, "limit", 10000))
                .retrieve().body(Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> scoreClasses() {
        Map<String, Object> presentation = city.http.get().uri("/api/presentation").retrieve().body(Map.class);
        return (List<Map<String, Object>>) ((List<Map<String, Object>>) presentation.get("layers")).stream()
                .filter(l -> "score".equals(l.get("id"))).findFirst().orElseThrow().get("classes");
    }

    private WebElement waitForReport() {
        WebElement report = browser.driver.findElement(By.id("report"));
        browser.waitUntil(Duration.ofSeconds(30), () -> "true".equals(report.getAttribute("data-ready")) && report.isDisplayed());
        return report;
    }

    /** Runs a script with c = the Chart.js chart of a neighbourhood chart. */
    private Object chart(String name, String script) {
        return browser.js("const c = Chart.getChart(document.querySelector('#nbh-charts [data-chart=" + name + "] canvas')); "
                + script);
    }

    /** Non-transparent pixels of a canvas (a chart name of the neighbourhood panel, or a CSS selector). */
    private long drawnPixels(String nameOrSelector) {
        String selector = nameOrSelector.contains(" ") ? nameOrSelector : "#nbh-charts [data-chart=" + nameOrSelector + "] canvas";
        Object n = browser.js("""
                const c = document.querySelector(arguments[0]);
                if (!c || !c.width || !c.height) return 0;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                return n;""", selector);
        return ((Number) n).longValue();
    }

    /** Chromium's print to PDF (WebDriver print command) on A4, saved with the screenshots. */
    private Path printToPdf(String name) throws IOException {
        PrintOptions options = new PrintOptions();
        options.setPageSize(new PageSize(29.7, 21.0));
        options.setBackground(true);
        byte[] pdf = Base64.getDecoder().decode(browser.driver.print(options).getContent());
        Files.createDirectories(Browser.SCREENSHOTS);
        Path file = Browser.SCREENSHOTS.resolve(name + ".pdf");
        Files.write(file, pdf);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        return file;
    }

    private static String pdfText(Path pdf) throws IOException, InterruptedException {
        return run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-");
    }

    private static int pdfPages(Path pdf) throws IOException, InterruptedException {
        String info = run("pdfinfo", pdf.toString());
        return Integer.parseInt(info.lines().filter(l -> l.startsWith("Pages:")).findFirst().orElseThrow()
                .replaceAll("\\D", ""));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
