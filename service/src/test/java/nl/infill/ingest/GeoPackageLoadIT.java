package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.assertUnchanged;
import static nl.infill.ingest.IngestFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.sf.GeometryType;
import nl.infill.ingest.bench.GpkgWriter;
import nl.infill.layers.Layer;
import nl.infill.system.DomainException;
import nl.infill.system.schema.OwnerDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** GeoPackage loading and the sample-city bootstrap, on GeoPackages written here with NGA. */
@SpringBootTest
class GeoPackageLoadIT {

    @Autowired
    Loader loader;
    @Autowired
    SampleCityBootstrap bootstrap;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private static byte[] wkb(String wkt) throws Exception {
        return new WKBWriter(2).write(new WKTReader().read(wkt));
    }

    /** A sample-city-like GeoPackage: parcels, buildings, amenities and streets named by layer id. */
    private Path city() throws Exception {
        Path f = dir.resolve("city.gpkg");
        try (GpkgWriter w = new GpkgWriter(f)) {
            Map<String, GeoPackageDataType> parcelCols = new LinkedHashMap<>();
            parcelCols.put("source_id", GeoPackageDataType.TEXT);
            parcelCols.put("municipality", GeoPackageDataType.TEXT);
            parcelCols.put("area_m2", GeoPackageDataType.DOUBLE);
            w.table("parcels", GeometryType.MULTIPOLYGON, 28992, parcelCols);
            try (var rows = w.rows("parcels", List.of("source_id", "municipality", "area_m2"))) {
                rows.add(wkb("MULTIPOLYGON(((94000 451000, 94020 451000, 94020 451020, 94000 451020, 94000 451000)))"), "P1", "GM0637", 400.0);
                rows.add(wkb("MULTIPOLYGON(((94020 451000, 94040 451000, 94040 451020, 94020 451020, 94020 451000)))"), "P2", "GM0637", null);
            }
            Map<String, GeoPackageDataType> bcols = new LinkedHashMap<>();
            bcols.put("source_id", GeoPackageDataType.TEXT);
            bcols.put("construction_year", GeoPackageDataType.INTEGER);
            bcols.put("use", GeoPackageDataType.TEXT);
            bcols.put("storeys", GeoPackageDataType.INTEGER);
            bcols.put("monument", GeoPackageDataType.BOOLEAN);
            w.table("buildings", GeometryType.MULTIPOLYGON, 28992, bcols);
            try (var rows = w.rows("buildings", List.of("source_id", "construction_year", "use", "storeys", "monument"))) {
                rows.add(wkb("MULTIPOLYGON(((94002 451002, 94012 451002, 94012 451012, 94002 451012, 94002 451002)))"), "B1", 1972, "wonen", 4, 0);
            }
            Map<String, GeoPackageDataType> acols = new LinkedHashMap<>();
            acols.put("type", GeoPackageDataType.TEXT);
            acols.put("name", GeoPackageDataType.TEXT);
            w.table("amenities", GeometryType.POINT, 28992, acols);
            try (var rows = w.rows("amenities", List.of("type", "name"))) {
                rows.add(wkb("POINT(94030 451030)"), "supermarket", "Jumbo");
            }
            Map<String, GeoPackageDataType> scols = new LinkedHashMap<>();
            scols.put("class", GeoPackageDataType.TEXT);
            scols.put("walkable", GeoPackageDataType.BOOLEAN);
            w.table("streets", GeometryType.LINESTRING, 28992, scols);
            try (var rows = w.rows("streets", List.of("class", "walkable"))) {
                rows.add(wkb("LINESTRING(94000 450990, 94100 450990)"), "minor", 1);
            }
        }
        return f;
    }

