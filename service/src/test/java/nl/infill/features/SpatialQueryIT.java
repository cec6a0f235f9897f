package nl.infill.features;

import static nl.infill.features.FeaturesFixture.get;
import static nl.infill.features.FeaturesFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** Intersects, within and nearest on the fixture grid, with summaries worked out by hand. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpatialQueryIT {

    /** RD box 150000..150050 x 460000..460030: grid columns 0-2, rows 0-1, so parcels 0, 1, 2, 50, 51, 52. */
    private static final String BOX_RD = "{\"type\":\"Polygon\",\"coordinates\":[[[150000,460000],[150050,460000],"
            + "[150050,460030],[150000,460030],[150000,460000]]]}";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static boolean loaded;

    @BeforeEach
    void data() {
        if (!loaded) {
            FeaturesFixture.load(jdbc);
            loaded = true;
        }
    }

    @Test
    void intersectingResultsAreSummedOverTheWholeMatchNotOnlyThePage() {
        var r = post(port, "/api/query/intersects",
                "{\"geometry\":" + BOX_RD + ",\"crs\":\"EPSG:28992\",\"scenario\":\"ftest\",\"limit\":2}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("numberReturned").asInt()).isEqualTo(2);
        JsonNode s = body.get("summary");
        // Parcels 0, 1, 2, 50, 51, 52: capacity 10 (i mod 10) = 0+10+20+0+10+20 = 60 m2;
        // dwellings (i mod 10)/2 = 0+.5+1+0+.5+1 = 3; 0 and 51 are excluded (i mod 17 = 0), so the
        // mean score is over 1, 2, 50, 52 = 105 / 4 = 26.25; classes 1 + (i mod 5): 2, 3, 1, 3.
        assertThat(s.get("count").asLong()).isEqualTo(6);
        assertThat(s.get("capacityM2").asDouble()).isCloseTo(60.0, within(1e-9));
        assertThat(s.get("dwellings").asDouble()).isCloseTo(3.0, within(1e-9));
        assertThat(s.get("meanScore").asDouble()).isCloseTo(26.25, within(1e-9));
        JsonNode classes = s.get("parcelsPerClass");
        assertThat(List.of(classes.get("1").asInt(), classes.get("2").asInt(), classes.get("3").asInt(),
                classes.get("4").asInt(), classes.get("5").asInt())).containsExactly(1, 1, 2, 0, 0);
    }

    @Test
    void intersectsInCrs84FindsTheSameParcelsAsInRd() {
        // The RD box above, its corners projected to CRS84 by PostGIS and shrunk 1 m inward so the
        // projection's curvature cannot reach a neighbour.
        JsonNode corners = jdbc.sql("SELECT ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(150001, 460001, 150049, 460029, 28992), 4326), 9)")
                .query(String.class).optional().map(FeaturesFixture.JSON::readTree).orElseThrow();
        var r = post(port, "/api/query/intersects", "{\"geometry\":" + corners + ",\"crs\":\"EPSG:4326\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(sources(r.json())).containsExactlyInAnyOrder("P0", "P1", "P2", "P50", "P51", "P52");
        // Without a scenario there are no capacity figures, only the count.
        assertThat(r.json().get("summary").get("count").asLong()).isEqualTo(6);
        assertThat(r.json().get("summary").get("capacityM2").isNull()).isTrue();
    }

    @Test
    void withinADistanceCountsParcelsByTheirNearestEdge() {
        // From the centre of parcel 0 (150009, 460009): parcels 1 and 50 start 11 m away, parcel 51
        // is 11 m away on both axes, so sqrt(242) = 15.6 m.
        var five = get(port, "/api/query/within?x=150009&y=460009&distance=5&crs=EPSG:28992");
        assertThat(sources(five.json())).containsExactly("P0");
        var twelve = get(port, "/api/query/within?x=150009&y=460009&distance=12&crs=EPSG:28992&scenario=ftest");
        assertThat(sources(twelve.json())).containsExactly("P0", "P1", "P50");
        // 0 + 10 + 0 = 10 m2 capacity.
        assertThat(twelve.json().get("summary").get("capacityM2").asDouble()).isEqualTo(10.0);
        var sixteen = get(port, "/api/query/within?x=150009&y=460009&distance=16&crs=EPSG:28992");
        assertThat(sixteen.json().get("summary").get("count").asLong()).isEqualTo(4);
    }

    @Test
    void nearestReturnsTheKClosestNearestFirst() {
        var r = get(port, "/api/query/nearest?x=150009&y=460009&k=3&crs=EPSG:28992&scenario=ftest");
        assertThat(r.status()).isEqualTo(200);
        List<String> s = sources(r.json());
        assertThat(s.get(0)).isEqualTo("P0");
        assertThat(s).containsExactlyInAnyOrder("P0", "P1", "P50");
        assertThat(r.json().get("summary").get("count").asLong()).isEqualTo(3);
        // The same point in CRS84 (projected by PostGIS) finds the same parcel first.
        JsonNode p = FeaturesFixture.JSON.readTree(jdbc.sql(
                "SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_MakePoint(150009, 460009), 28992), 4326), 9)")
                .query(String.class).single()).get("coordinates");
        var lonLat = get(port, "/api/query/nearest?x=" + p.get(0).asDouble() + "&y=" + p.get(1).asDouble() + "&k=1");
        assertThat(sources(lonLat.json())).containsExactly("P0");
    }

    private static List<String> sources(JsonNode fc) {
        List<String> out = new ArrayList<>();
        fc.get("features").forEach(f -> out.add(f.get("properties").get("source_id").asString()));
        return out;
    }
}
