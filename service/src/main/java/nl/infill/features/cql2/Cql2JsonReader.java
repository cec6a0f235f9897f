package nl.infill.features.cql2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads CQL2 JSON (OGC 21-065r2, clause 8.3, schema cql2.json) with Jackson into the same
 * {@link Ast} as the text encoding. Every problem names its place as a path into the JSON, e.g.
 * {@code args[1].args[0]}; members the schema does not define are refused rather than ignored.
 */
final class Cql2JsonReader {

    private static final Set<String> LOGICAL = Set.of("and", "or", "not");
    private static final Set<String> COMPARISON = Set.of("=", "<>", "<", ">", "<=", ">=");
    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "^", "%", "div");
    private static final Set<String> GEOMETRY_TYPES = Set.of("Point", "LineString", "Polygon", "MultiPoint",
            "MultiLineString", "MultiPolygon", "GeometryCollection");

    /**
     * Jackson's own nesting bound stops a deep document before its tree is built (above the
     * largest filter-max-depth the settings accept); the reader's depth budget then applies to the
     * expression itself.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(600).build()).build()).build();

    private final Literals literals;
    private final Geometries geometries;

    private Cql2JsonReader(Cql2Limits limits) {
        this.literals = new Literals(limits);
        this.geometries = new Geometries(literals);
    }

    static Ast.Predicate read(String json, Cql2Limits limits) {
        if (json.length() > limits.maxLength()) {
            throw Problems.bad("The filter is longer than " + limits.maxLength() + " characters.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw Problems.bad("The CQL2 JSON filter is not valid JSON" + where + (e.getMessage() != null
                    && e.getMessage().contains("nesting depth") ? ": it is nested too deeply." : "."));
        }
        return read(node, limits);
    }

    static Ast.Predicate read(JsonNode node, Cql2Limits limits) {
        if (node == null || node.isMissingNode()) {
            throw Problems.bad("The CQL2 JSON filter is empty.");
        }
        if (node.toString().length() > limits.maxLength()) {
            throw Problems.bad("The filter is longer than " + limits.maxLength() + " characters.");
        }
        return new Cql2JsonReader(limits).predicate(node, "", 1);
    }

    private Ast.Predicate predicate(JsonNode n, String at, int depth) {
        literals.node(depth);
        if (n.isBoolean()) {
            return new Ast.BoolConst(n.booleanValue());
        }
        if (!n.isObject() || !n.has("op")) {
            throw bad(at, "expected a predicate: an object with \"op\" and \"args\", or true or false");
        }
        String op = op(n, at);
        List<JsonNode> args = args(n, at);
        int d = depth + 1;
        if (LOGICAL.contains(op)) {
            if (op.equals("not")) {
                arity(args, 1, op, at);
                return new Ast.Not(predicate(args.get(0), at(at, 0), d));
            }
            if (args.size() < 2) {
                throw bad(at, "\"" + op + "\" takes at least 2 args");
            }
            List<Ast.Predicate> ps = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                ps.add(predicate(args.get(i), at(at, i), d));
            }
            return op.equals("and") ? new Ast.And(ps) : new Ast.Or(ps);
        }
        if (COMPARISON.contains(op)) {
            arity(args, 2, op, at);
            return new Ast.Comparison(op, operand(args.get(0), at(at, 0), d), operand(args.get(1), at(at, 1), d));
        }
        switch (op) {
            case "like" -> {
                arity(args, 2, op, at);
                return new Ast.Like(operand(args.get(0), at(at, 0), d), pattern(args.get(1), at(at, 1), d), false);
            }
            case "between" -> {
                arity(args, 3, op, at);
                return new Ast.Between(operand(args.get(0), at(at, 0), d), operand(args.get(1), at(at, 1), d),
                        operand(args.get(2), at(at, 2), d), false);
            }
            case "in" -> {
                arity(args, 2, op, at);
                JsonNode list = args.get(1);
                if (!list.isArray()) {
                    throw bad(at(at, 1), "\"in\" takes a value and an array of values");
                }
                literals.listSize(list.size());
                List<Ast.Operand> values = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    values.add(operand(list.get(i), at(at, 1) + "[" + i + "]", d));
                }
                return new Ast.In(operand(args.get(0), at(at, 0), d), values, false);
            }
            case "isNull" -> {
                arity(args, 1, op, at);
                return new Ast.IsNull(operand(args.get(0), at(at, 0), d), false);
            }
            default -> {
                // handled below
            }
        }
        var spatial = SpatialOp.byName(op);
        if (spatial.isPresent() && op.equals(op.toLowerCase(java.util.Locale.ROOT))) {
            arity(args, 2, op, at);
            return new Ast.Spatial(spatial.get(), operand(args.get(0), at(at, 0), d), operand(args.get(1), at(at, 1), d));
        }
        throw notPredicate(op, at);
    }

    private RuntimeException notPredicate(String op, String at) {
        if (op.startsWith("t_")) {
            return Problems.unsupported(place(at) + "The temporal function " + op + " (no collection has a temporal property)");
        }
        if (op.startsWith("a_")) {
            return Problems.unsupported(place(at) + "The array function " + op + " (no collection has an array property)");
        }
        if (ARITHMETIC.contains(op)) {
            return Problems.unsupported(place(at) + "Arithmetic (\"" + op + "\")");
        }
        if (op.equals("casei") || op.equals("accenti")) {
            return bad(at, "\"" + op + "\" gives a text value, not a predicate");
        }
        return Problems.unsupported(place(at) + "The function '" + Problems.quote(op) + "'");
    }

    private Ast.Operand operand(JsonNode n, String at, int depth) {
        literals.node(depth);
        if (n.isString()) {
            return new Ast.Text(n.asString());
        }
        if (n.isNumber()) {
            return number(n, at);
        }
        if (n.isBoolean()) {
            return new Ast.Bool(n.booleanValue());
        }
        if (n.isArray()) {
            throw Problems.unsupported(place(at) + "An array value");
        }
        if (!n.isObject()) {
            throw bad(at, "null is not a value; test for null with \"isNull\"");
        }
        if (n.has("property")) {
            only(n, at, "property");
            if (!n.get("property").isString()) {
                throw bad(at, "\"property\" must be a property name");
            }
            return new Ast.Property(n.get("property").asString());
        }
        if (n.has("date") || n.has("timestamp")) {
            String key = n.has("date") ? "date" : "timestamp";
            only(n, at, key);
            if (!n.get(key).isString()) {
                throw bad(at, "\"" + key + "\" must be a string");
            }
            String s = n.get(key).asString();
            return key.equals("date") ? new Ast.DateValue(Literals.date(s)) : new Ast.TimestampValue(Literals.timestamp(s));
        }
        if (n.has("interval")) {
            throw Problems.unsupported(place(at) + "An interval (no collection has a temporal property)");
        }
        if (n.has("bbox")) {
            only(n, at, "bbox");
            JsonNode b = n.get("bbox");
            if (!b.isArray()) {
                throw bad(at, "\"bbox\" must be an array of 4 or 6 numbers");
            }
            double[] numbers = new double[b.size()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = coordinate(b.get(i), at + ".bbox[" + i + "]");
            }
            return geometries.bbox(numbers);
        }
        if (n.has("type")) {
            return new Ast.GeometryValue(geometry(n, at), null);
        }
        if (n.has("op")) {
            String op = op(n, at);
            if (op.equals("casei")) {
                List<JsonNode> args = args(n, at);
                arity(args, 1, op, at);
                return new Ast.Casei(operand(args.get(0), at(at, 0), depth + 1));
            }
            if (op.equals("accenti")) {
                throw Problems.unsupported(place(at) + "ACCENTI");
            }
            if (ARITHMETIC.contains(op)) {
                throw Problems.unsupported(place(at) + "Arithmetic (\"" + op + "\")");
            }
            if (LOGICAL.contains(op) || COMPARISON.contains(op) || Set.of("like", "between", "in", "isNull").contains(op)
                    || SpatialOp.byName(op).isPresent()) {
                throw Problems.unsupported(place(at) + "A predicate (\"" + op + "\") as a value");
            }
            throw notPredicate(op, at);
        }
        throw bad(at, "expected a value: a string, number, boolean, {\"property\": ...}, {\"date\": ...}, "
                + "{\"timestamp\": ...}, {\"bbox\": [...]}, a GeoJSON geometry or {\"op\": \"casei\", ...}");
    }

    private Ast.Operand pattern(JsonNode n, String at, int depth) {
        literals.node(depth);
        if (n.isString()) {
            return new Ast.Text(n.asString());
        }
        if (n.isObject() && n.has("op")) {
            String op = op(n, at);
            List<JsonNode> args = args(n, at);
            if (op.equals("casei")) {
                arity(args, 1, op, at);
                return new Ast.Casei(pattern(args.get(0), at(at, 0), depth + 1));
            }
            if (op.equals("accenti")) {
                throw Problems.unsupported(place(at) + "ACCENTI");
            }
        }
        throw bad(at, "a LIKE pattern is a string, or casei of a pattern");
    }

    private Ast.Operand number(JsonNode n, String at) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return new Ast.Num(n.longValue());
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw bad(at, "the number is out of range");
        }
        return new Ast.Num(d);
    }

    // GeoJSON geometry literals (RFC 7946), 2 or 3 numbers per position.

    private Geometry geometry(JsonNode n, String at) {
        JsonNode type = n.get("type");
        if (!type.isString() || !GEOMETRY_TYPES.contains(type.asString())) {
            throw bad(at + ".type", "a geometry type is one of " + String.join(", ", GEOMETRY_TYPES.stream().sorted().toList()));
        }
        String t = type.asString();
        if (t.equals("GeometryCollection")) {
            only(n, at, "type", "geometries", "bbox");
            JsonNode gs = n.get("geometries");
            if (gs == null || !gs.isArray() || gs.isEmpty()) {
                throw bad(at + ".geometries", "a GeometryCollection needs a non-empty array \"geometries\"");
            }
            List<Geometry> members = new ArrayList<>();
            for (int i = 0; i < gs.size(); i++) {
                JsonNode g = gs.get(i);
                String gat = at + ".geometries[" + i + "]";
                if (!g.isObject() || !g.has("type") || "GeometryCollection".equals(g.path("type").asString(null))) {
                    throw bad(gat, "a member of a GeometryCollection is a Point, LineString, Polygon or Multi* geometry");
                }
                members.add(geometry(g, gat));
            }
            return geometries.collection(members);
        }
        only(n, at, "type", "coordinates", "bbox");
        JsonNode c = n.get("coordinates");
        String cat = at + ".coordinates";
        if (c == null || !c.isArray()) {
            throw bad(cat, "\"coordinates\" must be an array");
        }
        return switch (t) {
            case "Point" -> geometries.point(position(c, cat));
            case "LineString" -> geometries.lineString(positions(c, cat));
            case "Polygon" -> polygon(c, cat);
            case "MultiPoint" -> {
                List<Point> points = new ArrayList<>();
                each(c, cat, (e, a) -> points.add(geometries.point(position(e, a))));
                yield geometries.multiPoint(points);
            }
            case "MultiLineString" -> {
                List<LineString> lines = new ArrayList<>();
                each(c, cat, (e, a) -> lines.add(geometries.lineString(positions(e, a))));
                yield geometries.multiLineString(lines);
            }
            default -> {
                List<Polygon> polygons = new ArrayList<>();
                each(c, cat, (e, a) -> polygons.add(polygon(e, a)));
                yield geometries.multiPolygon(polygons);
            }
        };
    }

    private interface Member {
        void read(JsonNode element, String at);
    }

    private static void each(JsonNode array, String at, Member member) {
        if (!array.isArray() || array.isEmpty()) {
            throw bad(at, "expected a non-empty array");
        }
        for (int i = 0; i < array.size(); i++) {
            member.read(array.get(i), at + "[" + i + "]");
        }
    }

    private Polygon polygon(JsonNode rings, String at) {
        List<List<Coordinate>> rs = new ArrayList<>();
        each(rings, at, (r, a) -> rs.add(positions(r, a)));
        return geometries.polygon(rs);
    }

    private List<Coordinate> positions(JsonNode array, String at) {
        List<Coordinate> cs = new ArrayList<>();
        each(array, at, (p, a) -> cs.add(position(p, a)));
        return cs;
    }

    private Coordinate position(JsonNode p, String at) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3) {
            throw bad(at, "a position is an array of 2 or 3 numbers");
        }
        return geometries.position(coordinate(p.get(0), at + "[0]"), coordinate(p.get(1), at + "[1]"));
    }

    private static double coordinate(JsonNode n, String at) {
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            throw bad(at, "a coordinate must be a finite number");
        }
        return n.doubleValue();
    }

    // Structure

    private static String op(JsonNode n, String at) {
        JsonNode op = n.get("op");
        if (!op.isString()) {
            throw bad(at + ".op", "\"op\" must be a string");
        }
        return op.asString();
    }

    private static List<JsonNode> args(JsonNode n, String at) {
        only(n, at, "op", "args");
        JsonNode args = n.get("args");
        if (args == null || !args.isArray()) {
            throw bad(at + ".args", "\"args\" must be an array");
        }
        List<JsonNode> list = new ArrayList<>();
        args.forEach(list::add);
        return list;
    }

    private static void arity(List<JsonNode> args, int n, String op, String at) {
        if (args.size() != n) {
            throw bad(at + ".args", "\"" + op + "\" takes " + n + " arg" + (n == 1 ? "" : "s") + "; got " + args.size());
        }
    }

    private static void only(JsonNode n, String at, String... members) {
        Set<String> allowed = Set.of(members);
        for (Iterator<String> it = n.propertyNames().iterator(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw bad(at, "unknown member \"" + Problems.quote(name) + "\" (expected " + String.join(", ", members) + ")");
            }
        }
    }

    private static String at(String at, int i) {
        return (at.isEmpty() ? "" : at + ".") + "args[" + i + "]";
    }

    private static String place(String at) {
        return at.isEmpty() ? "" : "At " + at + ": ";
    }

    private static RuntimeException bad(String at, String detail) {
        return Problems.bad("CQL2 JSON" + (at.isEmpty() ? "" : " at " + at) + ": " + detail + ".");
    }
}
