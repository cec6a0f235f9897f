package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;

import nl.infill.layers.Layer;

/**
 * End to end on a generated city: the generator plants redevelopment candidates (its
 * {@code planted_candidates} table is the ground truth), the ingest API loads every layer, and a
 * run with the default weights must rank the planted parcels in the top decile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlantedCandidatesIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    @SuppressWarnings("unchecked")
    void plantedCandidatesRankInTheTopDecileOfTheDefaultWeights() throws Exception {
        Path gpkg = Files.createTempDirectory("infill-planted").resolve("city.gpkg");
        nl.infill.data.SampleCityGenerator.main(new String[] {"--out", gpkg.toString(), "--parcels", "3000"});
        var fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        for (Layer layer : Layer.values()) {
            var form = new LinkedMultiValueMap<String, Object>();
            form.add("file", new FileSystemResource(gpkg));
            form.add("preset", "infill");
            form.add("table", layer.id());
            int status = fx.http().post().uri("/api/layers/{layer}/loads", layer.id())
                    .contentType(MediaType.MULTIPART_FORM_DATA).body(form)
                    .exchange((req, res) -> res.getStatusCode().value());
            assertThat(status).as("load of %s", layer.id()).isEqualTo(201);
        }
        Map<String, Object> dflt = fx.http().get().uri("/api/scenarios/default").retrieve().body(Map.class);
        fx.scenario("test-planted", (Map<String, Object>) dflt.get("weights"), (Map<String, Object>) dflt.get("params"));
        assertThat(fx.runAndWait("test-planted").get("status")).isEqualTo("succeeded");

        List<String> planted = new ArrayList<>();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + gpkg);
             ResultSet rs = sqlite.createStatement().executeQuery("SELECT parcel_source_id FROM planted_candidates")) {
            while (rs.next()) {
                planted.add(rs.getString(1));
            }
        }
        assertThat(planted).isNotEmpty();
        // top decile: the score at the 90th percentile of the scored (non-excluded) parcels
        double p90 = jdbc.sql("SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY score) FROM parcel_result_v "
                + "WHERE scenario = 'test-planted' AND NOT excluded").query(Double.class).single();
        for (String sourceId : planted) {
            Double score = jdbc.sql("SELECT score FROM parcel_result_v WHERE scenario = 'test-planted' AND source_id = ?")
                    .param(sourceId).query(Double.class).optional().orElse(null);
            System.out.printf("planted %s: score %s (top decile from %.1f)%n", sourceId, score, p90);
            assertThat(score).as("planted candidate %s", sourceId).isNotNull().isGreaterThanOrEqualTo(p90);
        }
    }
}
