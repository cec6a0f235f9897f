package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.sharedData;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each preset on the real files in ../shared/data (skipped with a message when absent). */
@SpringBootTest
class RealFilePresetsIT {

    @Autowired
    Loader loader;
    @Autowired
    JdbcClient jdbc;

    private LoadReport load(String layer, Path file, String preset) {
        return loader.load(new LoadRequest(layer, file, file.getFileName().toString(), preset, null, null, null));
    }

    @Test
    void osmBuildingsLoadAllFootprintsRepairingTheSelfIntersectingAndReducingTheCollections() {
        Path gpkg = sharedData("zoetermeer/osm_zoetermeer_2021_rd.gpkg");
        LoadReport r = load("buildings", gpkg, "osm-buildings");
        // SOURCES.md: 57,607 footprints, 182 GeometryCollections, 4 self-intersecting; all usable.
        assertThat(r.table()).isEqualTo("building");
        assertThat(r.read()).isEqualTo(57_607);
        assertThat(r.rejected()).isZero();
        assertThat(r.loaded()).isEqualTo(57_607);
        assertThat(r.reduced()).isEqualTo(182);
        assertThat(r.repaired()).isEqualTo(4);
        assertThat(r.crs()).isEqualTo("EPSG:28992");
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE load_id = :id AND ST_IsValid(geom)")
                .param("id", r.id()).query(Long.class).single()).isEqualTo(57_607L);
    }

    @Test
    void osmPoiMapsSubclassesToAmenityTypes() {
        Path gpkg = sharedData("zoetermeer/osm_zoetermeer_2021_rd.gpkg");
        LoadReport r = load("amenities", gpkg, "osm-poi");
        // 2,279 POIs, each a single-point MultiPoint in this file, so one amenity each.
        assertThat(r.read()).isEqualTo(2_279);
        assertThat(r.loaded()).isEqualTo(2_279);
        Map<String, Long> byType = new java.util.HashMap<>();
        jdbc.sql("SELECT type, count(*) AS n FROM amenity GROUP BY type").query()
                .listOfRows().forEach(row -> byType.put((String) row.get("type"), ((Number) row.get("n")).longValue()));
        // supermarket: grocery/supermarket 25; gp: doctors 14; pharmacy 11; primary_school: school 75;
        // pt_stop: bus_station 1; community_care: community_centre 14 + clinic 5 + nursing_home 1 = 20.
        assertThat(byType).containsEntry("supermarket", 25L).containsEntry("gp", 14L).containsEntry("pharmacy", 11L)
                .containsEntry("primary_school", 75L).containsEntry("pt_stop", 1L).containsEntry("community_care", 20L);
        assertThat(byType.get("other")).isEqualTo(2_279L - 25 - 14 - 11 - 75 - 1 - 20);
    }

    @Test
    void osmTransportationSplitsMultiLinesAndMarksWhatIsWalkable() {
        Path gpkg = sharedData("zoetermeer/osm_zoetermeer_2021_rd.gpkg");
        LoadReport r = load("streets", gpkg, "osm-transportation");
        assertThat(r.read()).isEqualTo(18_034);
        // 3 piers are drawn as areas (MultiPolygon) in this MULTILINESTRING table: rejected, listed
        assertThat(r.rejected()).isEqualTo(3);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.reason()).contains("MultiPolygon"));
        // multi-lines are split into their parts: at least one row per usable feature
        assertThat(r.loaded()).isGreaterThanOrEqualTo(18_031);
        assertThat(jdbc.sql("SELECT bool_and(walkable) FROM street WHERE class IN ('path','minor','tertiary','secondary','primary','pedestrian','service','track','busway','platform')")
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT bool_or(walkable) FROM street WHERE class IN ('motorway','rail','light_rail')")
                .query(Boolean.class).single()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM street WHERE GeometryType(geom) <> 'LINESTRING'").query(Long.class).single()).isZero();
    }

    @Test
    void cbsWijkenHonourTheCrsMemberAndCarryTheKeyFigures() {
        Path json = sharedData("zoetermeer/cbs_wijken_2022_rd.geojson");
        LoadReport r = load("neighbourhoods", json, "cbs-wijken");
        assertThat(r.crs()).isEqualTo("EPSG:28992");
        assertThat(r.loaded()).isEqualTo(9);
        Map<String, Object> centrum = jdbc.sql("SELECT population, pop_65plus_pct, dwellings, year, municipality, "
                + "ST_XMin(geom) AS minx FROM neighbourhood WHERE code = 'WK063700'").query().singleRow();
        // Centrum: population 21095, 65+ 24 %, dwelling_total 11553 (first feature of the file)
        assertThat(centrum).containsEntry("population", 21095).containsEntry("pop_65plus_pct", 24.0)
                .containsEntry("dwellings", 11553).containsEntry("year", 2022).containsEntry("municipality", "GM0637");
        // RD metres, not degrees: the westmost vertex of Centrum is x 92466
        assertThat((Double) centrum.get("minx")).isEqualTo(92466.0);
        // Zoetermeer 2022 has 125,767 inhabitants; CBS rounds each wijk's count, so the 9 add to 125,770
        assertThat(jdbc.sql("SELECT sum(population) FROM neighbourhood").query(Long.class).single()).isEqualTo(125_770L);
    }

    @Test
    void bagPandLoadsOnlyCurrentStandingRecordsWithSixteenDigitIdsAndPlaceholderYearsAsUnknown() throws Exception {
        Path gpkg = sharedData("bag-doesburg/bag_pand_0221_2020_rd.gpkg");
        LoadReport r = load("buildings", gpkg, "bag-pand");
        // 13,098 records with history, 7,797 current (no eindGeldigheid); of those 12 'Niet gerealiseerd
        // pand', 389 'Pand gesloopt', 1 'Pand ten onrechte opgevoerd' and 168 'Bouwvergunning verleend'
        // (not built yet) are left out: 7,227 standing (sqlite3 on the file, and ogrinfo below)
        assertThat(r.read()).isEqualTo(13_098);
        assertThat(r.filtered()).isEqualTo(13_098 - 7_227);
        assertThat(r.loaded()).isEqualTo(7_227);
        assertThat(r.rejected()).isZero();
        if (Gdal.available()) {
            var ogr = Gdal.sql(gpkg, "SELECT count(*) AS n FROM pand WHERE eindGeldigheid IS NULL AND status NOT IN "
                    + "('Pand gesloopt', 'Niet gerealiseerd pand', 'Pand ten onrechte opgevoerd', 'Bouwvergunning verleend')");
            assertThat(Long.parseLong(ogr.get("n"))).isEqualTo(r.loaded());
        }
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE construction_year = 9999").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(DISTINCT source_id) FROM building").query(Long.class).single()).isEqualTo(7_227L);
        // NL.IMBAG.Pand.0221100000311191 -> 0221100000311191
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE source_id !~ '^[0-9]{16}$'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE source_id = '0221100000311191'").query(Long.class).single())
                .isEqualTo(1L);
    }
}
