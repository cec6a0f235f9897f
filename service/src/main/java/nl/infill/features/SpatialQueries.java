package nl.infill.features;

import java.util.Iterator;
import java.util.Set;

import nl.infill.geo.Crs;
import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.Collection;
import nl.infill.layers.Layer;
import nl.infill.system.InvalidInput;
import nl.infill.system.JsonInput;
import nl.infill.system.NotFound;

import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns spatial query requests (intersects body, within and nearest parameters) into
 * {@link Selection}s over parcels, or over a scenario's parcel results when a scenario is given.
 */
@Component
class SpatialQueries {

    private static final Set<String> BODY_FIELDS = Set.of("geometry", "crs", "scenario", "limit", "filter",
            "filter-lang", "filter-crs");

    private final Catalogue catalogue;
    private final FeaturesSettings settings;
    private final CqlFilters filters;

    SpatialQueries(Catalogue catalogue, FeaturesSettings settings, CqlFilters filters) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.filters = filters;
    }

    /**
     * {@code {"geometry": GeoJSON, "crs": "EPSG:4326"|"EPSG:28992", "scenario": slug?, "limit"?,
     * "filter"?, "filter-lang"?, "filter-crs"?}}; the filter is CQL2 JSON, or CQL2 text in a string.
     */
    Selection intersects(String body) {
        return intersects(body, true);
    }

    /** @param paged true for a query answer (default limit), false for an export (every match) */
    Selection intersects(String body, boolean paged) {
        JsonNode root;
        try {
            // lenient about NaN/Infinity tokens only so that they can be refused by field name
            root = body == null ? null : JsonInput.mapperAllowingNonNumericNumbers().readTree(body);
        } catch (JacksonException e) {
            throw JsonInput.invalid(e, "body", "The body");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInput("body", "The body must be a JSON object with a 'geometry'.");
        }
        for (Iterator<String> it = root.propertyNames().iterator(); it.hasNext();) {
            String name = it.next();
            if (!BODY_FIELDS.contains(name)) {
                throw new InvalidInput(Crs.abbreviate(name), "Unknown field '" + Crs.abbreviate(name)
                        + "'. Fields: geometry, crs, scenario, limit, filter, filter-lang, filter-crs.");
            }
        }
        JsonNode crsNode = root.path("crs");
        if (!crsNode.isMissingNode() && !crsNode.isNull() && !crsNode.isString()) {
            throw new InvalidInput("crs", "crs must be a string such as EPSG:4326 or EPSG:28992.");
        }
        Crs crs = Crs.ofCode(crsNode.isString() ? crsNode.asString() : null, "crs");
        String geometry = GeometryInput.validate(root.get("geometry"), crs, settings.maxVertices(), "geometry");
        JsonNode scenario = root.path("scenario");
        if (!scenario.isMissingNode() && !scenario.isNull() && !scenario.isString()) {
            throw new InvalidInput("scenario", "scenario must be a scenario slug.");
        }
        Integer limit = null;
        JsonNode l = root.path("limit");
        if (!l.isMissingNode() && !l.isNull()) {
            if (!l.isIntegralNumber()) {
                throw new InvalidInput("limit", "limit must be a whole number.");
            }
            limit = checkLimit(l.longValue());
        }
        Selection s = new Selection(collection(scenario.isString() ? scenario.asString() : null));
        filters.apply(s, root.get("filter"), root.get("filter-lang"), root.get("filter-crs"));
        s.intersects(geometry, crs.srid());
        return s.limit(limit == null && paged ? Integer.valueOf(settings.defaultLimit()) : limit);
    }

    /** The CQL2 filter parameters of the GET queries: {@code filter}, {@code filter-lang}, {@code filter-crs}. */
    record Filter(String filter, String lang, String crs) {
    }

    Selection within(String x, String y, String distance, String crsCode, String scenario, String limit, Filter filter) {
        Crs crs = Crs.ofCode(crsCode, "crs");
        double[] p = point(x, y, crs);
        double d = number(distance, "distance");
        if (d < 0 || d > settings.maxDistanceM()) {
            throw new InvalidInput("distance", "distance must be from 0 to " + settings.maxDistanceM() + " metres.");
        }
        Selection s = new Selection(collection(scenario));
        filters.apply(s, filter.filter(), filter.lang(), filter.crs());
        s.within(p[0], p[1], crs.srid(), d);
        return s.limit(limit == null ? settings.defaultLimit() : checkLimit(integer(limit, "limit")));
    }

    Selection nearest(String x, String y, String k, String crsCode, String scenario, Filter filter) {
        Crs crs = Crs.ofCode(crsCode, "crs");
        double[] p = point(x, y, crs);
        long n = k == null ? 10 : integer(k, "k");
        if (n < 1 || n > settings.maxK()) {
            throw new InvalidInput("k", "k must be from 1 to " + settings.maxK() + ".");
        }
        // Filtered first: the k nearest of the features that pass the filter.
        Selection s = new Selection(collection(scenario));
        filters.apply(s, filter.filter(), filter.lang(), filter.crs());
        return s.nearest(p[0], p[1], crs.srid(), (int) n);
    }

    private Collection collection(String scenario) {
        if (scenario == null || scenario.isBlank()) {
            return catalogue.collection(Layer.PARCELS);
        }
        return catalogue.parcelResults(scenario).orElseThrow(() -> new NotFound("scenario",
                "Unknown scenario '" + Crs.abbreviate(scenario) + "'."));
    }

    private int checkLimit(long limit) {
        if (limit < 1 || limit > settings.maxLimit()) {
            throw new InvalidInput("limit", "limit must be from 1 to " + settings.maxLimit() + ".");
        }
        return (int) limit;
    }

    private static double[] point(String x, String y, Crs crs) {
        double px = number(x, "x");
        double py = number(y, "y");
        double[] b = crs.bounds();
        if (px < b[0] || px > b[2]) {
            throw new InvalidInput("x", "x lies outside the range of " + crs.uri() + " (" + b[0] + ".." + b[2] + ").");
        }
        if (py < b[1] || py > b[3]) {
            throw new InvalidInput("y", "y lies outside the range of " + crs.uri() + " (" + b[1] + ".." + b[3] + ").");
        }
        return new double[] {px, py};
    }

    private static double number(String v, String where) {
        if (v == null || v.isBlank()) {
            throw new InvalidInput(where, "Parameter '" + where + "' is required.");
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInput(where, "Parameter '" + where + "' must be a finite number.");
    }

    private static long integer(String v, String where) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInput(where, "Parameter '" + where + "' must be a whole number.");
        }
    }
}