    @Test
    void sampleCityBootstrapLoadsEveryLayerTableIntoAnEmptyCityAndNothingOnceParcelsExist() throws Exception {
        jdbc.sql("DELETE FROM parcel").update();
        Path gpkg = city();
        List<LoadReport> reports = bootstrap.bootstrap(gpkg);
        // buildings, amenities, streets first, parcels last
        assertThat(reports).extracting(LoadReport::layer).containsExactly("buildings", "amenities", "streets", "parcels");
        assertThat(reports).allSatisfy(r -> assertThat(r.status()).isEqualTo("succeeded"));
        // P2 has no area: the planar area of its 20 x 20 square, 400 m2
        assertThat(jdbc.sql("SELECT area_m2 FROM parcel WHERE source_id = 'P2'").query(Double.class).single()).isEqualTo(400.0);
        assertThat(jdbc.sql("SELECT construction_year || '/' || use || '/' || storeys || '/' || monument FROM building")
                .query(String.class).single()).isEqualTo("1972/wonen/4/false");
        assertThat(IngestFixtures.amenityTypes(jdbc)).containsExactly("supermarket");

        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.PARCELS);
        assertThat(bootstrap.bootstrap(gpkg)).isEmpty();
        assertUnchanged(jdbc, Layer.PARCELS, before);
    }

    @Test
    void aLoadLeavesPlannerStatisticsOnItsRowsIncludingTheParallelCriteriaStripeExpression() throws Exception {
        Path gpkg = city();
        loader.load(new LoadRequest("parcels", gpkg, "city.gpkg", null, null, null, "parcels"));
        // the stripe filter of CriteriaChunks, planned on these rows (V400), with no autovacuum in
        // between; expression statistics are shown to the table's owner only
        String centres;
        try (Connection owner = DriverManager.getConnection(OwnerDatabase.URL, OwnerDatabase.USER, OwnerDatabase.PASSWORD);
             ResultSet rs = owner.createStatement().executeQuery("""
                     SELECT concat(most_common_vals::text, histogram_bounds::text) FROM pg_stats_ext_exprs
                      WHERE tablename = 'parcel' AND statistics_name = 'parcel_centre_x'""")) {
            centres = rs.next() ? rs.getString(1) : null;
        }
        assertThat(centres).isEqualTo("{94010,94030}");
        Long analysed = jdbc.sql("SELECT reltuples::bigint FROM pg_class WHERE oid = 'parcel'::regclass")
                .query(Long.class).single();
        assertThat(analysed).as("rows the planner counts").isEqualTo(2L);
    }

    @Test
    void tableIsChosenByNameAndAWrongTableTypeFailsTheLoad() throws Exception {
        Path gpkg = city();
        LoadReport r = loader.load(new LoadRequest("amenities", gpkg, "city.gpkg", null, null, null, "amenities"));
        assertThat(r.table()).isEqualTo("amenities");
        assertThat(r.crs()).isEqualTo("EPSG:28992");
        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.BUILDINGS);
        DomainException wrongType = catchThrowableOfType(DomainException.class,
                () -> loader.load(new LoadRequest("buildings", gpkg, "city.gpkg", null, null, null, "streets")));
        assertThat(wrongType.where()).isEqualTo("table streets");
        assertThat(wrongType.getMessage()).contains("LineString");
        DomainException noTable = catchThrowableOfType(DomainException.class,
                () -> loader.load(new LoadRequest("buildings", gpkg, "city.gpkg", null, null, null, "castles")));
        assertThat(noTable.where()).isEqualTo("table");
        assertThat(noTable.getMessage()).contains("parcels, buildings, amenities, streets");
        DomainException several = catchThrowableOfType(DomainException.class,
                () -> loader.load(new LoadRequest("buildings", gpkg, "city.gpkg", null, null, null, null)));
        assertThat(several.getMessage()).contains("several feature tables");
        assertUnchanged(jdbc, Layer.BUILDINGS, before);
    }

    @Test
    void requiredColumnMissingFromTheGeoPackageSchemaFailsBeforeReading() throws Exception {
        Path f = dir.resolve("zoning.gpkg");
        try (GpkgWriter w = new GpkgWriter(f)) {
            w.table("zoning", GeometryType.MULTIPOLYGON, 28992, Map.of("bestemming", GeoPackageDataType.TEXT));
            try (var rows = w.rows("zoning", List.of("bestemming"))) {
                rows.add(wkb("MULTIPOLYGON(((94000 451000, 94020 451000, 94020 451020, 94000 451020, 94000 451000)))"), "wonen");
            }
        }
        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.ZONING);
        DomainException p = catchThrowableOfType(DomainException.class,
                () -> loader.load(new LoadRequest("zoning", f, "zoning.gpkg", null, null, null, null)));
        assertThat(p.where()).isEqualTo("table zoning");
        assertThat(p.extra()).containsEntry("attribute", "function");
        assertUnchanged(jdbc, Layer.ZONING, before);
    }
}
