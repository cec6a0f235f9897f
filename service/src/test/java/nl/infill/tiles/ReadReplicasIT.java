package nl.infill.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import nl.infill.system.StandInDatabase;
import nl.infill.system.ReadReplicas;

/**
 * Reads from standbys never serve an older version than the request names (issue 18 part 2). A real
 * streaming standby is exercised by bench/cluster.sh; here a second ordinary database of the test cluster,
 * migrated like the primary, stands in for a standby whose replay is behind (or ahead with rows of its
 * own, so that a page it served can be told from the primary's), and a URL where nothing listens for a
 * standby that is away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.analysis.run-on-startup=false", "infill.datasource.check-interval=100ms",
                // every tile rendered afresh, so that each request shows which database drew it
                "infill.tiles.cache-max-bytes=0"})
class ReadReplicasIT {

    private static final String STANDIN = "infill_replica_standin";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadReplicas replicas;

    @DynamicPropertySource
    static void standbys(DynamicPropertyRegistry registry) throws SQLException {
        String url = System.getenv("INFILL_DB_URL");
        StandInDatabase.create(STANDIN);
        // the second URL: a standby that is away (nothing listens on port 1)
        registry.add("infill.datasource.read-urls", () -> standinUrl() + ",jdbc:postgresql://127.0.0.1:1/infill");
        // The tests tell who drew a tile by what it holds; a tile cached at the same version would
        // (rightly, a tile URL never changes content) come back whoever would draw it now.
        registry.add("infill.tiles.cache-max-bytes", () -> "0");
        assertThat(url).isNotNull();
    }

    @AfterAll
    static void dropStandin() throws SQLException {
        StandInDatabase.drop(STANDIN);
    }

    private static String standinUrl() {
        return StandInDatabase.url(STANDIN);
    }

    private JdbcClient standin() {
        return JdbcClient.create(new DriverManagerDataSource(standinUrl(), System.getenv("INFILL_DB_USER"),
                System.getenv("INFILL_DB_PASSWORD")));
    }

    private static void parcelAt(JdbcClient db, String sourceId, int x) {
        db.sql("INSERT INTO parcel (source_id, area_m2, geom) VALUES (?, 400, ST_Multi(ST_MakeEnvelope(?, 450000, ?, "
                + "450020, 28992)))").params(sourceId, 100000 + x, 100020 + x).update();
    }

    private static long parcelsVersion(JdbcClient db) {
        return db.sql("SELECT version FROM layer_state WHERE layer = 'parcels'").query(Long.class).single();
    }

    /**
     * A load by hand (no event reaches the tile versions): a tile URL naming the new version makes the
     * service re-read its versions, at most every 200 ms (TileService.FORCED_REFRESH_MIN_AGE), so wait that out.
     */
    private void bumpPrimaryParcels() {
        jdbc.sql("UPDATE layer_state SET version = version + 1, changed_at = now() WHERE layer = 'parcels'").update();
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @BeforeEach
    void twoDatabasesWithDifferentParcels() {
        for (JdbcClient db : List.of(jdbc, standin())) {
            db.sql("DELETE FROM parcel").update();
        }
        parcelAt(jdbc, "PRIMARY-1", 0);
        parcelAt(jdbc, "PRIMARY-2", 40);
        bumpPrimaryParcels();
        parcelAt(standin(), "STANDIN-1", 0);
        replicas.checkNow();
    }

    @SuppressWarnings("unchecked")
    private List<String> itemSourceIds() {
        Map<String, Object> page = RestClient.create("http://localhost:" + port).get()
                .uri("/ogc/collections/parcels/items?limit=100").retrieve().body(Map.class);
        return ((List<Map<String, Object>>) page.get("features")).stream()
                .map(f -> (String) ((Map<String, Object>) f.get("properties")).get("source_id")).sorted().toList();
    }

    @Test
    void aStandbyThatHasNotReplayedTheParcelsVersionLeavesTheItemsToThePrimary() {
        assertThat(parcelsVersion(standin())).isNotEqualTo(parcelsVersion(jdbc));
        assertThat(itemSourceIds()).containsExactly("PRIMARY-1", "PRIMARY-2");
    }

    @Test
    void aStandbyShowingTheVersionServesTheItemsAndStopsTheMomentThePrimaryHasANewerOne() {
        standin().sql("UPDATE layer_state SET version = ? WHERE layer = 'parcels'").param(parcelsVersion(jdbc)).update();
        // the stand-in's own row shows that it answered; a real standby would hold the primary's rows
        assertThat(itemSourceIds()).containsExactly("STANDIN-1");

        // a load on the primary: the stand-in has not replayed it, so the very next page is the primary's
        parcelAt(jdbc, "PRIMARY-3", 80);
        bumpPrimaryParcels();
        assertThat(itemSourceIds()).containsExactly("PRIMARY-1", "PRIMARY-2", "PRIMARY-3");
    }

    /** Features in the z16 WebMercator tile over RD (100010, 450010), asked for at the primary's current version. */
    private int tileFeatures() {
        Map<String, Object> ll = jdbc.sql("SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM "
                + "ST_Transform(ST_SetSRID(ST_Point(100010, 450010), 28992), 4326) p").query().singleRow();
        double lon = ((Number) ll.get("lon")).doubleValue();
        double lat = Math.toRadians(((Number) ll.get("lat")).doubleValue());
        int z = 16;
        int x = (int) Math.floor((lon + 180) / 360 * (1 << z));
        int y = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * (1 << z));
        byte[] body = RestClient.create("http://localhost:" + port).get()
                .uri("/tiles/parcels/{z}/{x}/{y}.mvt?v={v}", z, x, y, "l" + parcelsVersion(jdbc))
                .retrieve().body(byte[].class);
        return body == null ? 0 : Mvt.decode(body).layers().stream().mapToInt(l -> l.features().size()).sum();
    }

    @Test
    void aTileIsDrawnByTheStandbyOnlyAtTheVersionInItsUrl() {
        // by hand: the primary has 2 parcels in this tile (x 0-20 and 40-60 m from the corner), the stand-in 1
        assertThat(tileFeatures()).as("stand-in behind: the primary draws").isEqualTo(2);
        standin().sql("UPDATE layer_state SET version = ? WHERE layer = 'parcels'").param(parcelsVersion(jdbc)).update();
        // The router asked the stand-in a moment ago and it was behind: it asks again after 200 ms at
        // the earliest (docs/scaling.md), so until then the primary draws; then the stand-in does.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int drawn = tileFeatures();
        while (drawn != 1 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            drawn = tileFeatures();
        }
        assertThat(drawn).as("stand-in at the version: it draws").isEqualTo(1);
        parcelAt(jdbc, "PRIMARY-3", 80);
        bumpPrimaryParcels();
        assertThat(tileFeatures()).as("a newer version in the URL: the primary draws").isEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthShowsEachStandbyWithItsStateAndTheAwayOneTakesNoReads() {
        Map<String, Object> body = RestClient.create("http://localhost:" + port).get().uri("/actuator/health/replicas")
                .headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(Map.class);
        assertThat(body).containsEntry("status", "UP");
        Map<String, Object> details = (Map<String, Object>) body.get("details");
        Map<String, Object> standin = (Map<String, Object>) details.get("replica0");
        Map<String, Object> away = (Map<String, Object>) details.get("replica1");
        assertThat(standin).containsEntry("state", "serving").containsEntry("lagBytes", 0)
                .containsEntry("inRecovery", false);
        assertThat(away).containsEntry("state", "unreachable");
        assertThat(body.toString()).doesNotContain(System.getenv("INFILL_DB_PASSWORD"));
        assertThat(replicas.serving()).extracting(ReadReplicas.Replica::index).containsExactly(0);
    }
}
