package nl.infill.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import nl.infill.geo.Crs;
import nl.infill.layers.Layer;
import nl.infill.system.UnprocessableInput;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads an IMRO 2008/2012 bestemmingsplan as the zoning layer (preset {@code imro}, docs/imro.md).
 * Every plan object is read and classified here (used, ignored with a reason, unknown type); the
 * objects that shape the zoning are staged, and ONE set-based derivation in PostGIS
 * (imro-faces.sql, imro-parts.sql) cuts the plan area into a planar partition by the boundaries of
 * the Bestemmingsplangebied, Enkelbestemmingen, Bouwvlakken and Maatvoeringen, and gives each
 * part the rules of the objects that cover it. Monument Bouwaanduidingen become hard constraints.
 * All of it in the load's one transaction: a plan that cannot be read changes nothing.
 */
@Component
class ImroLoad {

    static final Set<String> NAMESPACES = Set.of("http://www.geonovum.nl/imro/2008/1",
            "http://www.geonovum.nl/imro/2012/1.1");
    /** Coordinates are snapped to this grid (m) before noding: IMRO plans are drawn to the mm. */
    static final double GRID_M = 0.001;
    /**
     * Faces of the partition smaller than this (m2) or narrower than {@link #SLIVER_WIDTH_M} are
     * slivers between boundaries drawn a few cm apart: they merge into the neighbour with which
     * they share the longest boundary (nothing is dropped).
     */
    static final double SLIVER_M2 = 0.01;
    /** Mean width (2 x area / perimeter, m) under which a face is a sliver. */
    static final double SLIVER_WIDTH_M = 0.1;

    /** The Maatvoering value types that shape capacity, by their IMRO waardeType (lower case). */
    private static final Map<String, String> VALUE_RULES = Map.of(
            "maximum bouwhoogte (m)", "max_height_m",
            "maximum bebouwingspercentage (%)", "max_coverage",
            "maximum aantal bouwlagen", "max_storeys",
            "maximum aantal wooneenheden", "max_dwellings",
            "maximaal aantal wooneenheden", "max_dwellings");

    /** Maatvoering value types that are known and deliberately not used, with why. */
    private static final Map<String, String> VALUES_IGNORED = Map.of(
            "maximum goothoogte (m)", "ignored: the eaves height shapes the roof, the bouwhoogte caps the floors",
            "minimum goothoogte (m)", "ignored: a minimum does not cap capacity",
            "minimum bouwhoogte (m)", "ignored: a minimum does not cap capacity",
            "minimum bebouwingspercentage (%)", "ignored: a minimum does not cap capacity",
            "minimum aantal bouwlagen", "ignored: a minimum does not cap capacity",
            "maximum dakhelling", "ignored: roof pitch, not a capacity figure",
            "minimum dakhelling", "ignored: roof pitch, not a capacity figure");

    /** What becomes of each IMRO type; types not here are reported as unknown. */
    private static final Map<String, String> TYPE_USE = new LinkedHashMap<>();

    static {
        TYPE_USE.put("Bestemmingsplangebied", "used: the plan area the zoning partitions");
        TYPE_USE.put("Enkelbestemming", "used: land use (naam, bestemmingshoofdgroep)");
        TYPE_USE.put("Bouwvlak", "used: main buildings only inside");
        TYPE_USE.put("Maatvoering", "used: height, coverage, storeys, dwellings");
        TYPE_USE.put("Bouwaanduiding", "monuments used as constraints; other building marks are rules in the plan's "
                + "text (regels), not a capacity figure on the map");
        TYPE_USE.put("Dubbelbestemming", "ignored: an overlay (archaeology, cultural history, pipelines) that asks for "
                + "a permit check under the plan's text, it does not change the land use or the capacity");
        TYPE_USE.put("Functieaanduiding", "ignored: refines or restricts the use within the Enkelbestemming by the "
                + "plan's text; the land use comes from the Enkelbestemming");
        TYPE_USE.put("Gebiedsaanduiding", "ignored: a zone (noise, safety, wijzigingsgebied) whose rules are in the "
                + "plan's text");
        TYPE_USE.put("Figuur", "ignored: a line or point figure (gevellijn, hartlijn) without a capacity figure");
        TYPE_USE.put("Lettertekenaanduiding", "ignored: a text mark whose rule is in the plan's text");
    }

