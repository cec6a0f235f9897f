package nl.infill.features.cql2;

import nl.infill.system.InvalidInput;


/** The 400 problems of a filter; every one names {@code filter} (or the parameter at fault) as where. */
final class Problems {

    static final String WHERE = "filter";

    /** What a client may use, repeated in every "not supported" answer. */
    static final String SUPPORTED = "Supported: AND, OR, NOT, comparisons (=, <>, <, >, <=, >=), LIKE, BETWEEN, IN, "
            + "IS NULL, CASEI, the spatial functions S_INTERSECTS, S_DISJOINT, S_EQUALS, S_TOUCHES, S_WITHIN, "
            + "S_CONTAINS, S_OVERLAPS, S_CROSSES with WKT, GeoJSON or BBOX literals, and TRUE/FALSE.";

    private Problems() {
    }

    static InvalidInput bad(String detail) {
        return new InvalidInput(WHERE, detail);
    }

    static InvalidInput unsupported(String what) {
        return new InvalidInput(WHERE, what + " is not supported by this service. " + SUPPORTED);
    }

    /** Shortens input quoted back in a message. */
    static String quote(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 60 ? one.substring(0, 60) + "..." : one;
    }
}
