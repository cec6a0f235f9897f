package nl.infill.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/** Checks the default-size city (generated once for the class) against the layer contract. */
class SampleCityContentTest {

    @TempDir
    static Path dir;

    static SampleCity.Summary summary;
    static GpkgRows rows;

    @BeforeAll
    static void generateDefaultCity() throws Exception {
        summary = SampleCity.generate(dir.resolve("sample-city.gpkg"), SampleCity.DEFAULT_PARCELS,
                SampleCity.DEFAULT_SEED);
        rows = new GpkgRows(summary.file());
    }

    @AfterAll
    static void close() throws Exception {
        rows.close();
    }

    @Test
    void defaultCityHasAboutZoetermeersNumberOfParcels() throws Exception {
        // 30,000 requested; the grid is sized by counting, so within 10 %.
        assertThat(summary.parcels()).isBetween(27_000, 33_000);
        assertThat(rows.count("parcels")).isEqualTo(summary.parcels());
        assertThat(rows.count("buildings")).isGreaterThan(summary.parcels() * 8L / 10);
    }

    @Test
    void everyLayerTableHasTheContractColumnsGeometryTypeAndRdNew() throws Exception {
        Map<String, String> expectedGeometry = Map.of("parcels", "MULTIPOLYGON", "buildings", "MULTIPOLYGON",
                "zoning", "MULTIPOLYGON", "amenities", "POINT", "neighbourhoods", "MULTIPOLYGON",
                "streets", "LINESTRING", "constraints", "MULTIPOLYGON", "units", "POINT");
        Map<String, List<String>> expectedColumns = Map.of(
                "parcels", List.of("source_id:TEXT", "municipality:TEXT", "area_m2:REAL"),
                "buildings", List.of("source_id:TEXT", "construction_year:INTEGER", "use:TEXT", "storeys:INTEGER",
                        "height_m:REAL", "floor_area_m2:REAL", "status:TEXT", "monument:BOOLEAN"),
                "zoning", List.of("source_id:TEXT", "plan_name:TEXT", "function:TEXT", "max_height_m:REAL",
                        "max_coverage:REAL", "max_fsi:REAL"),
                "amenities", List.of("source_id:TEXT", "type:TEXT", "name:TEXT"),
                "neighbourhoods", List.of("code:TEXT", "name:TEXT", "municipality:TEXT", "year:INTEGER",
                        "population:INTEGER", "pop_0_14_pct:REAL", "pop_15_24_pct:REAL", "pop_25_44_pct:REAL",
                        "pop_45_64_pct:REAL", "pop_65plus_pct:REAL", "dwellings:INTEGER"),
                "streets", List.of("source_id:TEXT", "class:TEXT", "name:TEXT", "walkable:BOOLEAN"),
                "constraints", List.of("source_id:TEXT", "kind:TEXT", "severity:TEXT", "name:TEXT"),
                "units", List.of("source_id:TEXT", "building_source_id:TEXT", "use:TEXT", "usable_area_m2:REAL",
                        "status:TEXT"));

        for (Map.Entry<String, String> e : expectedGeometry.entrySet()) {
            String table = e.getKey();
            var gc = rows.query("SELECT geometry_type_name, srs_id, column_name FROM gpkg_geometry_columns"
                    + " WHERE table_name = '" + table + "'");
            assertThat(gc).as(table).hasSize(1);
            assertThat(gc.get(0)).containsEntry("geometry_type_name", e.getValue()).containsEntry("srs_id", 28992);
            var contents = rows.query("SELECT data_type, srs_id FROM gpkg_contents WHERE table_name = '" + table + "'");
            assertThat(contents.get(0)).containsEntry("data_type", "features").containsEntry("srs_id", 28992);
            List<String> columns = rows.query("PRAGMA table_info(\"" + table + "\")").stream()
                    .filter(r -> !r.get("name").equals("id") && !r.get("name").equals("geom"))
                    .map(r -> r.get("name") + ":" + r.get("type")).toList();
            assertThat(columns).as(table).containsExactlyElementsOf(expectedColumns.get(table));
            // Every stored geometry decodes to the declared type in SRID 28992.
            Geometry first = rows.geometries(table).get(0);
            assertThat(first.getGeometryType().toUpperCase()).isEqualTo(e.getValue());
            assertThat(first.getSRID()).isEqualTo(28992);
        }
        var srs = rows.query("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys"
                + " WHERE srs_id = 28992").get(0);
        assertThat(srs).containsEntry("organization", "EPSG").containsEntry("organization_coordsys_id", 28992);
        assertThat((String) srs.get("definition")).contains("Oblique_Stereographic", "155000", "463000");
        assertThat(rows.query("SELECT data_type FROM gpkg_contents WHERE table_name = 'planted_candidates'").get(0))
                .containsEntry("data_type", "attributes");
    }

