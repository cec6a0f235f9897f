package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.sharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The PDOK presets on real data: the shared BRK, BAG and CBS files, turned by GDAL into the
 * pages PDOK's OGC APIs serve (their collection ids and property names, see docs/ingest.md), are
 * harvested from a local server; counts and areas are checked against what {@code ogrinfo} says
 * of the same files. Skipped with a message when ../shared/data or GDAL is absent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {HarvestApi.HOSTS,
        HarvestApi.PRIVATE, HarvestApi.PAGES, HarvestApi.FEATURES, HarvestApi.READ_TIMEOUT, HarvestApi.PAGE_BYTES,
        HarvestApi.PROGRESS})
class PdokPresetsIT {

    private static final Pattern OGR_VALUE = Pattern.compile("^\\s+(\\w+) \\(\\w+\\) = (.*)$");

    @Autowired
    Loader loader;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private FakeOgcApi fake;

    @BeforeEach
    void start() throws Exception {
        assumeThat(gdal()).as("GDAL (ogr2ogr, ogrinfo) is needed to turn the shared files into PDOK pages").isTrue();
        fake = new FakeOgcApi();
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void brkPercelenFromTheKadastraleKaartCarryTheirDesignationAndRegisteredArea() throws Exception {
        Path gml = sharedData("brk-sample/kadastralekaart_perceel.gml");
        Path gfs = Path.of(getClass().getResource("/harvest/brk-perceel-polygon.gfs").toURI());
        List<String> features = features(gml, List.of("-oo", "GFS_TEMPLATE=" + gfs), f -> { });
        Map<String, String> ogr = ogrSql(gml, List.of("-oo", "GFS_TEMPLATE=" + gfs), "SELECT count(*) AS n, "
                + "sum(kadastrale_grootte_waarde) AS registered, sum(ST_Area(begrenzingPerceel)) AS area FROM Perceel");
        fake.collection("perceel", true, fake.pages(features, 1000, false));

        LoadReport r = harvest("parcels", "perceel", "pdok-brk-perceel", 5);

        assertThat(r.read()).isEqualTo(Integer.parseInt(ogr.get("n"))).isEqualTo(11);
        assertThat(r.loaded()).isEqualTo(11);
        assertThat(r.harvest().pages()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT source_id FROM parcel ORDER BY source_id").query(String.class).list())
                .contains("OTL02 B 2298", "OTL02 B 2299").allMatch(id -> id.matches("OTL02 B \\d+"));
        assertThat(jdbc.sql("SELECT sum(area_m2) FROM parcel").query(Double.class).single())
                .isEqualTo(Double.parseDouble(ogr.get("registered")));
        assertThat(jdbc.sql("SELECT sum(ST_Area(geom)) FROM parcel").query(Double.class).single())
                .isCloseTo(Double.parseDouble(ogr.get("area")), Offset.offset(0.01));
    }

    @Test
    void bagPandenOfDoesburgLoadTheStandingOnesWithTheirConstructionYears() throws Exception {
        Path gpkg = sharedData("bag-doesburg/bag_pand_0221_2020_rd.gpkg");
        // PDOK serves the current record of each pand (the extract's records without an end of
        // validity), its identificatie as the 16 digits without the extract's NL.IMBAG.Pand. prefix
        List<String> features = features(gpkg, List.of("-where", "eindGeldigheid IS NULL",
                "-select", "identificatie,oorspronkelijkBouwjaar,status", "pand"), f -> {
            ObjectNode p = (ObjectNode) f.get("properties");
            p.set("bouwjaar", p.remove("oorspronkelijkBouwjaar"));
            p.put("identificatie", p.get("identificatie").asString().replace("NL.IMBAG.Pand.", ""));
        });
        String standing = "status NOT IN ('Pand gesloopt', 'Niet gerealiseerd pand', 'Pand ten onrechte opgevoerd', "
                + "'Bouwvergunning verleend')";
        Map<String, String> all = ogrSql(gpkg, List.of(), "SELECT count(*) AS n FROM pand WHERE eindGeldigheid IS NULL");
        Map<String, String> ogr = ogrSql(gpkg, List.of(), "SELECT count(*) AS n, sum(ST_Area(geom)) AS area, "
                + "sum(CASE WHEN oorspronkelijkBouwjaar = 9999 THEN 1 ELSE 0 END) AS unknown_year FROM pand "
                + "WHERE eindGeldigheid IS NULL AND " + standing);
        fake.collection("pand", true, fake.pages(features, 1000, false));

        LoadReport r = harvest("buildings", "pand", "pdok-bag-pand", 1000);

        long expected = Long.parseLong(ogr.get("n"));
        assertThat(r.read()).isEqualTo(Integer.parseInt(all.get("n"))).isEqualTo(7_797);
        assertThat(r.filtered()).as("demolished, never built, wrongly registered, not yet built").isEqualTo(7_797 - expected);
        assertThat(r.loaded() + r.rejected()).isEqualTo(expected).isEqualTo(7_227);
        assertThat(r.rejected()).isZero();
        assertThat(r.harvest().pages()).isEqualTo(8);
        assertThat(jdbc.sql("SELECT sum(ST_Area(geom)) FROM building").query(Double.class).single())
                .isCloseTo(Double.parseDouble(ogr.get("area")), Offset.offset(1.0));
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE construction_year IS NULL").query(Long.class).single())
                .isEqualTo(Long.parseLong(ogr.get("unknown_year")));
        // 16-digit BAG ids; two panden on the border were registered by neighbouring municipalities
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE source_id !~ '^\\d{16}$'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE source_id LIKE '0221%'").query(Long.class).single())
                .isEqualTo(7_227L - 2);
    }

    @Test
    void cbsWijkenOfZoetermeerComeWithTheirFiguresFromALonLatOnlyServer() throws Exception {
        Path geojson = sharedData("zoetermeer/cbs_wijken_2022_rd.geojson");
        Map<String, String> names = Map.of("code", "wijkcode", "name", "wijknaam", "population", "aantal_inwoners",
                "pop_0_14", "percentage_personen_0_tot_15_jaar", "pop_15_24", "percentage_personen_15_tot_25_jaar",
                "pop_25_44", "percentage_personen_25_tot_45_jaar", "pop_45_64", "percentage_personen_45_tot_65_jaar",
                "pop_65plus", "percentage_personen_65_jaar_en_ouder", "dwelling_total", "aantal_woningen");
        List<String> features = features(geojson, List.of("-t_srs", "EPSG:4326"), f -> {
            ObjectNode p = (ObjectNode) f.get("properties");
            ObjectNode pdok = p.objectNode();
            names.forEach((from, to) -> pdok.set(to, p.get(from)));
            pdok.put("gemeentecode", "GM0637").put("jaar", 2022).put("water", "NEE");
            f.set("properties", pdok);
        });
        // a water part as CBS publishes it next to the land: left out by the preset
        features.add(FakeOgcApi.square(4.49, 52.06, 0.001, "{\"wijkcode\":\"WK063700\",\"water\":\"JA\","
                + "\"aantal_inwoners\":-99997}"));
        Map<String, String> ogr = ogrSql(geojson, List.of(), "SELECT count(*) AS n, sum(population) AS population, "
                + "sum(ST_Area(geometry)) AS area FROM NLD_dist_2022_GM0637_rd");
        fake.collection("wijken", false, fake.pages(features, 1000, true));

        LoadReport r = harvest("neighbourhoods", "wijken", "pdok-cbs-wijken", null);

        assertThat(r.crs()).isEqualTo("EPSG:4326");
        assertThat(r.filtered()).isEqualTo(1);
        assertThat(r.loaded()).isEqualTo(Integer.parseInt(ogr.get("n"))).isEqualTo(9);
        assertThat(jdbc.sql("SELECT sum(population) FROM neighbourhood").query(Long.class).single())
                .isEqualTo(Long.parseLong(ogr.get("population")));
        // RD -> lon/lat by GDAL -> RD by PostGIS: the same 7-parameter transformation both ways
        assertThat(jdbc.sql("SELECT sum(ST_Area(geom)) FROM neighbourhood").query(Double.class).single())
                .isCloseTo(Double.parseDouble(ogr.get("area")), org.assertj.core.data.Percentage.withPercentage(0.01));
        Map<String, Object> centrum = jdbc.sql("SELECT name, municipality, year, pop_65plus_pct, dwellings FROM neighbourhood "
                + "WHERE code = 'WK063700'").query().singleRow();
        assertThat(centrum).containsEntry("name", "Centrum").containsEntry("municipality", "GM0637")
                .containsEntry("year", 2022).containsEntry("pop_65plus_pct", 24.0).containsEntry("dwellings", 11_553);
    }

    @Test
    void cbsSuppressedFiguresBecomeUnknown() {
        fake.collection("buurten", true, fake.pages(List.of(FakeOgcApi.square(155000, 463000, 100,
                "{\"buurtcode\":\"BU06370001\",\"buurtnaam\":\"Klein\",\"water\":\"NEE\",\"aantal_inwoners\":45,"
                        + "\"percentage_personen_65_jaar_en_ouder\":-99997,\"aantal_woningen\":-99995}")), 1000, false));
        LoadReport r = harvest("neighbourhoods", "buurten", "pdok-cbs-buurten", null);
        assertThat(r.loaded()).isEqualTo(1);
        Map<String, Object> row = jdbc.sql("SELECT code, population, pop_65plus_pct, dwellings FROM neighbourhood").query()
                .singleRow();
        assertThat(row).containsEntry("code", "BU06370001").containsEntry("population", 45)
                .containsEntry("pop_65plus_pct", null).containsEntry("dwellings", null);
    }

    @Test
    void bagUsesOfAPandMapToInfillsUsesAndSeveralToGemengd() {
        List<String> f = new ArrayList<>();
        String[][] cases = {{"woonfunctie", "wonen"}, {"kantoorfunctie", "kantoor"}, {"woonfunctie,winkelfunctie", "gemengd"},
                {"industriefunctie", "industrie"}};
        for (int i = 0; i < cases.length; i++) {
            f.add(FakeOgcApi.square(155000 + 20 * i, 463000, 10, "{\"identificatie\":\"063710000000000" + i
                    + "\",\"bouwjaar\":1975,\"status\":\"Pand in gebruik\",\"gebruiksdoel\":\"" + cases[i][0] + "\"}"));
        }
        f.add(FakeOgcApi.square(155200, 463000, 10, "{\"identificatie\":\"0637100000000009\",\"bouwjaar\":1975,"
                + "\"status\":\"Pand gesloopt\",\"gebruiksdoel\":\"woonfunctie\"}"));
        fake.collection("pand", true, fake.pages(f, 1000, false));
        LoadReport r = harvest("buildings", "pand", "pdok-bag-pand", null);
        assertThat(r.loaded()).isEqualTo(4);
        assertThat(r.filtered()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT use FROM building ORDER BY source_id").query(String.class).list())
                .containsExactly("wonen", "kantoor", "gemengd", "industrie");
    }

    private LoadReport harvest(String layer, String collection, String preset, Integer limit) {
        return loader.load(LoadRequest.harvest(layer, new HarvestRequest(fake.url(), collection, null, null, limit, null),
                preset, null));
    }

    /** The features of {@code source} (ogr2ogr options before the layer name in {@code options}) as GeoJSON texts. */
    private List<String> features(Path source, List<String> options, Consumer<ObjectNode> edit) throws Exception {
        Path out = dir.resolve("f" + System.nanoTime() + ".geojson");
        List<String> cmd = new ArrayList<>(List.of("ogr2ogr", "-f", "GeoJSON", "-lco", "COORDINATE_PRECISION=8", out.toString(),
                source.toString()));
        // options that name a layer or take one come after the source
        cmd.addAll(options);
        run(cmd);
        JsonNode fc = HarvestApi.JSON.readTree(Files.readString(out));
        List<String> features = new ArrayList<>();
        for (JsonNode f : fc.path("features").values()) {
            ObjectNode o = (ObjectNode) f;
            edit.accept(o);
            features.add(o.toString());
        }
        return features;
    }

    /** The first row of an SQLite-dialect ogrinfo query, as name -> value text. */
    private static Map<String, String> ogrSql(Path source, List<String> options, String sql) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ogrinfo", "-ro", "-dialect", "SQLite", "-sql", sql, source.toString()));
        cmd.addAll(options);
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : run(cmd).split("\n")) {
            Matcher m = OGR_VALUE.matcher(line);
            if (m.matches()) {
                values.put(m.group(1), m.group(2).strip());
            }
        }
        return values;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("%s failed: %s", cmd.get(0), out).isZero();
        return out;
    }

    private static boolean gdal() {
        try {
            return new ProcessBuilder("ogrinfo", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
