package nl.infill.analysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.util.unit.DataSize;

import nl.infill.system.Sql;

/**
 * Scoring into {@code parcel_result} and {@code neighbourhood_result} in one transaction per run,
 * and the reads of the results API.
 */
@Repository
class ResultStore {

    /** Whitelisted sort keys of the neighbourhood table: API name -> SQL expression. */
    static final Map<String, String> SORTS = Map.of(
            "code", "n.code",
            "name", "n.name",
            "parcels", "r.parcels",
            "capacity", "r.capacity_m2",
            "dwellings", "r.extra_dwellings",
            "meanScore", "r.mean_score",
            "ageingFit", "r.ageing_fit",
            "pop65plus", "n.pop_65plus_pct");

    record Summary(long parcels, long excluded, long noZoning, double capacityM2, double dwellings, Double meanScore,
                   Map<String, Long> perClass, String distanceMethod) {
    }

    record ParcelResult(long parcelId, String sourceId, double areaM2, double existingFloorAreaM2,
                        Double allowedFloorAreaM2, double capacityM2, Double zonedCapacityM2, double extraDwellings,
                        Double score, Integer scoreClass, boolean excluded, String exclusionReason, boolean noZoning,
                        Boolean softSite, String distanceMethod, String contributions,
                        Double walkSupermarketM, Double walkGpM, Double walkPharmacyM,
                        Double walkSchoolM, Double walkPtM, String dataVersion, long runId, Double footprintM2,
                        Double gsi, Double fsi, String useMix, String dominantUse, Double meanConstructionYear,
                        Long neighbourhoodId, Double pop65plusPct, OffsetDateTime criteriaComputedAt, String zoning) {
    }

    record NeighbourhoodRow(long neighbourhoodId, String code, String name, Integer population, Double pop65plusPct,
                            int parcels, double capacityM2, double extraDwellings, Double meanScore,
                            String parcelsPerClass, Double ageingFit, List<Double> meanScaled) {
    }

    record NeighbourhoodDiff(long neighbourhoodId, String code, String name, Double capacityA, Double capacityB,
                             Double dwellingsA, Double dwellingsB, Double meanScoreA, Double meanScoreB,
                             Double ageingFitA, Double ageingFitB) {
    }

    record ParcelDiff(long parcelId, String sourceId, Double scoreA, Double scoreB, Double scoreDiff, Integer classA,
                      Integer classB, double capacityA, double capacityB, double capacityDiff, boolean excludedA,
                      boolean excludedB) {
    }

    record CompareSummary(long parcels, long classChanged, long scoreUp, long scoreDown, double capacityDiff) {
    }

    private final JdbcClient jdbc;

    ResultStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- run side (all within the run's scoring transaction, on one connection) ---

    /** Gives the rest of the scoring transaction {@code workMem} of sort and hash memory (SET LOCAL). */
    void raiseWorkMem(DataSize workMem) {
        jdbc.sql(Sql.load("analysis/scoring-work-mem.sql")).param("workMem", workMem.toKilobytes() + "kB")
                .query().singleValue();
    }

    /**
     * Scores every parcel into {@code parcel_result}, updating the scenario's rows in place; readers
     * keep seeing the previous results until the run's transaction commits. Returns the run's summary.
     */
    Summary score(long scenarioId, long runId, Map<String, Double> w, ScenarioParams p) {
        return jdbc.sql(Sql.load("analysis/score.sql"))
                .param("scenarioId", scenarioId).param("runId", runId)
                .param("storeyHeight", p.storeyHeightM())
                .param("exclusions", p.exclusions())
                .param("exclusionShare", p.exclusionShare())
                .param("recentlyBuiltYear", p.recentlyBuiltYear())
                .param("renovationCycleYears", p.renovationCycleYears())
                .param("decayFullM", p.decayFullM())
                .param("decayZeroM", p.decayZeroM())
                .param("ageingSharePct", p.ageingSharePct())
                .param("dwellingSizeM2", p.dwellingSizeM2())
                .param("assumedHeightM", p.assumedHeightM(), java.sql.Types.DOUBLE)
                .param("wCapacity", w.get(Criterion.CAPACITY.key()))
                .param("wUnderuse", w.get(Criterion.UNDERUSE.key()))
                .param("wObsolescence", w.get(Criterion.OBSOLESCENCE.key()))
                .param("wTransformation", w.get(Criterion.TRANSFORMATION.key()))
                .param("wAmenities", w.get(Criterion.AMENITIES.key()))
                .param("wAgeing", w.get(Criterion.AGEING.key()))
                .param("wSoft", w.get(Criterion.SOFT_CONSTRAINTS.key()))
                .query(ResultStore::summaryRow).single();
    }

    private static Summary summaryRow(ResultSet rs, int n) throws SQLException {
        return new Summary(rs.getLong("parcels"), rs.getLong("excluded"), rs.getLong("no_zoning"),
                rs.getDouble("capacity_m2"), rs.getDouble("dwellings"), (Double) rs.getObject("mean_score"),
                Map.of("1", rs.getLong("class1"), "2", rs.getLong("class2"), "3", rs.getLong("class3"),
                        "4", rs.getLong("class4"), "5", rs.getLong("class5")),
                rs.getString("distance_method"));
    }

    /** After {@link #score}: removes the rows of parcels the run did not score. */
    int removeStale(long scenarioId, long runId) {
        return jdbc.sql(Sql.load("analysis/results-delete-stale.sql")).param("scenarioId", scenarioId)
                .param("runId", runId).update();
    }

    /** Neighbourhood totals of the scored results and the version bump; returns the new results version. */
    long commit(long scenarioId, long runId, ScenarioParams p) {
        jdbc.sql(Sql.load("analysis/neighbourhood-results-delete.sql")).param("scenarioId", scenarioId).update();
        jdbc.sql(Sql.load("analysis/neighbourhood-results-insert.sql")).param("scenarioId", scenarioId)
                .param("runId", runId).param("walkM", p.decayFullM()).param("storeyHeight", p.storeyHeightM()).update();
        return jdbc.sql(Sql.load("analysis/scenario-bump.sql")).param("scenarioId", scenarioId).query(Long.class).single();
    }

    /** The results version the run committed, if its scoring transaction did commit. */
    Optional<Long> committedVersion(long scenarioId, long runId) {
        return jdbc.sql(Sql.load("analysis/run-committed.sql")).param("scenarioId", scenarioId).param("runId", runId)
                .query(Long.class).optional();
    }

    // --- read side ---

    Optional<ParcelResult> parcel(String slug, long parcelId) {
        return jdbc.sql(Sql.load("analysis/parcel-result.sql")).param("slug", slug).param("parcelId", parcelId)
                .query(ResultStore::parcelRow).optional();
    }

    /** @param sortSql a value of {@link #SORTS} plus " ASC"/" DESC" (never user text) */
    List<NeighbourhoodRow> neighbourhoods(String slug, String sortSql) {
        String sql = Sql.load("analysis/neighbourhoods.sql").replace("/*ORDER_BY*/", sortSql);
        return jdbc.sql(sql).param("slug", slug).query((rs, n) -> new NeighbourhoodRow(rs.getLong("neighbourhood_id"),
                rs.getString("code"), rs.getString("name"), (Integer) rs.getObject("population"),
                (Double) rs.getObject("pop_65plus_pct"), rs.getInt("parcels"), rs.getDouble("capacity_m2"),
                rs.getDouble("extra_dwellings"), (Double) rs.getObject("mean_score"), rs.getString("parcels_per_class"),
                (Double) rs.getObject("ageing_fit"), doubles(rs.getArray("mean_scaled")))).list();
    }

    /**
     * Parcels per score class per neighbourhood with these weights (normalised, in Criterion
     * order): neighbourhood id -> class -> parcels, only the classes that occur.
     */
    Map<Long, Map<Integer, Integer>> neighbourhoodClassesPreview(String slug, double[] w) {
        // the statement names :w1 .. :w7; a criterion added without it would silently weigh nothing
        if (w.length != 7) {
            throw new IllegalStateException("neighbourhood-classes-preview.sql scores 7 criteria, not " + w.length);
        }
        var statement = jdbc.sql(Sql.load("analysis/neighbourhood-classes-preview.sql")).param("slug", slug);
        for (int k = 0; k < w.length; k++) {
            statement = statement.param("w" + (k + 1), w[k]);
        }
        Map<Long, Map<Integer, Integer>> out = new TreeMap<>();
        statement.query(rs -> {
            out.computeIfAbsent(rs.getLong("neighbourhood_id"), id -> new TreeMap<>())
                    .put(rs.getInt("score_class"), rs.getInt("parcels"));
        });
        return out;
    }

    /** A double precision[] as a list (NULL elements kept), or null for SQL NULL. */
    private static List<Double> doubles(java.sql.Array a) throws java.sql.SQLException {
        return a == null ? null : java.util.Arrays.asList((Double[]) a.getArray());
    }

    List<NeighbourhoodDiff> compareNeighbourhoods(long a, long b) {
        return jdbc.sql(Sql.load("analysis/compare-neighbourhoods.sql")).param("a", a).param("b", b)
                .query((rs, n) -> new NeighbourhoodDiff(rs.getLong("neighbourhood_id"), rs.getString("code"),
                        rs.getString("name"), (Double) rs.getObject("capacity_a"), (Double) rs.getObject("capacity_b"),
                        (Double) rs.getObject("dwellings_a"), (Double) rs.getObject("dwellings_b"),
                        (Double) rs.getObject("mean_score_a"), (Double) rs.getObject("mean_score_b"),
                        (Double) rs.getObject("ageing_fit_a"), (Double) rs.getObject("ageing_fit_b"))).list();
    }

    List<ParcelDiff> compareParcels(long a, long b, int limit, int offset) {
        return jdbc.sql(Sql.load("analysis/compare-parcels.sql")).param("a", a).param("b", b)
                .param("limit", limit).param("offset", offset)
                .query((rs, n) -> new ParcelDiff(rs.getLong("parcel_id"), rs.getString("source_id"),
                        (Double) rs.getObject("score_a"), (Double) rs.getObject("score_b"),
                        (Double) rs.getObject("score_diff"), integer(rs, "class_a"), integer(rs, "class_b"),
                        rs.getDouble("capacity_a"), rs.getDouble("capacity_b"), rs.getDouble("capacity_diff"),
                        rs.getBoolean("excluded_a"), rs.getBoolean("excluded_b"))).list();
    }

    CompareSummary compareSummary(long a, long b) {
        return jdbc.sql(Sql.load("analysis/compare-summary.sql")).param("a", a).param("b", b)
                .query((rs, n) -> new CompareSummary(rs.getLong("parcels"), rs.getLong("class_changed"),
                        rs.getLong("score_up"), rs.getLong("score_down"), rs.getDouble("capacity_diff"))).single();
    }

    private static ParcelResult parcelRow(ResultSet rs, int n) throws SQLException {
        return new ParcelResult(rs.getLong("parcel_id"), rs.getString("source_id"), rs.getDouble("area_m2"),
                rs.getDouble("existing_floor_area_m2"), (Double) rs.getObject("allowed_floor_area_m2"),
                rs.getDouble("capacity_m2"), (Double) rs.getObject("zoned_capacity_m2"), rs.getDouble("extra_dwellings"),
                (Double) rs.getObject("score"), integer(rs, "score_class"), rs.getBoolean("excluded"),
                rs.getString("exclusion_reason"), rs.getBoolean("no_zoning"), (Boolean) rs.getObject("soft_site"),
                rs.getString("distance_method"), rs.getString("contributions"),
                (Double) rs.getObject("walk_supermarket_m"),
                (Double) rs.getObject("walk_gp_m"), (Double) rs.getObject("walk_pharmacy_m"),
                (Double) rs.getObject("walk_school_m"), (Double) rs.getObject("walk_pt_m"), rs.getString("data_version"),
                rs.getLong("run_id"), (Double) rs.getObject("footprint_m2"), (Double) rs.getObject("gsi"),
                (Double) rs.getObject("fsi"), rs.getString("use_mix"), rs.getString("dominant_use"),
                (Double) rs.getObject("mean_construction_year"), (Long) rs.getObject("neighbourhood_id"),
                (Double) rs.getObject("pop_65plus_pct"), rs.getObject("criteria_computed_at", OffsetDateTime.class),
                rs.getString("zoning"));
    }

    private static Integer integer(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }
}