    @Test
    void ngaGeoPackageOpensEveryLayerAsTheLoaderDoes() {
        // The ingest loader opens files with NGA: it must accept the file and see every table.
        try (GeoPackage gpkg = GeoPackageManager.open(summary.file().toFile())) {
            assertThat(gpkg.getFeatureTables()).containsExactlyInAnyOrder("parcels", "buildings", "zoning",
                    "amenities", "neighbourhoods", "streets", "constraints", "units");
            assertThat(gpkg.getAttributesTables()).containsExactly("planted_candidates");
            assertThat(gpkg.getFeatureDao("parcels").count()).isEqualTo(summary.parcels());
            var row = gpkg.getFeatureDao("buildings").queryForId(1L);
            assertThat(row.getGeometry().getGeometry().getGeometryType().getName()).isEqualTo("MULTIPOLYGON");
            assertThat(row.getGeometry().getSrsId()).isEqualTo(28992);
        }
    }

    @Test
    void theNineWijkenCarryTheirRealCbs2022Figures() throws Exception {
        Map<String, Map<String, Object>> byName = rows.query("SELECT * FROM neighbourhoods").stream()
                .collect(Collectors.toMap(r -> (String) r.get("name"), r -> r));

        assertThat(byName.keySet()).containsExactlyInAnyOrder("Centrum", "Meerzicht", "Buytenwegh de Leyens",
                "Seghwaert", "Noordhove", "Rokkeveen", "Oosterheem", "Industriegebied", "Buitengebied");
        // Figures typed from CBS Kerncijfers wijken en buurten 2022 (cbs_wijken_2022_rd.geojson).
        assertThat(byName.get("Meerzicht")).containsEntry("code", "WK063701").containsEntry("population", 15490)
                .containsEntry("pop_65plus_pct", 22.0).containsEntry("dwellings", 7289).containsEntry("year", 2022);
        assertThat(byName.get("Oosterheem")).containsEntry("population", 23360).containsEntry("pop_65plus_pct", 12.0);
        assertThat(byName.get("Centrum")).containsEntry("code", "WK063700").containsEntry("dwellings", 11553);
        int total = byName.values().stream().mapToInt(r -> ((Number) r.get("population")).intValue()).sum();
        // 21095 + 15490 + 19715 + 16185 + 8490 + 20605 + 23360 + 435 + 395 = 125,770 inhabitants
        assertThat(total).isEqualTo(125_770);
        // The wijk polygons tile the city without overlap: their areas add up to the union.
        List<Geometry> polys = rows.geometries("neighbourhoods");
        double sum = polys.stream().mapToDouble(Geometry::getArea).sum();
        assertThat(UnaryUnionOp.union(polys).getArea()).isCloseTo(sum, within(0.1));
    }

