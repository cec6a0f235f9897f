package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accessibility of the web map (issue 16 part 7) in headless Chromium: axe-core (the npm package,
 * web-map/node_modules/axe-core/axe.min.js, injected into the page) audits each main view in
 * Dutch and English against WCAG 2.1 A/AA and fails on serious or critical violations; and the
 * main task, from opening a panel to a run and a report, works with the keyboard alone.
 */
class AccessibilityIT extends WebMapBrowserTest {

    private static final Logger log = LoggerFactory.getLogger(AccessibilityIT.class);
    private static final Path AXE = Path.of("..", "web-map", "node_modules", "axe-core", "axe.min.js");

    @Test
    void everyMainViewPassesTheAxeAuditInDutchAndEnglishWithNoSeriousViolation() throws Exception {
        String axe = Files.readString(AXE);
        Map<String, List<String>> serious = new LinkedHashMap<>();
        Map<String, Integer> byImpact = new TreeMap<>();
        for (String lang : List.of("nl", "en")) {
            open("?basemap=none&lang=" + lang + "#layers=score&scenario=" + city.slug);
            audit(axe, lang + " map", serious, byImpact);

            tab("tab-scenario");
            audit(axe, lang + " scenario panel", serious, byImpact);

            tab("tab-neighbourhoods");
            browser.waitUntil(Duration.ofSeconds(10),
                    () -> browser.driver.findElements(By.cssSelector("#nbh-charts canvas")).size() == 4);
            audit(axe, lang + " neighbourhood panel and charts", serious, byImpact);

            tab("tab-layers");
            clickParcel("WM-7-6");
            WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
            browser.waitUntil(Duration.ofSeconds(10), () -> panel.getAttribute("data-parcel-id") != null && panel.isDisplayed());
            audit(axe, lang + " parcel panel", serious, byImpact);

            browser.driver.findElement(By.id("signin-button")).click();
            audit(axe, lang + " sign-in dialog", serious, byImpact);
            browser.driver.findElement(By.cssSelector("#signin-dialog .cancel")).click();

            tab("tab-load");
            audit(axe, lang + " load dialog", serious, byImpact);

            tab("tab-neighbourhoods");
            browser.driver.findElement(By.id("nbh-report")).click();
            WebElement report = browser.driver.findElement(By.id("report"));
            browser.waitUntil(Duration.ofSeconds(30), () -> "true".equals(report.getAttribute("data-ready")));
            audit(axe, lang + " report", serious, byImpact);
        }
        log.info("axe violations by impact over all views (nodes): {}", byImpact);
        System.out.println("axe violations by impact over all views (nodes): " + byImpact);
        assertThat(serious).as("serious or critical axe violations per view").isEmpty();
    }

    @Test
    void openingAPanelChangingAWeightRunningAndOpeningTheReportWorkWithTheKeyboardAlone() throws Exception {
        open("?basemap=none#layers=score&scenario=" + city.slug);
        // sign in: Tab to the button, Enter, type, Enter
        tabUntil("signin-button");
        keys(Keys.ENTER);
        browser.waitUntil(Duration.ofSeconds(5), () -> "signin-user".equals(activeId()));
        keys("editor");
        keys(Keys.TAB);
        keys("editor");
        keys(Keys.ENTER);
        browser.waitUntil(Duration.ofSeconds(10), () -> browser.driver.findElement(By.id("signin-button")).getText().contains("editor"));

        // the Scenario panel: Tab to the tab list, arrow to Scenario (a tab list moves with arrows)
        tabUntil("tab-layers");
        keys(Keys.ARROW_RIGHT);
        assertThat(activeId()).isEqualTo("tab-scenario");
        assertThat(browser.driver.findElement(By.id("panel-scenario")).isDisplayed()).isTrue();
        // a weight slider: Tab to it, arrows change it and the preview follows
        tabUntil("weights-capacity");
        String before = browser.driver.findElement(By.id("weights-capacity")).getAttribute("value");
        keys(Keys.END);
        assertThat(browser.driver.findElement(By.id("weights-capacity")).getAttribute("value")).isNotEqualTo(before);
        assertThat(browser.driver.findElement(By.id("preview-marker")).isDisplayed()).isTrue();
        // run with Enter on the run button
        tabUntil("run-button");
        keys(Keys.ENTER);
        WebElement status = browser.driver.findElement(By.id("run-status"));
        browser.waitUntil(Duration.ofMinutes(3), () -> status.getText().startsWith("Klaar") || status.getText().startsWith("Berekening mislukt"));
        assertThat(status.getText()).startsWith("Klaar");

        // the neighbourhood panel and its report, Space on the button this time
        tabUntil("tab-scenario");
        keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
        assertThat(activeId()).isEqualTo("tab-neighbourhoods");
        tabUntil("nbh-report");
        keys(Keys.SPACE);
        WebElement report = browser.driver.findElement(By.id("report"));
        browser.waitUntil(Duration.ofSeconds(30), () -> "true".equals(report.getAttribute("data-ready")));
        assertThat(activeId()).as("focus moves to the report's title").isEqualTo("report-title");
        // the focused element shows a visible focus ring
        tabUntil(null);
        assertThat(browser.js("const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2"))
                .as("visible focus on " + activeId()).isEqualTo(true);
        keys(Keys.ESCAPE);
        browser.waitUntil(Duration.ofSeconds(5), () -> !report.isDisplayed());
        assertThat(activeId()).as("focus back on the button that opened the report").isEqualTo("nbh-report");
    }

    // ---------------------------------------------------------------------------------------

    private void tab(String id) {
        browser.driver.findElement(By.id(id)).click();
    }

    /** Runs axe on the page; records each violation by impact and the serious/critical ones by view. */
    @SuppressWarnings("unchecked")
    private void audit(String axe, String view, Map<String, List<String>> serious, Map<String, Integer> byImpact) {
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser.driver)
                .executeAsyncScript(axe + """
                        ;const done = arguments[arguments.length - 1];
                        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                          .then(r => done({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id,
                            impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
                            count: v.nodes.length}))}))
                          .catch(e => done({passes: 0, violations: [{id: 'axe-error', impact: 'critical', help: String(e),
                            nodes: [], count: 1}]}));""");
        // the audit ran: rules passed on this view (an empty page or a failed injection passes none)
        assertThat(((Number) result.get("passes")).intValue()).as("axe rules passed on " + view).isPositive();
        List<String> bad = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result.get("violations")) {
            byImpact.merge(String.valueOf(v.get("impact")), ((Number) v.get("count")).intValue(), Integer::sum);
            String line = v.get("impact") + " " + v.get("id") + " (" + v.get("help") + "): " + v.get("nodes");
            log.info("axe {}: {}", view, line);
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                bad.add(line);
            }
        }
        if (!bad.isEmpty()) {
            serious.put(view, bad);
        }
    }

    private String activeId() {
        return (String) browser.js("return document.activeElement ? document.activeElement.id : null");
    }

    private void keys(CharSequence... keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    /** Presses Tab until the element with this id has the focus (null: one Tab), at most 80 times. */
    private void tabUntil(String id) {
        for (int i = 0; i < 80; i++) {
            keys(Keys.TAB);
            if (id == null || id.equals(activeId())) {
                return;
            }
        }
        throw new AssertionError("Tab never reached #" + id + " (last: #" + activeId() + ")");
    }
}
