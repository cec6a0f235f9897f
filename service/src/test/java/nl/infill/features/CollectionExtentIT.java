package nl.infill.features;

import static nl.infill.features.FeaturesFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import nl.infill.ingest.LayerLoaded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The extent on /ogc/collections is kept per data version instead of computed per request. The
 * fixture grid ends at RD x 150998 (lon about 5.33); a parcel at RD 160000 463000 lies at lon
 * 5.46 (PostGIS: ST_Transform of RD (160000, 463000) is 5.4603 E, 52.1557 N).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CollectionExtentIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    @BeforeEach
    void grid() {
        FeaturesFixture.load(jdbc);
    }

    @AfterEach
    void gridAsOtherTestsExpectIt() {
        FeaturesFixture.load(jdbc);
    }

    @Test
    void extentIsKeptPerLayerVersionAndFollowsTheNextLoad() {
        assertThat(maxLon("/ogc/collections/parcels")).isBetween(5.32, 5.34);
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                VALUES ('far-east', 'GM0637', 100, ST_Multi(ST_MakeEnvelope(160000, 463000, 160010, 463010, 28992)))
                """).update();
        // Without a new layer version the extent is the one computed for the current version.
        assertThat(maxLon("/ogc/collections/parcels")).isBetween(5.32, 5.34);
        assertThat(maxLon("/ogc/collections", "parcels")).isBetween(5.32, 5.34);
        // A load bumps the version (another instance or psql: no event reaches this one).
        bumpParcels();
        assertThat(maxLon("/ogc/collections/parcels")).isBetween(5.46, 5.47);
        assertThat(maxLon("/ogc/collections", "parcels")).isBetween(5.46, 5.47);
        assertThat(maxLon("/ogc/collections/results-" + FeaturesFixture.SCENARIO)).isBetween(5.32, 5.34);
    }

    @Test
    void loadEventOfThisInstanceDropsTheKeptExtentOfTheLayerAndItsResults() {
        assertThat(maxLon("/ogc/collections/results-" + FeaturesFixture.SCENARIO)).isBetween(5.32, 5.34);
        jdbc.sql("UPDATE parcel SET geom = ST_Translate(geom, 10000, 0) WHERE source_id = 'P49'").update();
        long version = bumpParcels();
        events.publishEvent(new LayerLoaded("parcels", 0, version));
        // P49 (the grid's east column) moved 10 km east: lon about 5.47.
        assertThat(maxLon("/ogc/collections/parcels")).isBetween(5.46, 5.48);
        assertThat(maxLon("/ogc/collections/results-" + FeaturesFixture.SCENARIO)).isBetween(5.46, 5.48);
    }

    private long bumpParcels() {
        return jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels' RETURNING version")
                .query(Long.class).single();
    }

    private double maxLon(String path) {
        return bbox(get(port, path).json()).get(2).asDouble();
    }

    private double maxLon(String path, String collection) {
        for (JsonNode c : get(port, path).json().get("collections")) {
            if (c.get("id").asString().equals(collection)) {
                return bbox(c).get(2).asDouble();
            }
        }
        throw new AssertionError("no collection " + collection);
    }

    private static JsonNode bbox(JsonNode collection) {
        return collection.get("extent").get("spatial").get("bbox").get(0);
    }
}
