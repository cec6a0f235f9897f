package nl.infill.features;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test data and HTTP helpers shared by the features tests. The grid: parcel i (source_id
 * {@code P<i>}, i = 0..2536) is the 18 x 18 m square with its south-west corner at
 * RD (150000 + 20 (i mod 50), 460000 + 20 (i div 50)); municipality null when i mod 13 = 0,
 * else GM0637 (even i) or GM0599 (odd i); area_m2 = 100 + 10 (i mod 7). Scenario {@code ftest}
 * has a result per parcel: capacity 10 (i mod 10) m2, dwellings (i mod 10) / 2, excluded when
 * i mod 17 = 0 (then score and class null), else score i mod 100 and class 1 + (i mod 5).
 * One amenity sits on the known point RD (155000, 463000) = CRS84 (5.38720621, 52.15517440).
 */
final class FeaturesFixture {

    static final int PARCELS = 2537;
    static final String SCENARIO = "ftest";
    static final String RD = "http://www.opengis.net/def/crs/EPSG/0/28992";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, String contentType, String body, HttpResponse<byte[]> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private FeaturesFixture() {
    }

    static synchronized void load(JdbcClient jdbc) {
        jdbc.sql("DELETE FROM scenario WHERE slug = :s").param("s", SCENARIO).update();
        jdbc.sql("DELETE FROM parcel").update();
        jdbc.sql("DELETE FROM amenity").update();
        jdbc.sql("DELETE FROM neighbourhood").update();
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                SELECT CASE WHEN i = 7 THEN '<b>&"P7''</b>' ELSE 'P' || i END,
                       CASE WHEN i % 13 = 0 THEN NULL WHEN i % 2 = 0 THEN 'GM0637' ELSE 'GM0599' END,
                       100 + 10 * (i % 7),
                       ST_Multi(ST_MakeEnvelope(150000 + 20 * (i % 50), 460000 + 20 * (i / 50),
                                                150018 + 20 * (i % 50), 460018 + 20 * (i / 50), 28992))
                  FROM generate_series(0, 2536) i ORDER BY i
                """).update();
        jdbc.sql("INSERT INTO amenity (source_id, type, name, geom) VALUES "
                + "('A1', 'gp', 'Known point', ST_SetSRID(ST_MakePoint(155000, 463000), 28992))").update();
        jdbc.sql("INSERT INTO neighbourhood (code, name, municipality, population, pop_65plus_pct, dwellings, geom) "
                + "VALUES ('BU0001', 'Grid', 'GM0637', 1000, 25.0, 400, "
                + "ST_Multi(ST_MakeEnvelope(150000, 460000, 151000, 461040, 28992)))").update();
        jdbc.sql("INSERT INTO scenario (slug, name, weights, params) VALUES (:s, 'Features test', '{}', '{}')")
                .param("s", SCENARIO).update();
        jdbc.sql("""
                INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2,
                       allowed_floor_area_m2, capacity_m2, extra_dwellings, score, score_class, excluded,
                       exclusion_reason, distance_method, walk_gp_m)
                SELECT s.id, p.id, 1, 50, 150, 10 * (g.i % 10), (g.i % 10) / 2.0,
                       CASE WHEN g.i % 17 = 0 THEN NULL ELSE g.i % 100 END,
                       CASE WHEN g.i % 17 = 0 THEN NULL ELSE 1 + g.i % 5 END,
                       g.i % 17 = 0, CASE WHEN g.i % 17 = 0 THEN 'water' END, 'network', 100 + g.i
                  FROM scenario s, parcel p
                  CROSS JOIN LATERAL (SELECT ((ST_XMin(p.geom) - 150000) / 20 + 50 * (ST_YMin(p.geom) - 460000) / 20)::int AS i) g
                 WHERE s.slug = :s
                """).param("s", SCENARIO).update();
        jdbc.sql("""
                INSERT INTO neighbourhood_result (scenario_id, neighbourhood_id, run_id, parcels, capacity_m2,
                       extra_dwellings, mean_score, parcels_per_class, ageing_fit)
                SELECT s.id, n.id, 1, 2537, 1000, 50, 49.5, '{"1":1,"2":1,"3":1,"4":1,"5":1}', 0.4
                  FROM scenario s, neighbourhood n WHERE s.slug = :s
                """).param("s", SCENARIO).update();
        // As a load does: the replaced layers get new versions (what cached extents are keyed by).
        jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer IN ('parcels', 'amenities', 'neighbourhoods')")
                .update();
    }

    static Response get(int port, String path) {
        return get(port, path, "application/json");
    }

    static Response get(int port, String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(port, path)).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b.build());
    }

    static Response post(int port, String path, String body) {
        return send(HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static URI uri(int port, String path) {
        return path.startsWith("http") ? URI.create(path) : URI.create("http://localhost:" + port + path);
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    new String(r.body(), StandardCharsets.UTF_8), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
