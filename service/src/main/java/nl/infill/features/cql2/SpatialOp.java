package nl.infill.features.cql2;

import java.util.Locale;
import java.util.Optional;

/**
 * The spatial comparison functions of CQL2 (OGC 21-065r2, clause 7.6) and the PostGIS function
 * that evaluates each; all of them are index-assisted in PostGIS 3.
 */
enum SpatialOp {
    INTERSECTS("ST_Intersects"),
    DISJOINT("ST_Disjoint"),
    EQUALS("ST_Equals"),
    TOUCHES("ST_Touches"),
    WITHIN("ST_Within"),
    CONTAINS("ST_Contains"),
    OVERLAPS("ST_Overlaps"),
    CROSSES("ST_Crosses");

    final String function;

    SpatialOp(String function) {
        this.function = function;
    }

    /** The CQL2 name, e.g. {@code S_INTERSECTS}. */
    String cqlName() {
        return "S_" + name();
    }

    /** The relation with the arguments swapped: within and contains trade places, the rest are symmetric. */
    SpatialOp converse() {
        return switch (this) {
            case WITHIN -> CONTAINS;
            case CONTAINS -> WITHIN;
            default -> this;
        };
    }

    /** By CQL2 name, text ({@code S_INTERSECTS}) or JSON ({@code s_intersects}) spelling. */
    static Optional<SpatialOp> byName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("S_")) {
            return Optional.empty();
        }
        for (SpatialOp op : values()) {
            if (op.name().equals(n.substring(2))) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
