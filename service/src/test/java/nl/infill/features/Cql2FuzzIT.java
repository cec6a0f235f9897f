package nl.infill.features;

import static nl.infill.features.FeaturesFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import nl.infill.features.cql2.Cql2Generator;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Generated and mutated CQL2 filters sent to the items endpoint of real PostGIS: every answer is
 * a 200 or a 400 problem, never a server error; afterwards the tables are still there and whole
 * (the payloads try DROP, DELETE and pg_sleep). The unit fuzz test checks the SQL's structure;
 * this one checks that what passes it also runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Cql2FuzzIT {

    private static final int RUNS = 300;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fuzzedFiltersOnRealPostgisGetOnly200Or400AndChangeNothing() {
        Cql2FilterIT.load(jdbc);
        long parcels = count("parcel");
        long results = count("parcel_result");
        List<String> properties = new ArrayList<>(List.of("geometry", "source_id", "score", "score_class", "excluded",
                "walk_gp_m", "area_m2", "exclusion_reason"));
        Cql2Generator gen = new Cql2Generator(17L, properties);
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < RUNS; i++) {
            boolean json = i % 2 == 1;
            String filter = json ? gen.json() : gen.text();
            String path = "/ogc/collections/results-" + Cql2FilterIT.SCENARIO + "/items?limit=5&filter-lang="
                    + (json ? "cql2-json" : "cql2-text") + "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
            var r = get(port, path, "application/geo+json");
            assertThat(r.status()).as(filter + " -> " + r.body()).isIn(200, 400);
            if (r.status() == 400) {
                assertThat(r.contentType()).as(filter).startsWith("application/problem+json");
                assertThat(r.json().get("where").asString()).as(filter).isIn("filter", "filter-lang");
                refused++;
            } else {
                ok++;
            }
        }
        assertThat(ok).as("answered").isGreaterThan(RUNS / 10);
        assertThat(refused).as("refused").isGreaterThan(RUNS / 10);
        assertThat(count("parcel")).isEqualTo(parcels);
        assertThat(count("parcel_result")).isEqualTo(results);
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
