package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.infill.system.StandInDatabase;
import nl.infill.system.ReadReplicas;

/**
 * Exports and parcel explanations from standbys are never older than the primary's data (issue 18 part
 * 2), as items and tiles (tiles.ReadReplicasIT). A second ordinary database of the test cluster, migrated
 * like the primary, stands in for a standby: it gets a copy of the primary's rows of one scenario run
 * (COPY), then its parcels are renamed {@code STANDIN-n} (the primary's {@code PRIMARY-n}), so every answer
 * shows which database gave it. Its version rows are then set behind or equal to the primary's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.analysis.run-on-startup=false", "infill.datasource.check-interval=100ms"})
class StandbyExplanationsAndExportsIT {

    private static final String STANDIN = "infill_standby_reads_standin";
    private static final String SLUG = "standby-reads";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadReplicas replicas;

    AnalysisFixtures fx;
    long parcel;

    @DynamicPropertySource
    static void standby(DynamicPropertyRegistry registry) throws SQLException {
        String standin = StandInDatabase.create(STANDIN);
        registry.add("infill.datasource.read-urls", () -> standin);
    }

    @AfterAll
    static void dropStandin() throws SQLException {
        StandInDatabase.drop(STANDIN);
    }

    private static String url(String db) {
        return StandInDatabase.url(db);
    }

    private static Connection owner(String url) throws SQLException {
        return DriverManager.getConnection(url, System.getenv("INFILL_DB_USER"), System.getenv("INFILL_DB_PASSWORD"));
    }

    private static JdbcClient standin() {
        return JdbcClient.create(new DriverManagerDataSource(url(STANDIN), System.getenv("INFILL_DB_USER"),
                System.getenv("INFILL_DB_PASSWORD")));
    }

    @BeforeEach
    void aRunOnThePrimaryCopiedToTheStandIn() throws Exception {
        fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.zone("POLYGON((-100 -100, 500 -100, 500 100, -100 100, -100 -100))", "wonen", 1.0, null, null);
        fx.amenity("gp", 0, 0);
        parcel = fx.parcel("POLYGON((0 0, 20 0, 20 20, 0 20, 0 0))", 400);
        fx.parcel("POLYGON((40 0, 60 0, 60 20, 40 20, 40 0))", 400);
        jdbc.sql("UPDATE parcel SET source_id = 'PRIMARY-' || id").update();
        fx.scenario(SLUG, AnalysisFixtures.capacityOnly(), Map.of());
        assertThat(fx.runAndWait(SLUG)).containsEntry("status", "succeeded");

        JdbcClient standin = standin();
        standin.sql("DELETE FROM scenario WHERE slug = ?").param(SLUG).update(); // its runs and results too
        standin.sql("DELETE FROM parcel; DELETE FROM zoning; DELETE FROM analysis.parcel_criteria; "
                + "DELETE FROM analysis.criteria_state").update();
        long scenario = jdbc.sql("SELECT id FROM scenario WHERE slug = ?").param(SLUG).query(Long.class).single();
        copy("SELECT * FROM scenario WHERE id = " + scenario, "scenario");
        copy("SELECT * FROM analysis_run WHERE scenario_id = " + scenario, "analysis_run");
        copy("SELECT s.* FROM analysis_run_settings s JOIN analysis_run r ON r.id = s.run_id WHERE r.scenario_id = "
                + scenario, "analysis_run_settings");
        copy("SELECT * FROM parcel", "parcel");
        copy("SELECT * FROM zoning", "zoning");
        copy("SELECT * FROM analysis.parcel_criteria", "analysis.parcel_criteria");
        copy("SELECT * FROM analysis.criteria_state", "analysis.criteria_state");
        copy("SELECT * FROM parcel_result WHERE scenario_id = " + scenario, "parcel_result");
        standin.sql("UPDATE parcel SET source_id = 'STANDIN-' || id").update();
        standin.sql("UPDATE layer_state SET version = 0").update();
        replicas.checkNow();
    }

    /** The primary's rows of {@code select} into the stand-in's {@code table}, as they are (ids too). */
    private static void copy(String select, String table) throws Exception {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        try (Connection from = owner(System.getenv("INFILL_DB_URL")); Connection to = owner(url(STANDIN))) {
            from.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT", rows);
            to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN",
                    new ByteArrayInputStream(rows.toByteArray()));
        }
    }

    /** The stand-in shows every layer at the primary's version: it has replayed everything there is. */
    private void standinCaughtUp() {
        for (Map<String, Object> row : jdbc.sql("SELECT layer, version FROM layer_state").query().listOfRows()) {
            standin().sql("UPDATE layer_state SET version = ? WHERE layer = ?")
                    .params(row.get("version"), row.get("layer")).update();
        }
    }

    private String explainedSourceId() {
        return (String) fx.result(SLUG, parcel).get("sourceId");
    }

    private String export(String collection, String format) {
        byte[] body = fx.http().get().uri("/api/export/{c}?format={f}", collection, format).retrieve().body(byte[].class);
        // GeoPackage (SQLite) and FlatGeobuf keep text values as their UTF-8 bytes
        return body == null ? "" : new String(body, StandardCharsets.ISO_8859_1);
    }

    /**
     * The gate asked the stand-in a moment ago and found it behind: it asks again after 200 ms at the
     * earliest (docs/scaling.md), so wait for the answer to change, up to 10 s.
     */
    private static <T> T eventually(Supplier<T> ask, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        T answer = ask.get();
        while (!done.test(answer) && System.nanoTime() < deadline) {
            AnalysisFixtures.sleep(50);
            answer = ask.get();
        }
        return answer;
    }

    @Test
    void anExplanationComesFromTheStandbyOnlyWhileItShowsTheScenariosResultsCriteriaAndLayers() {
        // by hand: the stand-in holds the run's rows but shows the layers at version 0: behind
        assertThat(explainedSourceId()).as("stand-in behind on the layers").startsWith("PRIMARY-");

        standinCaughtUp();
        assertThat(eventually(this::explainedSourceId, id -> id.startsWith("STANDIN-")))
                .as("stand-in at the primary's versions").startsWith("STANDIN-");

        // the same results, criteria recomputed by another scenario's run after an amenities load: the
        // primary's explanation reads the new criteria, so the stand-in may not answer until it has them
        jdbc.sql("UPDATE layer_state SET version = version + 1, changed_at = now() WHERE layer = 'amenities'").update();
        fx.scenario(SLUG + "-other", AnalysisFixtures.capacityOnly(), Map.of());
        assertThat(fx.runAndWait(SLUG + "-other")).containsEntry("status", "succeeded");
        assertThat(explainedSourceId()).as("criteria newer on the primary").startsWith("PRIMARY-");
    }

    @Test
    void aNewRunOnThePrimaryTakesTheVeryNextExplanationAwayFromTheStandby() {
        standinCaughtUp();
        assertThat(eventually(this::explainedSourceId, id -> id.startsWith("STANDIN-"))).startsWith("STANDIN-");

        assertThat(fx.runAndWait(SLUG)).containsEntry("status", "succeeded");
        assertThat(explainedSourceId()).as("results version newer on the primary").startsWith("PRIMARY-");
    }

    @Test
    void everyExportFormatComesFromTheStandbyAtTheVersionAndFromThePrimaryOnceALoadIsAhead() {
        List<String> formats = List.of("geojson", "csv", "gpkg", "fgb");
        for (String format : formats) {
            assertThat(export("parcels", format)).as(format + ", stand-in behind")
                    .contains("PRIMARY-").doesNotContain("STANDIN-");
        }
        assertThat(export("results-" + SLUG, "geojson")).as("results, stand-in behind")
                .contains("PRIMARY-").doesNotContain("STANDIN-");

        standinCaughtUp();
        assertThat(eventually(() -> export("parcels", "geojson"), b -> b.contains("STANDIN-")))
                .as("geojson at the version").contains("STANDIN-").doesNotContain("PRIMARY-");
        for (String format : formats) {
            assertThat(export("parcels", format)).as(format + " at the version")
                    .contains("STANDIN-").doesNotContain("PRIMARY-");
        }
        assertThat(eventually(() -> export("results-" + SLUG, "csv"), b -> b.contains("STANDIN-")))
                .as("results at the version").contains("STANDIN-").doesNotContain("PRIMARY-");

        // a parcels load on the primary (by hand): the stand-in has not replayed it, so the next exports
        // of the parcels and of the results drawn on them are the primary's
        jdbc.sql("UPDATE layer_state SET version = version + 1, changed_at = now() WHERE layer = 'parcels'").update();
        for (String format : formats) {
            assertThat(export("parcels", format)).as(format + ", a load ahead on the primary")
                    .contains("PRIMARY-").doesNotContain("STANDIN-");
        }
        assertThat(export("results-" + SLUG, "geojson")).as("results, a load ahead on the primary")
                .contains("PRIMARY-").doesNotContain("STANDIN-");
    }
}
