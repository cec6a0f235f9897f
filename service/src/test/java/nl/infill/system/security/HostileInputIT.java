package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SQL injection, path traversal and expression-injection payloads in every path, query and body
 * field of every endpoint in the REST contract (docs/architecture.md). For each: no 5xx, a 4xx
 * problem+json where the field names something (a layer, slug, collection, format, id), no
 * internals in the answer, no payload that makes PostgreSQL sleep (each answer well under the
 * 5 s of {@code pg_sleep(5)}), and every table unchanged afterwards.
 *
 * <p>Probes are listed per endpoint so a new endpoint is one line here; endpoints a feature has not
 * built yet answer 404 and still pass through the whole filter chain.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputIT {

    /** Injection payloads: quotes, stacked queries, comments, sleeps, unicode look-alikes. */
    static final List<String> INJECTIONS = List.of(
            "'",
            "\"",
            "' OR '1'='1",
            "1 OR 1=1",
            "parcels' OR 1=1--",
            "x'; DROP TABLE parcel;--",
            "x\"; DROP TABLE parcel;--",
            "1; DELETE FROM layer_state",
            "1); UPDATE scenario SET name = 'pwned';--",
            "parcels/* comment */",
            "parcels' /*",
            "parcels--",
            "1' AND pg_sleep(5) IS NOT NULL--",
            "'||pg_sleep(5)||'",
            "1;SELECT pg_sleep(5)",
            "(SELECT pg_sleep(5))",
            "x' UNION SELECT usename, passwd FROM pg_shadow--",
            "parcels\uFF07 OR 1=1--",
            "parcels\u02BC; DROP TABLE parcel--",
            "parcels\u2019 OR \u20181\u2019=\u20181",
            "strSubstring(\"name\", 0, 1) = 'a' or 1=1",
            "exec(java.lang.Runtime.getRuntime(),'touch /tmp/pwned')",
            "${jndi:ldap://127.0.0.1:1/x}",
            "%27%20OR%201%3D1",
            "x\u0000y");

    /** Names that try to leave their folder or table. */
    static final List<String> TRAVERSALS = List.of(
            "../../etc/passwd",
            "..\\..\\windows\\win.ini",
            "....//....//etc/passwd",
            "/etc/passwd",
            "file:///etc/passwd",
            "public.parcel",
            "pg_catalog.pg_authid");

    /** Raw, pre-encoded traversal paths (sent exactly as written). */
    static final List<String> RAW_TRAVERSALS = List.of(
            "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "..%252f..%252fetc%252fpasswd",
            "..;/..;/etc/passwd",
            "%2e%2e;/actuator/env",
            "..%5c..%5cetc%5cpasswd",
            "%00");

    /**
     * One field of one endpoint. {@code path} and {@code body} carry {@code {p}} where the payload
     * goes (URL-encoded in paths and queries, JSON-escaped in bodies). {@code names}: the field
     * names something, so a hostile value must be refused (4xx), not just survived.
     */
    record Probe(String method, String path, String body, String role, boolean names) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }

    static Probe get(String path, boolean names) {
        return new Probe("GET", path, null, null, names);
    }

    static Probe write(String method, String path, String body) {
        return new Probe(method, path, body, "editor", true);
    }

    static Stream<Probe> probes() {
        return Stream.of(
                // layers and loads
                get("/api/layers/{p}", true),
                get("/api/loads/{p}", true),
                write("POST", "/api/layers/{p}/loads", null),
                // scenarios and runs
                get("/api/scenarios/{p}", true),
                write("PUT", "/api/scenarios/{p}", "{\"name\":\"x\",\"criteria\":[]}"),
                write("DELETE", "/api/scenarios/{p}", null),
                write("POST", "/api/scenarios/{p}/runs", null),
                write("POST", "/api/scenarios", "{\"slug\":{p},\"name\":\"n\",\"criteria\":[]}"),
                write("POST", "/api/scenarios", "{\"slug\":\"hostile-probe\",\"name\":\"n\",\"criteria\":[{\"criterion\":{p},\"weight\":1}]}"),
                get("/api/runs/{p}", true),
                get("/api/scenarios/{p}/parcels/1", true),
                get("/api/scenarios/default/parcels/{p}", true),
                get("/api/scenarios/{p}/neighbourhoods", true),
                get("/api/compare?a={p}&b=default", true),
                get("/api/compare?a=default&b={p}", true),
                // OGC API - Features
                get("/ogc/collections/{p}", true),
                get("/ogc/collections/{p}/items", true),
                get("/ogc/collections/{p}/queryables", true),
                get("/ogc/collections/parcels/items/{p}", true),
                get("/ogc/collections/parcels/items?bbox={p}", true),
                get("/ogc/collections/parcels/items?limit={p}", true),
                get("/ogc/collections/parcels/items?offset={p}", true),
                get("/ogc/collections/parcels/items?sortby={p}", true),
                get("/ogc/collections/parcels/items?f={p}", true),
                get("/ogc/collections/parcels/items?bbox-crs={p}", true),
                get("/ogc/collections/parcels/items?{p}=1", false),
                get("/ogc/collections/parcels/items?zone_code={p}", false),
                // spatial queries
                get("/api/query/within?x={p}&y=52.06&distance=100", true),
                get("/api/query/within?x=4.49&y=52.06&distance={p}", true),
                get("/api/query/within?x=4.49&y=52.06&distance=100&crs={p}", true),
                get("/api/query/within?x=4.49&y=52.06&distance=100&scenario={p}", true),
                get("/api/query/within?x=4.49&y=52.06&distance=100&limit={p}", true),
                get("/api/query/nearest?x=4.49&y={p}", true),
                get("/api/query/nearest?x=4.49&y=52.06&k={p}", true),
                get("/api/query/nearest?x=4.49&y=52.06&scenario={p}", true),
                new Probe("POST", "/api/query/intersects", "{\"geometry\":{\"type\":{p},\"coordinates\":[0,0]}}", null, true),
                new Probe("POST", "/api/query/intersects", "{\"layer\":{p},\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}", null, true),
                // exports
                get("/api/export/{p}?format=geojson", true),
                get("/api/export/parcels?format={p}", true),
                get("/api/export/parcels?format=csv&bbox={p}", true),
                new Probe("POST", "/api/export?format={p}", "{}", null, true),
                new Probe("POST", "/api/export?format=geojson", "{\"collection\":{p}}", null, true),
                // tiles
                get("/tiles/{p}/0/0/0.mvt", true),
                get("/tiles/parcels/{p}/0/0.mvt", true),
                get("/tiles/{p}.json", true),
                // publishing (admin)
                new Probe("POST", "/api/publishing/{p}", null, "admin", true),
                // session
                new Probe("POST", "/api/session", "{\"username\":{p},\"password\":{p}}", null, true));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private Http.Response send(Probe probe, String payload, boolean rawPath) {
        String path = probe.path().replace("{p}", rawPath ? payload : urlEncode(payload));
        Http h = Http.request(port, probe.method(), path);
        if (probe.role() != null) {
            h.basic(probe.role(), probe.role());
        }
        if (probe.path().startsWith("/api/session")) {
            WebSession.start(port).on(h);
        }
        if (probe.body() != null) {
            h.json(probe.body().replace("{p}", jsonString(payload)));
        } else if (!"GET".equals(probe.method())) {
            h.json("{}");
        }
        return h.send();
    }

    private static void assertSurvived(Probe probe, String payload, Http.Response r) {
        String what = probe + " <- " + payload;
        assertThat(r.status()).as(what + " (body " + r.body() + ")").isLessThan(500);
        assertThat(r.millis()).as(what + ": answered long before pg_sleep(5) could end").isLessThan(4_000);
        String json = jsonString(payload);
        Leaks.assertNoInternals(r, what, List.of(json.substring(1, json.length() - 1), payload, urlEncode(payload)));
        if (r.status() >= 400) {
            assertThat(r.contentType()).as(what + " content type").startsWith("application/problem+json");
        }
        if (probe.names()) {
            assertThat(r.status()).as(what + " is refused (body " + r.body() + ")").isBetween(400, 499);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void injectionAndTraversalPayloadsAreRefusedCleanlyAndChangeNoTable(Probe probe) {
        Map<String, String> before = TableChecksums.of(jdbc);
        for (String payload : INJECTIONS) {
            assertSurvived(probe, payload, send(probe, payload, false));
        }
        for (String payload : TRAVERSALS) {
            assertSurvived(probe, payload, send(probe, payload, false));
        }
        if (probe.path().indexOf("{p}") < probe.path().indexOf('?') || !probe.path().contains("?")) {
            if (probe.body() == null && probe.path().contains("{p}")) {
                for (String raw : RAW_TRAVERSALS) {
                    assertSurvived(probe, raw, send(probe, raw, true));
                }
            }
        }
        assertThat(TableChecksums.of(jdbc)).as("every table unchanged after " + probe).isEqualTo(before);
    }

    @Test
    void encodedTraversalOutsideTheApiIsRefusedAsProblemJson() {
        for (String path : List.of("/..%2F..%2Fetc%2Fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/static/..%5c..%5cetc%5cpasswd",
                "/api/%2e%2e/actuator/env", "/actuator/env", "/actuator/heapdump")) {
            var r = Http.request(port, "GET", path).send();
            assertThat(r.status()).as(path).isBetween(400, 404);
            Leaks.assertNoInternals(r, path);
            assertThat(r.body()).as(path).doesNotContain("root:");
        }
    }
}
