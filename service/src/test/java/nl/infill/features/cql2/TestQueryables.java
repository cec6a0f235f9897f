package nl.infill.features.cql2;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queryables of the parcel results, written out by hand for the unit tests of this package
 * (the features module's adapter builds the same from its collection definitions).
 */
final class TestQueryables implements Queryables {

    static final Cql2Limits LIMITS = new Cql2Limits(20_000, 32, 2_000, 1_000, 10_000);

    static final Map<String, QueryableType> TYPES = Map.of(
            "geometry", QueryableType.GEOMETRY,
            "source_id", QueryableType.STRING,
            "municipality", QueryableType.STRING,
            "area_m2", QueryableType.NUMBER,
            "score", QueryableType.NUMBER,
            "score_class", QueryableType.INTEGER,
            "excluded", QueryableType.BOOLEAN,
            "walk_gp_m", QueryableType.NUMBER);

    @Override
    public String collectionId() {
        return "results-test";
    }

    @Override
    public Optional<Queryable> find(String name) {
        QueryableType t = TYPES.get(name);
        return t == null ? Optional.empty()
                : Optional.of(new Queryable(name, t == QueryableType.GEOMETRY ? "t.geom" : "t." + name, t));
    }

    @Override
    public List<String> names() {
        return TYPES.keySet().stream().sorted().toList();
    }

    static SqlPredicate sql(String text) {
        return Cql2Filter.parse(text, null, LIMITS).toSql(new TestQueryables(), FilterCrs.CRS84, "cql");
    }

    static SqlPredicate sqlJson(String json) {
        return Cql2Filter.parse(json, "cql2-json", LIMITS).toSql(new TestQueryables(), FilterCrs.CRS84, "cql");
    }
}
