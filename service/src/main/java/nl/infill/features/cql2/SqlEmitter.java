package nl.infill.features.cql2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nl.infill.features.cql2.Queryables.Queryable;
import nl.infill.features.cql2.Queryables.QueryableType;

import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Writes the {@link Ast} as a PostgreSQL/PostGIS predicate over alias {@code t}. The SQL text is
 * made of this class's own keywords and functions, the columns of {@link Queryables} and named
 * parameters only: a property name from the filter reaches SQL only as its whitelisted column,
 * and every value, geometry literals included (as WKB), is a bound parameter.
 *
 * <p>Types are checked here: a comparison needs operands of one kind (numbers, text, booleans,
 * dates or timestamps), LIKE needs text, BETWEEN numbers, and a spatial function the geometry
 * property on one side and a geometry literal on the other.
 */
final class SqlEmitter {

    /**
     * Where EPSG:28992 is meaningful, in CRS84: a generous box around the Netherlands (the same as
     * for {@code bbox}). Every stored feature lies inside it.
     */
    private static final Envelope RD_AREA = new Envelope(2.0, 8.0, 50.0, 56.0);

    /** Longest edge of a CRS84 literal before it is projected, so that it keeps its shape in RD (degrees). */
    private static final double DENSIFY_DEGREES = 0.01;

    private record Typed(String sql, QueryableType type) {
    }

    private final Queryables queryables;
    private final FilterCrs crs;
    private final String prefix;
    private final Map<String, Object> params = new LinkedHashMap<>();

    SqlEmitter(Queryables queryables, FilterCrs crs, String prefix) {
        this.queryables = queryables;
        this.crs = crs;
        this.prefix = prefix;
    }

    SqlPredicate emit(Ast.Predicate p) {
        String sql = predicate(p);
        return new SqlPredicate(sql, params);
    }

    private String predicate(Ast.Predicate p) {
        if (p instanceof Ast.And a) {
            return join(a.args(), " AND ");
        }
        if (p instanceof Ast.Or o) {
            return join(o.args(), " OR ");
        }
        if (p instanceof Ast.Not n) {
            return "(NOT " + predicate(n.arg()) + ")";
        }
        if (p instanceof Ast.BoolConst b) {
            return b.value() ? "TRUE" : "FALSE";
        }
        if (p instanceof Ast.Comparison c) {
            return comparison(c);
        }
        if (p instanceof Ast.Like l) {
            return like(l);
        }
        if (p instanceof Ast.Between b) {
            return between(b);
        }
        if (p instanceof Ast.In in) {
            return in(in);
        }
        if (p instanceof Ast.IsNull n) {
            return isNull(n);
        }
        return spatial((Ast.Spatial) p);
    }

    private String join(List<Ast.Predicate> args, String op) {
        List<String> parts = new ArrayList<>();
        args.forEach(a -> parts.add(predicate(a)));
        return "(" + String.join(op, parts) + ")";
    }

    private String comparison(Ast.Comparison c) {
        String op = switch (c.op()) {
            case "=" -> "=";
            case "<>" -> "<>";
            case "<" -> "<";
            case ">" -> ">";
            case "<=" -> "<=";
            case ">=" -> ">=";
            default -> throw Problems.bad("Unknown comparison operator.");
        };
        Typed l = scalar(c.left());
        Typed r = scalar(c.right());
        sameKind(l, r, c.op());
        return "(" + l.sql() + " " + op + " " + r.sql() + ")";
    }