    @Test
    void parcelsTileTheirBlockWithoutGapsOrOverlaps() throws Exception {
        CityLayout layout = SampleCity.size(SampleCity.DEFAULT_PARCELS, SampleCity.DEFAULT_SEED);
        List<Geometry> parcels = rows.geometries("parcels");
        STRtree index = new STRtree();
        parcels.forEach(p -> index.insert(p.getEnvelopeInternal(), p));
        int checked = 0;
        // Every 7th block of every 3rd row: a spread sample over all wijken and block types.
        for (int j = 0; j < layout.ny; j += 3) {
            for (int i = j % 7; i < layout.nx; i += 7) {
                double[] r = layout.blockRect(i, j);
                Envelope block = new Envelope(r[0], r[2], r[1], r[3]);
                @SuppressWarnings("unchecked")
                List<Geometry> inBlock = ((List<Geometry>) index.query(block)).stream()
                        .filter(p -> p.getEnvelopeInternal().intersection(block).getArea() > 0).toList();
                for (Geometry p : inBlock) {
                    assertThat(block.contains(p.getEnvelopeInternal())).as("parcel inside block %d,%d", i, j).isTrue();
                }
                double sum = inBlock.stream().mapToDouble(Geometry::getArea).sum();
                double union = UnaryUnionOp.union(inBlock).getArea();
                assertThat(union).as("union of block %d,%d", i, j).isCloseTo(block.getArea(), within(0.1));
                // sum == union means the pairwise intersections add up to ~0 m2.
                assertThat(sum).as("overlap in block %d,%d", i, j).isCloseTo(union, within(0.1));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void identifiersAreUniqueAndShapedLikeTheirDutchSources() throws Exception {
        assertThat(rows.query("SELECT count(DISTINCT source_id) AS n FROM parcels").get(0).get("n"))
                .isEqualTo(summary.parcels());
        assertThat(rows.query("SELECT count(DISTINCT source_id) AS n FROM buildings").get(0).get("n"))
                .isEqualTo(summary.buildings());
        assertThat(rows.query("SELECT count(*) AS n FROM buildings WHERE length(source_id) <> 16"
                + " OR source_id NOT LIKE '063710%'").get(0).get("n")).isEqualTo(0);
        assertThat(rows.query("SELECT count(*) AS n FROM parcels WHERE municipality <> 'GM0637'").get(0).get("n"))
                .isEqualTo(0);
        // area_m2 is the planar area of the lot, rounded to cm2
        for (var p : rows.query("SELECT geom, area_m2 FROM parcels WHERE id % 97 = 0")) {
            assertThat(((Number) p.get("area_m2")).doubleValue())
                    .isCloseTo(((Geometry) p.get("geom")).getArea(), within(0.01));
        }
    }

    @Test
    void defaultCitySitsAroundZoetermeerInRdCoordinates() throws Exception {
        var ext = rows.query("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'parcels'")
                .get(0);
        // Zoetermeer spans roughly x 88,000-98,000 and y 447,000-457,000 in RD New.
        assertThat(((Number) ext.get("min_x")).doubleValue()).isGreaterThan(88_000);
        assertThat(((Number) ext.get("max_x")).doubleValue()).isLessThan(99_000);
        assertThat(((Number) ext.get("min_y")).doubleValue()).isGreaterThan(447_000);
        assertThat(((Number) ext.get("max_y")).doubleValue()).isLessThan(457_000);
    }

    @Test
    void everyBuildingStandsInsideOneParcel() throws Exception {
        STRtree index = new STRtree();
        rows.geometries("parcels").forEach(p -> index.insert(p.getEnvelopeInternal(), p));
        List<Geometry> buildings = rows.geometries("buildings");
        int outside = 0;
        for (Geometry b : buildings) {
            @SuppressWarnings("unchecked")
            List<Geometry> hits = index.query(b.getEnvelopeInternal());
            if (hits.stream().noneMatch(p -> p.covers(b))) {
                outside++;
            }
        }
        assertThat(buildings).isNotEmpty();
        assertThat(outside).isZero();
    }

    @Test
    void buildingAttributesFollowTheWijkHistory() throws Exception {
        var stats = rows.query("SELECT DISTINCT use FROM buildings");
        assertThat(stats.stream().map(r -> (String) r.get("use")).collect(Collectors.toSet()))
                .contains("wonen", "kantoor", "winkel", "industrie", "bijeenkomst", "gezondheidszorg", "onderwijs");
        for (var b : rows.query("SELECT geom, storeys, floor_area_m2, height_m, status FROM buildings LIMIT 2000")) {
            double footprint = ((Geometry) b.get("geom")).getArea();
            int storeys = ((Number) b.get("storeys")).intValue();
            assertThat(((Number) b.get("floor_area_m2")).doubleValue()).isCloseTo(footprint * storeys, within(0.05));
            assertThat(((Number) b.get("height_m")).doubleValue()).isBetween(storeys * 3.0, storeys * 4.0 + 4.0);
            assertThat(b.get("status")).isEqualTo("Pand in gebruik");
        }
        // Housing decades per wijk: the mean construction year of the houses in each wijk falls in
        // its decade range (Wijk.java), e.g. Meerzicht 1964-1976.
        Map<String, Double> meanYear = meanHousingYearPerWijk();
        assertThat(meanYear.get("Meerzicht")).isBetween(1964.0, 1977.0);
        assertThat(meanYear.get("Seghwaert")).isBetween(1972.0, 1986.0);
        assertThat(meanYear.get("Noordhove")).isBetween(1984.0, 1997.0);
        assertThat(meanYear.get("Oosterheem")).isBetween(1999.0, 2014.0);
        assertThat(rows.query("SELECT count(*) AS n FROM buildings WHERE monument").get(0).get("n"))
                .satisfies(n -> assertThat(((Number) n).intValue()).isPositive());
        assertThat(rows.query("SELECT source_id FROM buildings LIMIT 1").get(0).get("source_id").toString())
                .matches("0637100000\\d{6}");
    }

    private Map<String, Double> meanHousingYearPerWijk() throws Exception {
        List<Map<String, Object>> hoods = rows.query("SELECT name, geom FROM neighbourhoods");
        Map<String, double[]> acc = new HashMap<>();
        for (var b : rows.query("SELECT geom, construction_year FROM buildings WHERE use = 'wonen'")) {
            Point c = ((Geometry) b.get("geom")).getCentroid();
            for (var h : hoods) {
                if (((Geometry) h.get("geom")).contains(c)) {
                    double[] a = acc.computeIfAbsent((String) h.get("name"), k -> new double[2]);
                    a[0] += ((Number) b.get("construction_year")).doubleValue();
                    a[1]++;
                }
            }
        }
        Map<String, Double> out = new HashMap<>();
        acc.forEach((k, v) -> out.put(k, v[0] / v[1]));
        return out;
    }

    @Test
    void unitsAreBagDwellingsInsideTheirResidentialOrMixedBuildingAndAddUpToItsFloorArea() throws Exception {
        assertThat(rows.count("units")).isEqualTo(summary.units());
        assertThat(rows.query("SELECT count(DISTINCT source_id) AS n FROM units").get(0).get("n"))
                .isEqualTo(summary.units());
        // BAG verblijfsobject ids: municipality 0637, object type 01, a 10-digit number
        assertThat(rows.query("SELECT count(*) AS n FROM units WHERE length(source_id) <> 16"
                + " OR source_id NOT LIKE '063701%'").get(0).get("n")).isEqualTo(0);
        Map<String, Map<String, Object>> buildings = new HashMap<>();
        for (var b : rows.query("SELECT source_id, geom, use, storeys, floor_area_m2 FROM buildings")) {
            buildings.put((String) b.get("source_id"), b);
        }
        Map<String, double[]> usablePerBuilding = new HashMap<>();
        Set<String> statuses = new HashSet<>();
        int dwellings = 0;
        for (var u : rows.query("SELECT geom, building_source_id, use, usable_area_m2, status FROM units")) {
            Map<String, Object> b = buildings.get((String) u.get("building_source_id"));
            assertThat(b).as("building of unit %s", u.get("building_source_id")).isNotNull();
            assertThat(((Geometry) b.get("geom")).covers((Geometry) u.get("geom"))).isTrue();
            double usable = ((Number) u.get("usable_area_m2")).doubleValue();
            assertThat(usable).isPositive();
            assertThat(usable % 1).as("BAG gives whole m2").isZero();
            if (u.get("use").equals("wonen")) {
                dwellings++;
            } else {
                // the only other use: the shop under flats in the centre
                assertThat(u.get("use")).isEqualTo("winkel");
                assertThat(b.get("use")).isEqualTo("winkel");
                assertThat(((Number) b.get("storeys")).intValue()).isGreaterThanOrEqualTo(3);
            }
            usablePerBuilding.computeIfAbsent((String) u.get("building_source_id"), k -> new double[1])[0] += usable;
            statuses.add((String) u.get("status"));
        }
        assertThat(dwellings).isEqualTo(summary.dwellings());
        // Every house and block of flats has its dwellings; offices, halls and schools have none.
        for (var b : buildings.values()) {
            double[] usable = usablePerBuilding.get((String) b.get("source_id"));
            if (b.get("use").equals("wonen")) {
                assertThat(usable).as("units of %s", b.get("source_id")).isNotNull();
            } else if (!b.get("use").equals("winkel")) {
                assertThat(usable).as("units of %s (%s)", b.get("source_id"), b.get("use")).isNull();
            }
            if (usable != null) {
                // usable x 1.2 (the analysis's gross factor) is the building's gross floor area,
                // within the rounding of whole m2 (two roundings in a shop with flats above)
                assertThat(usable[0] * CityGenerator.GROSS_PER_USABLE)
                        .isCloseTo(((Number) b.get("floor_area_m2")).doubleValue(), within(1.2 + 1e-6));
            }
        }
        // Mostly in use, a few of BAG's other statuses of existing units (none the BAG presets drop)
        assertThat(statuses).contains(CityGenerator.UNIT_IN_USE, "Verblijfsobject buiten gebruik")
                .isSubsetOf(CityGenerator.UNIT_IN_USE, "Verblijfsobject in gebruik (niet ingemeten)",
                        "Verblijfsobject buiten gebruik", "Verbouwing verblijfsobject");
        // Zoetermeer had 56,668 dwellings in 2022 (the nine wijken's CBS figures); the default city
        // has about as many, none larger than a big house (400 m2 gross)
        assertThat(dwellings).isCloseTo(56_668, withinPercentage(20));
        assertThat(rows.query("SELECT max(usable_area_m2) AS m FROM units WHERE use = 'wonen'").get(0).get("m"))
                .satisfies(m -> assertThat(((Number) m).doubleValue()).isLessThanOrEqualTo(400 / 1.2));
    }

    @Test
    void walkableStreetsFormOneNetworkSplitAtEveryJunction() throws Exception {
        Map<Coordinate, Coordinate> parent = new HashMap<>();
        List<Map<String, Object>> streets = rows.query("SELECT geom, class, walkable FROM streets");
        for (var s : streets) {
            LineString line = (LineString) s.get("geom");
            boolean walkable = ((Number) s.get("walkable")).intValue() == 1;
            assertThat(walkable).as("class %s", s.get("class"))
                    .isEqualTo(!s.get("class").equals("motorway") && !s.get("class").equals("light_rail"));
            if (!walkable) {
                continue;
            }
            assertThat(line.getNumPoints()).isEqualTo(2);
            union(parent, line.getCoordinateN(0), line.getCoordinateN(1));
        }
        Map<Coordinate, Integer> sizes = new HashMap<>();
        for (Coordinate c : parent.keySet()) {
            sizes.merge(find(parent, c), 1, Integer::sum);
        }
        int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertThat(largest).isGreaterThanOrEqualTo((int) Math.ceil(parent.size() * 0.99));
        // No walkable segment passes through another's end point: the grid is split at junctions.
        STRtree ends = new STRtree();
        parent.keySet().forEach(c -> ends.insert(new Envelope(c), c));
        int throughJunction = 0;
        for (var s : streets.subList(0, Math.min(streets.size(), 3000))) {
            LineString line = (LineString) s.get("geom");
            if (((Number) s.get("walkable")).intValue() == 0) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Coordinate> near = ends.query(line.getEnvelopeInternal());
            for (Coordinate c : near) {
                if (!c.equals2D(line.getCoordinateN(0)) && !c.equals2D(line.getCoordinateN(1))
                        && line.distance(new GeometryFactory().createPoint(c)) < 1e-9) {
                    throughJunction++;
                }
            }
        }
        assertThat(throughJunction).isZero();
        Set<String> classes = new HashSet<>();
        streets.forEach(s -> classes.add((String) s.get("class")));
        assertThat(classes).contains("primary", "secondary", "tertiary", "minor", "path", "motorway", "light_rail");
    }

    private static void union(Map<Coordinate, Coordinate> parent, Coordinate a, Coordinate b) {
        parent.putIfAbsent(a, a);
        parent.putIfAbsent(b, b);
        Coordinate ra = find(parent, a);
        Coordinate rb = find(parent, b);
        if (!ra.equals2D(rb)) {
            parent.put(ra, rb);
        }
    }

    private static Coordinate find(Map<Coordinate, Coordinate> parent, Coordinate c) {
        Coordinate root = c;
        while (!parent.get(root).equals2D(root)) {
            root = parent.get(root);
        }
        Coordinate cur = c;
        while (!cur.equals2D(root)) {
            Coordinate next = parent.get(cur);
            parent.put(cur, root);
            cur = next;
        }
        return root;
    }

    @Test
    void zoningHasSplitParcelsUnzonedParcelsAndWaterAndGreen() throws Exception {
        STRtree zones = new STRtree();
        for (var z : rows.query("SELECT geom, function, max_coverage, max_fsi FROM zoning")) {
            zones.insert(((Geometry) z.get("geom")).getEnvelopeInternal(), z);
            double cov = ((Number) z.get("max_coverage")).doubleValue();
            assertThat(cov).isBetween(0.0, 1.0);
        }
        int split = 0;
        int unzoned = 0;
        for (Geometry p : rows.geometries("parcels")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> hits = zones.query(p.getEnvelopeInternal());
            int parts = 0;
            double covered = 0;
            for (var z : hits) {
                double a = ((Geometry) z.get("geom")).intersection(p).getArea();
                if (a > 1) {
                    parts++;
                    covered += a;
                }
            }
            split += parts >= 2 ? 1 : 0;
            unzoned += covered < 1 ? 1 : 0;
        }
        assertThat(split).isGreaterThan(20);
        assertThat(unzoned).isBetween(1, summary.parcels() / 20);
        Set<String> functions = rows.query("SELECT DISTINCT function FROM zoning").stream()
                .map(r -> (String) r.get("function")).collect(Collectors.toSet());
        assertThat(functions).contains("wonen", "gemengd", "centrum", "kantoor", "bedrijf", "groen", "water");
        assertThat(rows.query("SELECT count(*) AS n FROM zoning WHERE max_fsi IS NULL").get(0).get("n"))
                .satisfies(n -> assertThat(((Number) n).intValue()).isPositive());
        // Generous plans (FSI 2.5 or more, 25 m or more) and tight ones (12 m or less, FSI 1.2 or
        // less or unset) both exist in numbers.
        assertThat(((Number) rows.query("SELECT count(*) AS n FROM zoning WHERE max_fsi >= 2.5 AND max_height_m >= 25")
                .get(0).get("n")).intValue()).isGreaterThan(30);
        assertThat(((Number) rows.query("SELECT count(*) AS n FROM zoning WHERE function = 'wonen'"
                + " AND max_height_m <= 12 AND (max_fsi IS NULL OR max_fsi <= 1.2)").get(0).get("n")).intValue())
                .isGreaterThan(300);
        Set<String> kinds = rows.query("SELECT DISTINCT kind || '/' || severity AS k FROM constraints").stream()
                .map(r -> (String) r.get("k")).collect(Collectors.toSet());
        assertThat(kinds).contains("water/hard", "protected_green/hard", "monument/hard", "noise/soft");
    }

    @Test
    void amenitiesOfEveryTypeExistAndTransitStopsLieOnTheLightRail() throws Exception {
        Set<String> types = rows.query("SELECT DISTINCT type FROM amenities").stream()
                .map(r -> (String) r.get("type")).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder("supermarket", "gp", "pharmacy", "primary_school", "pt_stop",
                "community_care");
        List<Geometry> rail = new ArrayList<>();
        for (var s : rows.query("SELECT geom FROM streets WHERE class = 'light_rail'")) {
            rail.add((Geometry) s.get("geom"));
        }
        Geometry railLine = UnaryUnionOp.union(rail);
        var railStops = rows.query("SELECT geom FROM amenities WHERE type = 'pt_stop' AND name LIKE 'RandstadRail%'");
        assertThat(railStops).hasSizeGreaterThan(5);
        for (var s : railStops) {
            assertThat(railLine.distance((Geometry) s.get("geom"))).isLessThan(0.001);
        }
    }

    @Test
    void plantedCandidatesAreLargeOldUnderusedParcelsNearTransitAndCare() throws Exception {
        var planted = rows.query("SELECT parcel_source_id, kind, note FROM planted_candidates");
        assertThat(planted).hasSizeBetween(10, 40);
        assertThat(planted.stream().map(r -> (String) r.get("kind")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("underused_parcel", "ageing_office");
        Map<String, Geometry> parcelsById = new HashMap<>();
        for (var p : rows.query("SELECT source_id, geom FROM parcels")) {
            parcelsById.put((String) p.get("source_id"), (Geometry) p.get("geom"));
        }
        assertThat(parcelsById.keySet()).allMatch(id -> id.matches("ZTM00-[A-K]-\\d{5,}"));
        List<Map<String, Object>> buildings = rows.query("SELECT geom, construction_year, use, floor_area_m2,"
                + " monument FROM buildings");
        STRtree bIndex = new STRtree();
        buildings.forEach(b -> bIndex.insert(((Geometry) b.get("geom")).getEnvelopeInternal(), b));
        Map<String, List<Geometry>> amenityByType = new HashMap<>();
        for (var a : rows.query("SELECT type, geom FROM amenities")) {
            amenityByType.computeIfAbsent((String) a.get("type"), k -> new ArrayList<>()).add((Geometry) a.get("geom"));
        }
        List<Map<String, Object>> zoning = rows.query("SELECT geom, function, max_fsi FROM zoning WHERE function = 'gemengd'");
        // Neither hard constraints nor the soft noise contour touch a planted parcel.
        List<Map<String, Object>> hard = rows.query("SELECT geom FROM constraints");

        for (var c : planted) {
            String id = (String) c.get("parcel_source_id");
            Geometry parcel = parcelsById.get(id);
            assertThat(parcel).as("planted %s is a real parcel", id).isNotNull();
            assertThat(parcel.getArea()).as(id).isGreaterThan(3_500);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> on = ((List<Map<String, Object>>) bIndex.query(parcel.getEnvelopeInternal()))
                    .stream().filter(b -> parcel.covers((Geometry) b.get("geom"))).toList();
            assertThat(on).as(id).hasSize(1);
            Map<String, Object> b = on.get(0);
            int year = ((Number) b.get("construction_year")).intValue();
            double fsi = ((Number) b.get("floor_area_m2")).doubleValue() / parcel.getArea();
            assertThat(((Number) b.get("monument")).intValue()).isZero();
            if (c.get("kind").equals("ageing_office")) {
                assertThat(b.get("use")).isEqualTo("kantoor");
                assertThat(year).isBetween(1972, 1988);
                assertThat(fsi).as(id).isLessThan(1.0);
            } else {
                assertThat(year).isBetween(1962, 1979);
                assertThat(fsi).as(id).isLessThan(0.1);
            }
            // Generous mixed-use zoning over the whole parcel: FSI 2.5 or more.
            assertThat(zoning.stream().filter(z -> ((Geometry) z.get("geom")).covers(parcel))
                    .mapToDouble(z -> ((Number) z.get("max_fsi")).doubleValue()).max().orElse(0)).isGreaterThanOrEqualTo(2.5);
            for (String type : List.of("pt_stop", "gp", "supermarket")) {
                double nearest = amenityByType.get(type).stream().mapToDouble(parcel::distance).min().orElseThrow();
                assertThat(nearest).as("%s to nearest %s", id, type).isLessThan(300);
            }
            assertThat(hard.stream().noneMatch(h -> ((Geometry) h.get("geom")).intersection(parcel).getArea() > 0))
                    .as("%s outside every constraint", id).isTrue();
        }
    }
}
