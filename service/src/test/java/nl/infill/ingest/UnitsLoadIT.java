package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.collection;
import static nl.infill.ingest.IngestFixtures.point;
import static nl.infill.ingest.IngestFixtures.rdCrs;
import static nl.infill.ingest.IngestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.sf.GeometryType;
import nl.infill.ingest.bench.GpkgWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The units layer (BAG verblijfsobjecten) through presets {@code bag-verblijfsobject} and
 * {@code pdok-bag-verblijfsobject}. No real verblijfsobject file is in ../shared, so the fixture is
 * written here after the BAG 2.0 schema as GDAL's LVBAG driver exports it (identificatie with its
 * NL.IMBAG. namespace, status, gebruiksdoel, oppervlakte, pandRef, validity dates) and after PDOK's
 * OGC API schema (pand_identificatie, no history): realistic records of a Doesburg pand, not real ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnitsLoadIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    Loader loader;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private static String vbo(String id, String status, String gebruiksdoel, Integer m2, String pand, String eind) {
        return "{\"identificatie\":\"NL.IMBAG.Verblijfsobject." + id + "\",\"status\":\"" + status + "\","
                + "\"gebruiksdoel\":" + JSON.writeValueAsString(gebruiksdoel) + ",\"oppervlakte\":" + m2 + ","
                + "\"pandRef\":\"NL.IMBAG.Pand." + pand + "\",\"geconstateerd\":false,\"documentDatum\":\"2011-09-06\","
                + "\"documentNummer\":\"2011-0815\",\"voorkomenIdentificatie\":" + (eind == null ? 2 : 1) + ","
                + "\"beginGeldigheid\":\"2011-09-06\",\"eindGeldigheid\":" + (eind == null ? "null" : "\"" + eind + "\"") + "}";
    }

    @Test
    void bagVerblijfsobjectenLoadAsCurrentUnitsWithSixteenDigitIdsAndInfillUses() {
        String pand = "0221100000311191";
        Path f = write(dir, "verblijfsobject.geojson", collection(rdCrs(),
                // a home, and its earlier record (history: eindGeldigheid set)
                point(201100.5, 447200.5, vbo("0221010000300001", "Verblijfsobject in gebruik", "woonfunctie", 84, pand, null)),
                point(201100.5, 447200.5, vbo("0221010000300001", "Verblijfsobject in gebruik", "woonfunctie", 79, pand, "2011-09-06")),
                // a home with an office, as a list in text and as GDAL's JSON array of a string list
                point(201104.0, 447203.0, vbo("0221010000300002", "Verblijfsobject in gebruik", "woonfunctie,kantoorfunctie", 120, pand, null)),
                point(201106.0, 447205.0, vbo("0221010000300003", "Verbouwing verblijfsobject", "[\"winkelfunctie\",\"woonfunctie\"]", 60, pand, null)),
                // planned, never built: not a unit
                point(201108.0, 447207.0, vbo("0221010000300004", "Verblijfsobject gevormd", "woonfunctie", 95, pand, null)),
                point(201109.0, 447208.0, vbo("0221010000300005", "Niet gerealiseerd verblijfsobject", "woonfunctie", 95, pand, null))));
        LoadReport r = loader.load(new LoadRequest("units", f, "verblijfsobject.geojson", "bag-verblijfsobject", null, null, null));
        assertThat(r.read()).isEqualTo(6);
        assertThat(r.filtered()).isEqualTo(3);
        assertThat(r.loaded()).isEqualTo(3);
        Map<String, String> uses = new java.util.HashMap<>();
        jdbc.sql("SELECT source_id, use FROM building_unit WHERE load_id = :id").param("id", r.id())
                .query((rs, i) -> uses.put(rs.getString(1), rs.getString(2))).list();
        assertThat(uses).containsOnly(Map.entry("0221010000300001", "wonen"), Map.entry("0221010000300002", "wonen,kantoor"),
                Map.entry("0221010000300003", "winkel,wonen"));
        Map<String, Object> sum = jdbc.sql("SELECT sum(usable_area_m2) AS m2, count(DISTINCT building_source_id) AS panden, "
                + "min(building_source_id) AS pand FROM building_unit WHERE load_id = :id").param("id", r.id()).query().singleRow();
        // 84 (the current record, not 79) + 120 + 60
        assertThat(((Number) sum.get("m2")).doubleValue()).isEqualTo(264.0);
        assertThat(sum).containsEntry("pand", pand);

        // the layer is served like every other: catalogue, OGC API collection and its items
        RestClient http = RestClient.create("http://localhost:" + port);
        JsonNode items = JSON.readTree(http.get().uri("/ogc/collections/units/items?limit=10").retrieve().body(String.class));
        assertThat(items.path("features").size()).isEqualTo(3);
        JsonNode layers = JSON.readTree(http.get().uri("/api/layers").retrieve().body(String.class));
        assertThat(layers.findValues("id").stream().map(JsonNode::asString).toList()).contains("units");
        int tile = http.get().uri("/tiles/units.json").exchange((req, res) -> res.getStatusCode().value());
        assertThat(tile).isEqualTo(200);
    }

    @Test
    void bagVerblijfsobjectGeoPackageAsGdalWritesItLoadsWithListsAsJsonArrays() throws Exception {
        // table verblijfsobject with GDAL LVBAG's columns; gebruiksdoel and pandRef are string lists,
        // which GDAL writes to a GeoPackage as JSON arrays
        Path f = dir.resolve("bag_verblijfsobject.gpkg");
        Map<String, GeoPackageDataType> cols = new LinkedHashMap<>();
        for (String c : List.of("identificatie", "status", "gebruiksdoel", "pandRef", "beginGeldigheid", "eindGeldigheid")) {
            cols.put(c, GeoPackageDataType.TEXT);
        }
        cols.put("oppervlakte", GeoPackageDataType.INTEGER);
        List<String> names = List.of("identificatie", "status", "gebruiksdoel", "pandRef", "beginGeldigheid", "eindGeldigheid",
                "oppervlakte");
        try (GpkgWriter w = new GpkgWriter(f)) {
            w.table("verblijfsobject", GeometryType.POINT, 28992, cols);
            try (var rows = w.rows("verblijfsobject", names)) {
                rows.add(pointWkb(201100.5, 447200.5), "NL.IMBAG.Verblijfsobject.0221010000300001", "Verblijfsobject in gebruik",
                        "[\"woonfunctie\"]", "[\"NL.IMBAG.Pand.0221100000311191\"]", "2011-09-06", null, 84);
                rows.add(pointWkb(201104.0, 447203.0), "NL.IMBAG.Verblijfsobject.0221010000300002", "Verblijfsobject in gebruik",
                        "[\"kantoorfunctie\",\"woonfunctie\"]", "[\"NL.IMBAG.Pand.0221100000311191\"]", "2011-09-06", null, 120);
                rows.add(pointWkb(201104.0, 447203.0), "NL.IMBAG.Verblijfsobject.0221010000300002", "Verblijfsobject in gebruik",
                        "[\"kantoorfunctie\"]", "[\"NL.IMBAG.Pand.0221100000311191\"]", "2005-01-01", "2011-09-06", 120);
            }
        }
        LoadReport r = loader.load(new LoadRequest("units", f, "bag_verblijfsobject.gpkg", "bag-verblijfsobject", null, null, null));
        assertThat(r.table()).isEqualTo("verblijfsobject");
        assertThat(r.loaded()).isEqualTo(2);
        assertThat(r.filtered()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT string_agg(source_id || ':' || building_source_id || ':' || use || ':' || usable_area_m2, '|' "
                + "ORDER BY source_id) FROM building_unit WHERE load_id = :id").param("id", r.id()).query(String.class).single())
                .isEqualTo("0221010000300001:0221100000311191:wonen:84|0221010000300002:0221100000311191:kantoor,wonen:120");
    }

    private static byte[] pointWkb(double x, double y) throws Exception {
        return new WKBWriter(2).write(new WKTReader().read("POINT(" + x + " " + y + ")"));
    }

    @Test
    void pdokVerblijfsobjectPropertiesLoadThroughTheirOwnPreset() {
        Path f = write(dir, "pdok-vbo.geojson", collection(rdCrs(),
                point(201100.5, 447200.5, "{\"identificatie\":\"0221010000300001\",\"oppervlakte\":84,\"status\":"
                        + "\"Verblijfsobject in gebruik\",\"gebruiksdoel\":\"woonfunctie\",\"pand_identificatie\":\"0221100000311191\"}"),
                point(201104.0, 447203.0, "{\"identificatie\":\"0221010000300002\",\"oppervlakte\":120,\"status\":"
                        + "\"Verblijfsobject in gebruik\",\"gebruiksdoel\":\"woonfunctie,kantoorfunctie\",\"pand_identificatie\":\"0221100000311191\"}"),
                point(201108.0, 447207.0, "{\"identificatie\":\"0221010000300004\",\"oppervlakte\":95,\"status\":"
                        + "\"Verblijfsobject ingetrokken\",\"gebruiksdoel\":\"woonfunctie\",\"pand_identificatie\":\"0221100000311191\"}")));
        LoadReport r = loader.load(new LoadRequest("units", f, "pdok-vbo.geojson", "pdok-bag-verblijfsobject", null, null, null));
        assertThat(r.loaded()).isEqualTo(2);
        assertThat(r.filtered()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT string_agg(use, '|' ORDER BY source_id) FROM building_unit WHERE load_id = :id")
                .param("id", r.id()).query(String.class).single()).isEqualTo("wonen|wonen,kantoor");
    }
}