    private String like(Ast.Like l) {
        Typed v = scalar(l.value());
        if (v.type() != QueryableType.STRING) {
            throw Problems.bad("LIKE compares text; " + describe(l.value(), v) + ".");
        }
        String pattern = patternText(l.pattern());
        int backslashes = 0;
        for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            throw Problems.bad("A LIKE pattern cannot end with the escape character \\ (write \\\\ for a backslash).");
        }
        Typed p = scalar(l.pattern());
        return "(" + v.sql() + (l.negated() ? " NOT LIKE " : " LIKE ") + p.sql() + ")";
    }

    private static String patternText(Ast.Operand o) {
        if (o instanceof Ast.Text t) {
            return t.value();
        }
        if (o instanceof Ast.Casei c) {
            return patternText(c.arg());
        }
        throw Problems.bad("A LIKE pattern is a character literal.");
    }

    private String between(Ast.Between b) {
        Typed v = scalar(b.value());
        Typed lo = scalar(b.low());
        Typed hi = scalar(b.high());
        for (var pair : List.of(List.of(b.value(), v), List.of(b.low(), lo), List.of(b.high(), hi))) {
            Typed t = (Typed) pair.get(1);
            if (!t.type().numeric()) {
                throw Problems.bad("BETWEEN compares numbers; " + describe((Ast.Operand) pair.get(0), t) + ".");
            }
        }
        return "(" + v.sql() + (b.negated() ? " NOT BETWEEN " : " BETWEEN ") + lo.sql() + " AND " + hi.sql() + ")";
    }

    private String in(Ast.In in) {
        Typed v = scalar(in.value());
        List<String> items = new ArrayList<>();
        for (Ast.Operand o : in.list()) {
            Typed t = scalar(o);
            sameKind(v, t, "IN");
            items.add(t.sql());
        }
        if (items.isEmpty()) {
            return in.negated() ? "TRUE" : "FALSE";
        }
        return "(" + v.sql() + (in.negated() ? " NOT IN (" : " IN (") + String.join(", ", items) + "))";
    }

    private String isNull(Ast.IsNull n) {
        if (n.value() instanceof Ast.GeometryValue) {
            return n.negated() ? "TRUE" : "FALSE";
        }
        Typed v = operand(n.value());
        return "(" + v.sql() + (n.negated() ? " IS NOT NULL" : " IS NULL") + ")";
    }

    // Operands

    /** An operand that is not a geometry. */
    private Typed scalar(Ast.Operand o) {
        Typed t = operand(o);
        if (t.type() == QueryableType.GEOMETRY) {
            throw Problems.bad("The geometry can only be compared with the spatial functions (S_INTERSECTS, ...).");
        }
        return t;
    }

    private Typed operand(Ast.Operand o) {
        if (o instanceof Ast.Property p) {
            Queryable q = property(p.name());
            return new Typed(q.column(), q.type());
        }
        if (o instanceof Ast.Text t) {
            return new Typed(param(t.value(), "text"), QueryableType.STRING);
        }
        if (o instanceof Ast.Num n) {
            return n.value() instanceof Long
                    ? new Typed(param(n.value(), "bigint"), QueryableType.INTEGER)
                    : new Typed(param(n.value(), "double precision"), QueryableType.NUMBER);
        }
        if (o instanceof Ast.Bool b) {
            return new Typed(param(b.value(), "boolean"), QueryableType.BOOLEAN);
        }
        if (o instanceof Ast.DateValue d) {
            return new Typed(param(d.value(), "date"), QueryableType.DATE);
        }
        if (o instanceof Ast.TimestampValue t) {
            return new Typed(param(t.value(), "timestamptz"), QueryableType.TIMESTAMP);
        }
        if (o instanceof Ast.Casei c) {
            Typed inner = operand(c.arg());
            if (inner.type() != QueryableType.STRING) {
                throw Problems.bad("CASEI takes text; " + describe(c.arg(), inner) + ".");
            }
            return new Typed("lower(" + inner.sql() + ")", QueryableType.STRING);
        }
        throw Problems.bad("A geometry literal can only be an argument of a spatial function (S_INTERSECTS, ...).");
    }

    private Queryable property(String name) {
        return queryables.find(name).orElseThrow(() -> Problems.bad("Unknown property '" + Problems.quote(name)
                + "' in the filter. Queryables of '" + queryables.collectionId() + "': "
                + String.join(", ", queryables.names()) + "."));
    }

    private String param(Object value, String sqlType) {
        String name = prefix + params.size();
        params.put(name, value);
        return "CAST(:" + name + " AS " + sqlType + ")";
    }

    private static void sameKind(Typed a, Typed b, String op) {
        if (kind(a.type()).equals(kind(b.type()))) {
            return;
        }
        throw Problems.bad("'" + op + "' cannot compare " + kind(a.type()) + " with " + kind(b.type()) + ".");
    }

    private static String kind(QueryableType t) {
        return switch (t) {
            case INTEGER, NUMBER -> "a number";
            case STRING -> "text";
            case BOOLEAN -> "a boolean";
            case DATE -> "a date";
            case TIMESTAMP -> "a timestamp";
            case GEOMETRY -> "a geometry";
        };
    }

    private static String describe(Ast.Operand o, Typed t) {
        String what = o instanceof Ast.Property p ? "property '" + p.name() + "'" : "the value";
        return what + " is " + kind(t.type());
    }

    // Spatial functions

    private String spatial(Ast.Spatial s) {
        boolean aIsGeometry = isGeometryProperty(s.a());
        boolean bIsGeometry = isGeometryProperty(s.b());
        Ast.GeometryValue literal;
        SpatialOp op;
        String column;
        if (aIsGeometry && s.b() instanceof Ast.GeometryValue g) {
            literal = g;
            op = s.op();
            column = property(((Ast.Property) s.a()).name()).column();
        } else if (bIsGeometry && s.a() instanceof Ast.GeometryValue g) {
            literal = g;
            op = s.op().converse();
            column = property(((Ast.Property) s.b()).name()).column();
        } else {
            for (Ast.Operand o : List.of(s.a(), s.b())) {
                if (o instanceof Ast.Property p) {
                    property(p.name());
                }
            }
            throw Problems.bad(s.op().cqlName() + " compares the geometry property with a geometry literal "
                    + "(WKT, GeoJSON or BBOX); one argument must be the property '" + geometryName()
                    + "' and the other a literal.");
        }
        Geometry g = literalGeometry(literal);
        if (crs == FilterCrs.RD) {
            return op.function + "(" + column + ", ST_GeomFromWKB(" + wkb(g) + ", 28992))";
        }
        if (RD_AREA.covers(g.getEnvelopeInternal())) {
            return op.function + "(" + column + ", ST_Transform(ST_GeomFromWKB(" + wkb(Densifier.densify(g, DENSIFY_DEGREES))
                    + ", 4326), 28992))";
        }
        // A CRS84 literal that reaches beyond the Netherlands cannot be projected to RD as a whole.
        // Every feature lies inside RD_AREA, so intersecting and disjoint features are the same for
        // the part of the literal inside it; the other relations also depend on the part outside,
        // so they are evaluated in CRS84 on the projected feature, after the index has narrowed to
        // features near the inside part.
        Geometry inside = OverlayNGRobust.overlay(g, Geometries.FACTORY.toGeometry(RD_AREA), OverlayNG.INTERSECTION);
        String near = "ST_Transform(ST_GeomFromWKB(" + wkb(Densifier.densify(inside, DENSIFY_DEGREES)) + ", 4326), 28992)";
        if (op == SpatialOp.INTERSECTS || op == SpatialOp.DISJOINT) {
            return op.function + "(" + column + ", " + near + ")";
        }
        return "(" + column + " && ST_Expand(" + near + ", 1) AND " + op.function + "(ST_Transform(" + column
                + ", 4326), ST_GeomFromWKB(" + wkb(g) + ", 4326)))";
    }

    private boolean isGeometryProperty(Ast.Operand o) {
        return o instanceof Ast.Property p && queryables.find(p.name()).map(q -> q.type() == QueryableType.GEOMETRY)
                .orElse(false);
    }

    private String geometryName() {
        return queryables.names().stream().filter(n -> queryables.find(n).map(q -> q.type() == QueryableType.GEOMETRY)
                .orElse(false)).findFirst().orElse("geometry");
    }

    /** The literal checked against the CRS's range and for validity; BBOX across the antimeridian split in two. */
    private Geometry literalGeometry(Ast.GeometryValue v) {
        if (v.bbox() != null) {
            double minX = v.bbox().get(0);
            double minY = v.bbox().get(1);
            double maxX = v.bbox().get(2);
            double maxY = v.bbox().get(3);
            inRange(minX, minY);
            inRange(maxX, maxY);
            if (minX <= maxX) {
                return Geometries.FACTORY.toGeometry(new Envelope(minX, maxX, minY, maxY));
            }
            if (crs == FilterCrs.RD) {
                throw Problems.bad("BBOX has minx greater than maxx.");
            }
            Polygon east = (Polygon) Geometries.FACTORY.toGeometry(new Envelope(minX, 180, minY, maxY));
            Polygon west = (Polygon) Geometries.FACTORY.toGeometry(new Envelope(-180, maxX, minY, maxY));
            return Geometries.FACTORY.createMultiPolygon(new Polygon[] {east, west});
        }
        Geometry g = v.geometry();
        for (Coordinate c : g.getCoordinates()) {
            inRange(c.x, c.y);
        }
        IsValidOp valid = new IsValidOp(g);
        TopologyValidationError error = valid.getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            throw Problems.bad("The geometry literal is not valid: " + error.getMessage().toLowerCase(Locale.ROOT)
                    + (at == null ? "" : String.format(Locale.ROOT, " at (%s %s)", at.x, at.y)) + ".");
        }
        return g;
    }

    private void inRange(double x, double y) {
        if (!crs.contains(x, y)) {
            throw Problems.bad(String.format(Locale.ROOT, "The position (%s %s) lies outside the range of the filter CRS "
                    + "(x %s..%s, y %s..%s)%s.", x, y, crs.minX, crs.maxX, crs.minY, crs.maxY,
                    crs == FilterCrs.CRS84 ? "; CRS84 is longitude, latitude" : ""));
        }
    }

    private String wkb(Geometry g) {
        String name = prefix + params.size();
        params.put(name, new WKBWriter(2).write(g));
        return ":" + name;
    }
}
