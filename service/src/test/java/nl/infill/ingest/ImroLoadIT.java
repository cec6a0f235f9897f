package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.assertUnchanged;
import static nl.infill.ingest.IngestFixtures.sharedData;
import static nl.infill.ingest.IngestFixtures.snapshot;
import static nl.infill.ingest.IngestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.infill.layers.Layer;
import nl.infill.support.Gdal;
import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * IMRO bestemmingsplannen as the zoning layer (preset imro) on the real plans in
 * ../shared/data/imro: counts per IMRO type against ogrinfo, the partition of the plan area,
 * heights against the Maatvoering objects as GDAL reads them, monuments as constraints, and bad
 * plans failing with the object named and nothing changed.
 */
@SpringBootTest
class ImroLoadIT {

    static final String NIJKERK = "imro/NL.IMRO.0267.BP0174-0001.gml";

    @Autowired
    Loader loader;
    @Autowired
    LoadCommand command;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private LoadReport load(Path plan) {
        return loader.load(new LoadRequest("zoning", plan, plan.getFileName().toString(), "imro", null, null, null));
    }

    @Test
    void nijkerkPlanAccountsForEveryObjectByTypeAsOgrinfoCountsThem() {
        Path plan = sharedData(NIJKERK);
        Gdal.assumeInstalled();
        Map<String, Integer> ogr = Gdal.featureCounts(plan);

        LoadReport r = load(plan);

        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(r.read()).isEqualTo(1013);
        LoadReport.PlanReport p = r.plan();
        assertThat(p.planId()).isEqualTo("NL.IMRO.0267.BP0174-0001");
        assertThat(p.planName()).isEqualTo("Consolidatieplan Binnenstad Nijkerk");
        for (LoadReport.TypeCount t : p.types()) {
            assertThat(t.read()).as(t.type()).isEqualTo(ogr.get(t.type()));
            assertThat(t.used() + t.ignored() + t.unknown()).as(t.type() + " every object used or reported")
                    .isEqualTo(t.read());
            assertThat(t.reason()).as(t.type()).isNotBlank();
        }
        assertThat(p.types()).extracting(LoadReport.TypeCount::type).containsExactlyInAnyOrderElementsOf(
                ogr.keySet().stream().filter(k -> !k.startsWith("Metadata")).toList());
        Map<String, LoadReport.TypeCount> byType = new HashMap<>();
        p.types().forEach(t -> byType.put(t.type(), t));
        assertThat(byType.get("Bouwvlak").used()).isEqualTo(260);
        assertThat(byType.get("Enkelbestemming").used()).isEqualTo(235);
        // SOURCES.md: 118 of the 172 Bouwaanduidingen are monuments
        assertThat(byType.get("Bouwaanduiding").used()).isEqualTo(118);
        assertThat(p.monuments()).isEqualTo(118);
        assertThat(byType.get("Functieaanduiding").ignored()).isEqualTo(141);
        // 184 with max bouwhoogte, 118 goothoogte (ignored, named), 14 wooneenheden, 3 bebouwingspercentage
        Map<String, LoadReport.ValueCount> values = new HashMap<>();
        p.maatvoering().forEach(v -> values.put(v.name(), v));
        assertThat(values.get("maximum bouwhoogte (m)").count()).isEqualTo(184);
        assertThat(values.get("maximum bouwhoogte (m)").use()).isEqualTo("used as max_height_m");
        assertThat(values.get("maximum goothoogte (m)").count()).isEqualTo(118);
        assertThat(values.get("maximum goothoogte (m)").use()).startsWith("ignored");
        assertThat(values.get("maximum bebouwingspercentage (%)").count()).isEqualTo(3);
        assertThat(p.maatvoering()).allSatisfy(v -> assertThat(v.use()).isNotBlank());
        assertThat(jdbc.sql("SELECT count(*) FROM constraint_area WHERE kind = 'monument' AND source_id LIKE "
                + "'NL.IMRO.0267.BP0174-0001/%'").query(Long.class).single()).isEqualTo(118);
    }

