package nl.infill.features;

import java.util.Set;

import nl.infill.geo.Crs;
import nl.infill.features.cql2.Cql2Filter;
import nl.infill.features.cql2.FilterCrs;
import nl.infill.features.cql2.SqlPredicate;
import nl.infill.system.InvalidInput;

import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

import tools.jackson.databind.JsonNode;

/**
 * Applies the {@code filter}, {@code filter-lang} and {@code filter-crs} of OGC API - Features
 * Part 3 to a {@link Selection}, the same way for items, exports and spatial queries. The filter
 * is ANDed with the request's other conditions (bbox, property=value, the query geometry).
 */
@Component
class CqlFilters {

    static final Set<String> PARAMS = Set.of("filter", "filter-lang", "filter-crs");

    /** Keeps filter parameters apart from this package's own (f0, bbox, cid, ...). */
    private static final String PREFIX = "cql";

    private final FeaturesSettings settings;

    CqlFilters(FeaturesSettings settings) {
        this.settings = settings;
    }

    /** Query parameters of items and collection exports; {@code filter-crs} is a CRS URI. */
    void apply(Selection s, MultiValueMap<String, String> params) {
        apply(s, ItemsQuery.single(params, "filter"), ItemsQuery.single(params, "filter-lang"),
                Crs.ofUri(ItemsQuery.single(params, "filter-crs"), "filter-crs"));
    }

    /** Parameters of the spatial-query GET endpoints; {@code filterCrs} as a code (EPSG:28992) or URI. */
    void apply(Selection s, String filter, String lang, String filterCrs) {
        apply(s, filter, lang, Crs.ofCode(filterCrs, "filter-crs"));
    }

    /**
     * Fields of a JSON body: {@code filter} is CQL2 JSON as a JSON value, or CQL2 text as a string
     * (then {@code filter-lang} may say cql2-json for JSON text in a string).
     */
    void apply(Selection s, JsonNode filter, JsonNode lang, JsonNode filterCrs) {
        String l = text(lang, "filter-lang");
        Crs crs = Crs.ofCode(text(filterCrs, "filter-crs"), "filter-crs");
        boolean json = Cql2Filter.json(l);
        if (filter == null || filter.isMissingNode() || filter.isNull()) {
            return;
        }
        if (filter.isString()) {
            apply(s, Cql2Filter.parse(filter.asString(), l, settings.filterLimits()), crs);
        } else if (json || l == null) {
            apply(s, Cql2Filter.parseJson(filter, settings.filterLimits()), crs);
        } else {
            throw new InvalidInput("filter", "A cql2-text filter is a string.");
        }
    }

    private void apply(Selection s, String filter, String lang, Crs crs) {
        Cql2Filter.json(lang);
        if (filter == null) {
            return;
        }
        apply(s, Cql2Filter.parse(filter, lang, settings.filterLimits()), crs);
    }

    private static void apply(Selection s, Cql2Filter filter, Crs crs) {
        SqlPredicate p = filter.toSql(CollectionQueryables.of(s.collection()), crs == Crs.RD ? FilterCrs.RD : FilterCrs.CRS84,
                PREFIX);
        s.where(p.sql());
        p.params().forEach(s::param);
    }

    private static String text(JsonNode n, String where) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw new InvalidInput(where, "'" + where + "' must be a string.");
        }
        return n.asString();
    }
}