    private final JdbcClient jdbc;
    private final LoadStore history;
    private final StagingStore staging;

    ImroLoad(JdbcClient jdbc, LoadStore history, StagingStore staging) {
        this.jdbc = jdbc;
        this.history = history;
        this.staging = staging;
    }

    /** The load's report and the new version of the constraints layer (monuments). */
    record Result(LoadReport report, long constraintsVersion) {
    }

    /** Per type counts while reading. */
    private static final class Tally {
        int read;
        int used;
        int ignored;
        int unknown;
    }

    private static final class Reading {
        final Map<String, Tally> types = new TreeMap<>();
        final Map<String, int[]> values = new TreeMap<>();
        final Map<String, String> valueUse = new TreeMap<>();
        String planId;
        String planName;
        int plans;
        int enkel;
        int bouwvlakken;
        int monuments;
        int read;
        boolean checkedNamespace;
    }

    /** Runs inside the load's transaction (the caller's). */
    Result load(long id, GmlSource source, long started, LoadLimits limits) {
        history.claim(id);
        staging.begin(limits.remaining());
        jdbc.sql(IngestSql.load("imro-stage-create.sql")).update();
        Reading r = new Reading();
        source.read((index, type, wkb, props, problem) -> {
            // the same bounds as any upload (issue 13): features read and wall time
            limits.check(index + 1L, 0);
            if (!r.checkedNamespace) {
                r.checkedNamespace = true;
                if (!NAMESPACES.contains(source.rootNamespace())) {
                    throw new UnprocessableInput("root element " + source.rootName(), "Unknown namespace '"
                            + source.rootNamespace() + "': the imro preset reads IMRO 2008 and IMRO 2012 plans ("
                            + String.join(", ", new java.util.TreeSet<>(NAMESPACES)) + ").");
                }
            }
            String ft = String.valueOf(props.get("feature_type"));
            if (ft.startsWith("Metadata")) {
                return;
            }
            r.read++;
            String gmlId = text(props.get("gml_id"));
            Tally t = r.types.computeIfAbsent(ft, k -> new Tally());
            t.read++;
            if (problem != null) {
                throw new UnprocessableInput(source.where(index), "IMRO object " + ft + " " + gmlId + ": " + problem
                        + ". Nothing was loaded.", Map.of("object", gmlId == null ? "" : gmlId));
            }
            Staged s = classify(ft, gmlId, props, t, r, source.where(index));
            if (s == null) {
                return;
            }
            if (wkb == null || !(type.endsWith("Polygon"))) {
                throw new UnprocessableInput(source.where(index), "IMRO object " + ft + " " + gmlId + " has "
                        + (wkb == null ? "no geometry" : "a " + type + " geometry") + "; a " + ft
                        + " is an area. Nothing was loaded.", Map.of("object", gmlId == null ? "" : gmlId));
            }
            int srid = source.declaredCrs() == null ? Crs.RD.srid() : Crs.sridOf(source.declaredCrs(), "srsName");
            jdbc.sql(IngestSql.load("imro-stage-insert.sql"))
                    .param("idx", index).param("gmlId", gmlId).param("type", ft).param("naam", s.naam)
                    .param("hoofdgroep", s.hoofdgroep).param("shapes", s.shapes).param("monument", s.monument)
                    .param("height", s.height, java.sql.Types.DOUBLE).param("coverage", s.coverage, java.sql.Types.DOUBLE)
                    .param("storeys", s.storeys, java.sql.Types.INTEGER)
                    .param("dwellings", s.dwellings, java.sql.Types.INTEGER)
                    .param("wkb", wkb).param("srid", srid)
                    .update();
        });
        if (r.plans != 1) {
            String seen = r.types.isEmpty() ? "no plan objects" : String.join(", ", r.types.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue().read + ")").toList());
            throw new UnprocessableInput(r.plans == 0 ? "file" : "Bestemmingsplangebied", r.plans == 0
                    ? "The file is not a bestemmingsplan: it has no Bestemmingsplangebied, so there is no plan area to "
                    + "divide into zoning (found: " + seen + "). The imro preset reads IMRO bestemmingsplannen; "
                    + "beheersverordeningen, structuurvisies and omgevingsplannen have another structure."
                    : "The file has " + r.plans + " Bestemmingsplangebieden; the imro preset loads one plan at a time.");
        }
        if (r.enkel == 0) {
            throw new UnprocessableInput("file", "The plan " + r.planId + " has no Enkelbestemming: nothing gives "
                    + "its land use, so no zoning can be derived.");
        }
        // the derivation: faces of the partition with the objects that cover them, then parts
        jdbc.sql(IngestSql.load("imro-faces.sql")).param("grid", GRID_M).param("sliverArea", SLIVER_M2)
                .param("sliverWidth", SLIVER_WIDTH_M).update();
        jdbc.sql(IngestSql.load("imro-slivers.sql")).update();
        Map<String, Object> area = jdbc.sql(IngestSql.load("imro-summary.sql")).query().singleRow();
        List<String> unknownHeight = jdbc.sql(IngestSql.load("imro-height-unknown.sql")).query(String.class).list();

