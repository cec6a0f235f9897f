package nl.infill.webmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * The web map's WMS mode (issue 15 part 3) in headless Chromium, against a stand-in WMS on
 * loopback that answers GetMap and GetLegendGraphic with PNGs and GetFeatureInfo with the clicked
 * parcel: each map layer asks for its own GeoServer style and legend, the images load and the
 * click reaches the stand-in
 * (the Content-Security-Policy lets GeoServer's public origin in), and no console error occurs.
 */
class WebMapWmsIT extends WebMapBrowserTest {

    static final HttpServer WMS;
    static final List<Map<String, String>> REQUESTS = new CopyOnWriteArrayList<>();
    /** The parcel id GetFeatureInfo answers with, set once the test city is there. */
    static volatile long clickedParcel = -1;

    static {
        try {
            WMS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] png = png();
        WMS.createContext("/geoserver/infill/wms", exchange -> {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            REQUESTS.add(q);
            boolean info = "GetFeatureInfo".equalsIgnoreCase(q.get("request"));
            byte[] body = info ? ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"p\","
                    + "\"geometry\":null,\"properties\":{\"parcel_id\":" + clickedParcel + "}}]}")
                    .getBytes(StandardCharsets.UTF_8) : png;
            // GeoServer's CORS filter (on in the image Infill deploys) answers cross-origin calls like this
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().add("Content-Type", info ? "application/json" : "image/png");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        WMS.start();
    }

    @DynamicPropertySource
    static void geoserver(DynamicPropertyRegistry r) {
        String base = "http://127.0.0.1:" + WMS.getAddress().getPort() + "/geoserver";
        r.add("infill.geoserver.enabled", () -> "true");
        // REST calls get the stand-in's PNGs, not GeoServer's answers: no sync at start, few retries
        r.add("infill.geoserver.url", () -> base);
        r.add("infill.geoserver.public-url", () -> base);
        r.add("infill.geoserver.password", () -> "stand-in");
        r.add("infill.geoserver.sync-on-startup", () -> "false");
        r.add("infill.geoserver.retries", () -> "0");
        r.add("infill.geoserver.backoff", () -> "10ms");
    }

    @AfterAll
    void stopStandIn() {
        WMS.stop(0);
    }

    @Override
    void browserReady() {
        REQUESTS.clear();
    }

    @Test
    void eachLayerDrawsGeoServerWmsInItsOwnStyleAndAClickAsksGetFeatureInfo() throws Exception {
        String slug = city.slug;
        String view = "infill:results_" + slug.replace('-', '_');
        clickedParcel = jdbc.sql("SELECT id FROM parcel WHERE source_id = 'WM-7-6'").query(Long.class).single();
        String origin = "http://127.0.0.1:" + WMS.getAddress().getPort();
        String csp = city.http.get().uri("/").retrieve().toBodilessEntity().getHeaders()
                .getFirst("Content-Security-Policy");
        assertThat(csp).containsPattern("img-src [^;]*" + origin).containsPattern("connect-src [^;]*" + origin);

        open("#layers=score,capacity,walkGp,nbhFit&scenario=" + slug);

        Map<String, String> expected = Map.of(
                "infill:infill_score_class", view, "infill:infill_capacity_dwellings", view,
                "infill:infill_walk_gp", view,
                "infill:infill_ageing_fit", "infill:neighbourhood_results_" + slug.replace('-', '_'));
        browser.waitUntil(Duration.ofSeconds(20), () -> expected.entrySet().stream().allMatch(e -> REQUESTS.stream()
                .anyMatch(q -> "GetMap".equalsIgnoreCase(q.get("request")) && e.getKey().equals(q.get("styles"))
                        && e.getValue().equals(q.get("layers")))));
        // the stand-in's images are on the map: loaded, not blocked
        browser.waitUntil(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(browser.js("""
                const tiles = [...document.querySelectorAll('img.leaflet-tile')];
                return tiles.length > 0 && tiles.every(t => t.complete && t.naturalWidth > 0);""")));
        // each legend is GeoServer's GetLegendGraphic of that layer's style, in the page's language
        browser.waitUntil(Duration.ofSeconds(10), () -> expected.entrySet().stream().allMatch(e -> REQUESTS.stream()
                .anyMatch(q -> "GetLegendGraphic".equalsIgnoreCase(q.get("request")) && e.getKey().equals(q.get("style"))
                        && e.getValue().equals(q.get("layer")) && "nl".equals(q.get("language")))));
        browser.waitUntil(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(browser.js("""
                const legends = ['score', 'capacity', 'walkGp', 'nbhFit']
                  .map(id => document.querySelector('#legend-' + id + '.wms img'));
                return legends.every(i => i && i.complete && i.naturalWidth > 0);""")));
        browser.screenshot("11-wms-mode");

        // a click asks the stand-in which parcel is there and opens its explanation from the service
        WebElement map = browser.driver.findElement(By.id("map"));
        new Actions(browser.driver).moveToElement(map, 10, 10).click().perform();
        WebElement panel = browser.driver.findElement(By.id("parcel-panel"));
        browser.waitUntil(Duration.ofSeconds(10),
                () -> String.valueOf(clickedParcel).equals(panel.getAttribute("data-parcel-id")));
        assertThat(REQUESTS).anySatisfy(q -> assertThat(q).containsEntry("request", "GetFeatureInfo")
                .containsEntry("query_layers", view).containsEntry("info_format", "application/json"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase();
                q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static byte[] png() {
        BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(240, 59, 32, 128));
        g.fillRect(0, 0, 256, 256);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