    @Test
    void nijkerkZoningCoversThePlanAreaExactlyOnce() {
        Path plan = sharedData(NIJKERK);
        Gdal.assumeInstalled();
        double planArea = Double.parseDouble(Gdal.sql(plan,
                "SELECT sum(ST_Area(geometry)) AS a FROM Bestemmingsplangebied").get("a"));

        LoadReport r = load(plan);

        double parts = jdbc.sql("SELECT sum(ST_Area(geom)) FROM zoning").query(Double.class).single();
        // GDAL: 506,231.88 m2; the parts may miss only dropped slivers and the curves' linearisation
        assertThat(parts).isCloseTo(planArea, within(planArea * 0.001));
        assertThat(r.plan().planAreaM2()).isCloseTo(planArea, within(planArea * 0.001));
        double overlap = jdbc.sql("""
                SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0)
                  FROM zoning a JOIN zoning b ON a.id < b.id AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)""")
                .query(Double.class).single();
        assertThat(overlap).as("area of pairwise intersections").isLessThan(0.01);
        assertThat(jdbc.sql("SELECT count(*) FROM zoning WHERE NOT ST_IsValid(geom)").query(Long.class).single()).isZero();
        assertThat(r.loaded()).isEqualTo(r.plan().parts())
                .isEqualTo(jdbc.sql("SELECT count(*) FROM zoning").query(Integer.class).single());
        // every part outside a Bouwvlak allows no main building; every Bouwvlak part has its height or is flagged
        assertThat(jdbc.sql("SELECT count(*) FROM zoning WHERE NOT building_allowed AND max_coverage <> 0")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM zoning WHERE building_allowed AND max_height_m IS NULL "
                + "AND NOT height_unknown").query(Long.class).single()).isZero();
        assertThat(r.plan().heightUnknown()).isEqualTo(r.plan().heightUnknownIds().size())
                .isEqualTo(jdbc.sql("SELECT count(DISTINCT r ->> 'id') FROM zoning, jsonb_array_elements(rules::jsonb) r "
                        + "WHERE r ->> 'rule' = 'height_unknown'").query(Integer.class).single());
    }

    @Test
    void nijkerkHeightsAreThoseOfTheMaatvoeringObjectsTheyName() {
        Path plan = sharedData(NIJKERK);
        Gdal.assumeInstalled();
        // GDAL's reading of the Maatvoering objects: gml_id -> maximum bouwhoogte (m)
        Map<String, Double> heights = new HashMap<>();
        for (JsonNode f : Gdal.geojson(plan, "Maatvoering", dir).path("features").values()) {
            JsonNode props = f.path("properties");
            List<JsonNode> types = props.path("waardeType").values().stream().toList();
            List<JsonNode> vals = props.path("waarde").values().stream().toList();
            for (int i = 0; i < types.size(); i++) {
                if (types.get(i).asString().equals("maximum bouwhoogte (m)")) {
                    // one object with two heights: the lower one holds
                    heights.merge(props.path("gml_id").asString(),
                            Double.parseDouble(vals.get(i).asString().replace(',', '.')), Math::min);
                }
            }
        }
        // 184 height values on 182 objects: two objects carry two heights each
        assertThat(heights).hasSize(182);

        load(plan);

        List<Map<String, Object>> rules = jdbc.sql("""
                SELECT z.max_height_m AS height, r ->> 'id' AS id, (r ->> 'value')::float8 AS value
                  FROM zoning z, jsonb_array_elements(z.rules::jsonb) r WHERE r ->> 'rule' = 'max_height_m'""")
                .query().listOfRows();
        assertThat(rules).isNotEmpty().allSatisfy(row -> {
            assertThat(heights).containsKey((String) row.get("id"));
            assertThat((Double) row.get("height")).isEqualTo(heights.get((String) row.get("id")))
                    .isEqualTo((Double) row.get("value"));
        });
        // a decimal comma: 13,5 in the file is 13.5 m
        assertThat(heights).containsValue(13.5);
        assertThat(jdbc.sql("SELECT count(*) FROM zoning WHERE max_height_m = 13.5").query(Long.class).single())
                .isPositive();
        long named = rules.stream().map(row -> row.get("id")).distinct().count();
        // Maatvoeringen wholly under a lower one name no part; almost all name one
        assertThat(named).isGreaterThan(heights.size() * 9 / 10);
    }

    @Test
    void nijkerkLoadsThroughTheCommandLine() {
        Path plan = sharedData(NIJKERK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = command.run(List.of("zoning", plan.toString(), "--preset", "imro"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("of layer zoning: succeeded")
                .contains("plan     NL.IMRO.0267.BP0174-0001").contains("Maatvoering 'maximum goothoogte (m)': 118, ignored")
                .contains("height unknown");
    }

    @Test
    void everyRealPlanLoadsOrFailsNamingWhy() {
        sharedData(NIJKERK);
        Path folder = Path.of(System.getProperty("infill.shared-data")).resolve("imro");
        List<Path> plans;
        try (var files = Files.list(folder)) {
            plans = files.filter(f -> f.toString().endsWith(".gml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(plans).hasSize(9);
        for (Path plan : plans) {
            String name = plan.getFileName().toString();
            if (name.startsWith("NL.IMRO.1730.")) {
                // Tynaarlo's beheersverordening: Besluitgebied_X / Besluitvlak_X, no Bestemmingsplangebied
                IngestFixtures.Snapshot before = snapshot(jdbc, Layer.ZONING);
                DomainException p = catchThrowableOfType(DomainException.class, () -> load(plan));
                assertThat(p).as(name).isNotNull();
                assertThat(p.getMessage()).contains("not a bestemmingsplan").contains("Besluitvlak_X (168)");
                assertUnchanged(jdbc, Layer.ZONING, before);
                continue;
            }
            LoadReport r = load(plan);
            assertThat(r.status()).as(name).isEqualTo("succeeded");
            LoadReport.PlanReport p = r.plan();
            assertThat(p.partsAreaM2()).as(name).isCloseTo(p.planAreaM2(), within(p.planAreaM2() * 0.001));
            assertThat(jdbc.sql("SELECT sum(ST_Area(geom)) FROM zoning").query(Double.class).single()).as(name)
                    .isCloseTo(p.planAreaM2(), within(p.planAreaM2() * 0.001));
            assertThat(p.types()).as(name).allSatisfy(t ->
                    assertThat(t.used() + t.ignored() + t.unknown()).isEqualTo(t.read()));
        }
    }

    @Test
    void aBrokenArcFailsTheLoadNamingTheObjectAndChangesNothing() {
        Path plan = write(dir, "broken.gml", miniPlan("<gml:Arc><gml:posList>0 10 10 10</gml:posList></gml:Arc>"));
        IngestFixtures.Snapshot zoning = snapshot(jdbc, Layer.ZONING);
        IngestFixtures.Snapshot constraints = snapshot(jdbc, Layer.CONSTRAINTS);
        DomainException p = catchThrowableOfType(DomainException.class, () -> load(plan));
        // the plan area, the first object drawn with that curve, is the one named
        assertThat(p.getMessage()).contains("Bestemmingsplangebied NL.IMRO.test.plan").contains("gml:Arc needs 3 positions");
        assertThat(p.where()).contains("NL.IMRO.test.plan");
        assertUnchanged(jdbc, Layer.ZONING, zoning);
        assertUnchanged(jdbc, Layer.CONSTRAINTS, constraints);
    }

    @Test
    void aSmallPlanWithAnArcBecomesZoningWithItsRules() {
        Path plan = write(dir, "ok.gml", miniPlan("<gml:Arc><gml:posList>0 10 5 15 10 10</gml:posList></gml:Arc>"));
        LoadReport r = load(plan);
        assertThat(r.plan().parts()).isEqualTo(2);
        // the plan: a 10 x 10 square with a half circle of radius 5 on top = 100 + 39.27 m2
        assertThat(jdbc.sql("SELECT sum(ST_Area(geom)) FROM zoning").query(Double.class).single())
                .isCloseTo(100 + Math.PI * 12.5, within(0.11));
        Map<String, Object> bouwvlak = jdbc.sql("SELECT use_name, function, max_height_m, max_coverage, "
                + "building_allowed, ST_Area(geom) AS area FROM zoning WHERE building_allowed").query().singleRow();
        // the Bouwvlak 2..8 x 2..8 = 36 m2 under a Maatvoering of 13,5 m and 60 %
        assertThat(bouwvlak).containsEntry("use_name", "Wonen").containsEntry("function", "wonen")
                .containsEntry("max_height_m", 13.5).containsEntry("max_coverage", 0.6);
        assertThat((Double) bouwvlak.get("area")).isCloseTo(36, within(1e-6));
        assertThat(jdbc.sql("SELECT max_coverage FROM zoning WHERE NOT building_allowed").query(Double.class).single())
                .isZero();
    }

    @Test
    void gmlThatIsNotAnImroPlanIsAProblemNamingItsNamespace() {
        Path brk = sharedData("brk-sample/kadastralekaart_perceel.gml");
        IngestFixtures.Snapshot zoning = snapshot(jdbc, Layer.ZONING);
        DomainException p = catchThrowableOfType(DomainException.class, () -> load(brk));
        assertThat(p.getMessage()).contains("Unknown namespace").contains("kadaster.nl").contains("IMRO 2012");
        assertUnchanged(jdbc, Layer.ZONING, zoning);
    }

    @Test
    void unknownGmlNamespaceIsAProblem() {
        Path plan = write(dir, "ns.gml", miniPlan("<gml:Arc><gml:posList>0 10 5 15 10 10</gml:posList></gml:Arc>")
                .replace("http://www.opengis.net/gml/3.2", "http://www.opengis.net/gml/4.0"));
        IngestFixtures.Snapshot zoning = snapshot(jdbc, Layer.ZONING);
        DomainException p = catchThrowableOfType(DomainException.class, () -> load(plan));
        assertThat(p.getMessage()).contains("Unknown GML namespace").contains("gml/4.0");
        assertUnchanged(jdbc, Layer.ZONING, zoning);
    }

    /** A plan of one Enkelbestemming (its top edge the given curve segment), a Bouwvlak and a Maatvoering. */
    static String miniPlan(String topSegment) {
        String square = "<gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::28992\"><gml:exterior><gml:LinearRing><gml:posList>"
                + "%s</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>";
        String curved = "<gml:Surface srsName=\"urn:ogc:def:crs:EPSG::28992\"><gml:patches><gml:PolygonPatch><gml:exterior>"
                + "<gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>10 10 10 0 0 0 0 10"
                + "</gml:posList></gml:LineStringSegment>" + topSegment + "</gml:segments></gml:Curve></gml:curveMember>"
                + "</gml:Ring></gml:exterior></gml:PolygonPatch></gml:patches></gml:Surface>";
        String bouwvlak = square.formatted("2 2 8 2 8 8 2 8 2 2");
        return ("<?xml version=\"1.0\"?><imro:FeatureCollectionIMRO xmlns:imro=\"http://www.geonovum.nl/imro/2012/1.1\" "
                + "xmlns:gml=\"http://www.opengis.net/gml/3.2\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
                + "<imro:featureMember><imro:Bestemmingsplangebied gml:id=\"NL.IMRO.test.plan\"><imro:naam>Testplan</imro:naam>"
                + "<imro:geometrie>%s</imro:geometrie></imro:Bestemmingsplangebied></imro:featureMember>"
                + "<imro:featureMember><imro:Enkelbestemming gml:id=\"NL.IMRO.test.enkel\"><imro:naam>Wonen</imro:naam>"
                + "<imro:bestemmingshoofdgroep>wonen</imro:bestemmingshoofdgroep><imro:geometrie>%s</imro:geometrie>"
                + "</imro:Enkelbestemming></imro:featureMember>"
                + "<imro:featureMember><imro:Bouwvlak gml:id=\"NL.IMRO.test.bv\"><imro:geometrie>%s</imro:geometrie>"
                + "</imro:Bouwvlak></imro:featureMember>"
                + "<imro:featureMember><imro:Maatvoering gml:id=\"NL.IMRO.test.mv\"><imro:naam>maatvoering</imro:naam>"
                + "<imro:maatvoeringInfo><imro:WaardeEnType><imro:waarde>13,5</imro:waarde><imro:waardeType>maximum "
                + "bouwhoogte (m)</imro:waardeType></imro:WaardeEnType></imro:maatvoeringInfo><imro:maatvoeringInfo>"
                + "<imro:WaardeEnType><imro:waarde>60</imro:waarde><imro:waardeType>maximum bebouwingspercentage (%%)"
                + "</imro:waardeType></imro:WaardeEnType></imro:maatvoeringInfo><imro:geometrie>%s</imro:geometrie>"
                + "</imro:Maatvoering></imro:featureMember></imro:FeatureCollectionIMRO>")
                .formatted(curved, curved, bouwvlak, bouwvlak);
    }
}