        Layer zoning = Layer.ZONING;
        staging.lock(zoning);
        staging.clear(zoning, false);
        int parts = jdbc.sql(IngestSql.load("imro-zoning-insert.sql").replace("{table}", zoning.table()))
                .param("planId", r.planId).param("planName", r.planName)
                .param("loadId", id).update();
        String constraints = Layer.CONSTRAINTS.table();
        staging.lock(Layer.CONSTRAINTS);
        jdbc.sql(IngestSql.load("imro-monuments-delete.sql").replace("{table}", constraints))
                .param("planPrefix", likePrefix(r.planId) + "/%").update();
        int monuments = jdbc.sql(IngestSql.load("imro-monuments-insert.sql").replace("{table}", constraints))
                .param("planId", r.planId).param("loadId", id).update();
        long constraintsVersion = staging.bumpVersion(Layer.CONSTRAINTS, id);
        long version = staging.bumpVersion(zoning, id);

        List<LoadReport.TypeCount> types = new ArrayList<>();
        r.types.forEach((k, t) -> types.add(new LoadReport.TypeCount(k, t.read, t.used, t.ignored, t.unknown,
                TYPE_USE.getOrDefault(k, "unknown IMRO type: not used"))));
        List<LoadReport.ValueCount> values = new ArrayList<>();
        r.values.forEach((k, n) -> values.add(new LoadReport.ValueCount(k, n[0], r.valueUse.get(k))));
        LoadReport.PlanReport plan = new LoadReport.PlanReport(r.planId, r.planName, source.rootNamespace(), types,
                values, r.bouwvlakken, unknownHeight.size(), unknownHeight, monuments, parts,
                num(area.get("plan_m2")), num(area.get("parts_m2")), ((Number) area.get("slivers")).intValue(),
                num(area.get("slivers_m2")));
        String crs = source.declaredCrs() == null ? "EPSG:28992" : source.declaredCrs();
        history.succeed(id, new LoadStore.Outcome("gml", crs, null, r.read, 0, parts, 0, 0, 0, List.of()), version,
                (System.nanoTime() - started) / 1_000_000);
        history.planReport(id, plan);
        return new Result(history.find(id).orElseThrow(), constraintsVersion);
    }

    /** What is staged of one object: the values that shape zoning, or that it is a monument. */
    private record Staged(String naam, String hoofdgroep, boolean shapes, boolean monument, Double height,
                          Double coverage, Integer storeys, Integer dwellings) {
    }

    private static Staged classify(String ft, String gmlId, Map<String, Object> props, Tally t, Reading r, String where) {
        String naam = text(props.get("naam"));
        switch (ft) {
            case "Bestemmingsplangebied" -> {
                t.used++;
                r.plans++;
                r.planId = gmlId;
                r.planName = naam;
                return new Staged(naam, null, true, false, null, null, null, null);
            }
            case "Enkelbestemming" -> {
                t.used++;
                r.enkel++;
                String group = text(props.get("bestemmingshoofdgroep"));
                return new Staged(naam, group == null ? null : group.toLowerCase(Locale.ROOT), true, false, null, null,
                        null, null);
            }
            case "Bouwvlak" -> {
                t.used++;
                r.bouwvlakken++;
                return new Staged(naam, null, true, false, null, null, null, null);
            }
            case "Maatvoering" -> {
                return maatvoering(gmlId, naam, props, t, r, where);
            }
            case "Bouwaanduiding" -> {
                String n = naam == null ? "" : naam.toLowerCase(Locale.ROOT);
                if (n.startsWith("specifieke bouwaanduiding") && n.endsWith("monument")) {
                    t.used++;
                    r.monuments++;
                    return new Staged(naam, null, false, true, null, null, null, null);
                }
                t.ignored++;
                return null;
            }
            default -> {
                if (TYPE_USE.containsKey(ft)) {
                    t.ignored++;
                } else {
                    t.unknown++;
                }
                return null;
            }
        }
    }

    private static Staged maatvoering(String gmlId, String naam, Map<String, Object> props, Tally t, Reading r,
                                      String where) {
        List<String> types = list(props.get("maatvoeringInfo.waardeType"));
        List<String> vals = list(props.get("maatvoeringInfo.waarde"));
        if (types.size() != vals.size()) {
            throw new UnprocessableInput(where, "Maatvoering " + gmlId + " has " + vals.size() + " values (waarde) "
                    + "but " + types.size() + " value types (waardeType); each maatvoeringInfo needs both. Nothing was "
                    + "loaded.", Map.of("object", gmlId == null ? "" : gmlId));
        }
        Double height = null;
        Double coverage = null;
        Integer storeys = null;
        Integer dwellings = null;
        boolean any = false;
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i).strip().toLowerCase(Locale.ROOT);
            String rule = VALUE_RULES.get(type);
            String key = type.startsWith("other") && naam != null ? type + " (naam: " + naam + ")" : type;
            r.values.computeIfAbsent(key, k -> new int[1])[0]++;
            if (rule == null) {
                r.valueUse.put(key, VALUES_IGNORED.getOrDefault(type, "unknown: not used (reported, not dropped)"));
                continue;
            }
            r.valueUse.put(key, "used as " + rule);
            double v;
            try {
                v = Double.parseDouble(vals.get(i).strip().replace(',', '.'));
            } catch (NumberFormatException e) {
                throw new UnprocessableInput(where, "Maatvoering " + gmlId + ": '" + types.get(i) + "' has the value '"
                        + vals.get(i) + "', which is not a number. Nothing was loaded.",
                        Map.of("object", gmlId == null ? "" : gmlId));
            }
            any = true;
            // one object with the same value type twice: the more restrictive one holds
            switch (rule) {
                case "max_height_m" -> height = height == null ? v : Math.min(height, v);
                case "max_coverage" -> coverage = coverage == null ? v / 100 : Math.min(coverage, v / 100);
                case "max_storeys" -> storeys = storeys == null ? (int) Math.floor(v) : Math.min(storeys, (int) Math.floor(v));
                default -> dwellings = dwellings == null ? (int) Math.floor(v) : Math.min(dwellings, (int) Math.floor(v));
            }
        }
        if (!any) {
            t.ignored++;
            return null;
        }
        t.used++;
        return new Staged(naam, null, true, false, height, coverage, storeys, dwellings);
    }

    private static List<String> list(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return l.isEmpty() ? null : String.valueOf(l.get(0));
        }
        return String.valueOf(v);
    }

    private static double num(Object v) {
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private static String likePrefix(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
