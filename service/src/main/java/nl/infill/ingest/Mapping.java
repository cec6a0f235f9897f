package nl.infill.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import nl.infill.layers.Layer;
import nl.infill.system.InvalidInput;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An attribute mapping: how source attributes become the typed columns of a layer. The JSON
 * format is documented in docs/mapping-files.md; presets are such files on the classpath under
 * {@code infill/presets/<name>.json}. Parsing checks every target column against the
 * {@link Layer} whitelist, so a mapping can never name a column that does not exist.
 */
record Mapping(String name, String description, String table, String crs, boolean identity,
               List<Condition> filter, Map<String, Rule> rules) {

    static final String PRESET_ROOT = "infill/presets/";
    static final String DEFAULT_PRESET = "infill";
    private static final JsonMapper JSON = nl.infill.system.JsonInput.mapper();

    /** Row filter condition: the feature is kept only when every condition holds. */
    record Condition(String attribute, String op, List<Object> values) {

        boolean holds(Map<String, Object> props) {
            Object v = props.get(attribute);
            return switch (op) {
                case "isNull" -> v == null;
                case "notNull" -> v != null;
                case "in" -> v != null && values.stream().anyMatch(x -> norm(x).equals(norm(v)));
                case "notIn" -> v == null || values.stream().noneMatch(x -> norm(x).equals(norm(v)));
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /**
     * How one target column gets its value: from a source attribute ({@code from}), a constant
     * ({@code value}) or a text built of attributes ({@code template}, e.g. a cadastral parcel's
     * designation from its municipality code, section and number); {@code nullIf} values mean
     * "unknown"; {@code map} translates values, with {@code otherwise} for values not in the map;
     * {@code default} replaces a missing value.
     */
    record Rule(String from, boolean hasValue, Object value, Set<String> nullIf, Map<String, Object> map,
                boolean hasOtherwise, Object otherwise, Object dflt, boolean required, Template template, Extra extra) {

        Rule(String from, boolean hasValue, Object value, Set<String> nullIf, Map<String, Object> map,
             boolean hasOtherwise, Object otherwise, Object dflt, boolean required) {
            this(from, hasValue, value, nullIf, map, hasOtherwise, otherwise, dflt, required, null, Extra.NONE);
        }

        /** Every source attribute {@code from} may name: the first present and not null is read. */
        List<String> fromAll() {
            return extra.alternatives().isEmpty() ? (from == null ? List.of() : List.of(from)) : extra.alternatives();
        }

        Object apply(Map<String, Object> props) {
            Object raw = hasValue ? value : template != null ? template.apply(props) : first(props, fromAll());
            if (raw != null && nullIf.contains(norm(raw))) {
                raw = null;
            }
            raw = extra.apply(raw, props, nullIf);
            if (raw == null) {
                return dflt;
            }
            if (!map.isEmpty() || hasOtherwise) {
                if (extra.split() != null) {
                    // a list value ("woonfunctie,kantoorfunctie"): each part mapped, the distinct results joined
                    Set<String> out = new java.util.LinkedHashSet<>();
                    for (String part : norm(raw).split(java.util.regex.Pattern.quote(extra.split()))) {
                        // GDAL writes a string list to a GeoPackage as a JSON array: ["woonfunctie","kantoorfunctie"]
                        String p = part.trim().replaceAll("^[\\[\"\\s]+|[\\]\"\\s]+$", "");
                        if (!p.isEmpty()) {
                            out.add(norm(mapOne(p)));
                        }
                    }
                    return out.isEmpty() ? dflt : String.join(",", out);
                }
                return mapOne(raw);
            }
            return raw;
        }

        private Object mapOne(Object raw) {
            String key = norm(raw);
            if (map.containsKey(key)) {
                return map.get(key);
            }
            return hasOtherwise ? otherwise : raw;
        }
    }

    /** The first of the attributes that is present and not null, or null. */
    static Object first(Map<String, Object> props, List<String> names) {
        for (String n : names) {
            Object v = props.get(n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * The rule members added for 3D BAG and BAG: {@code from} as a list of alternatives (a newer
     * release renames an attribute), {@code minus} (attribute or alternatives subtracted: a height
     * above ground from roof and ground levels), {@code divideBy}, {@code round} (to the nearest
     * whole number), {@code atLeast}, {@code stripPrefix} (an id's namespace, e.g.
     * {@code NL.IMBAG.Pand.}) and {@code split} (a list value whose parts are mapped one by one).
     * Applied in that order after {@code nullIf}, before {@code default} and {@code map}.
     */
    record Extra(List<String> alternatives, List<String> minus, Double divideBy, boolean round, Double atLeast,
                 String stripPrefix, String split) {

        static final Extra NONE = new Extra(List.of(), List.of(), null, false, null, null, null);

        boolean arithmetic() {
            return !minus.isEmpty() || divideBy != null || round || atLeast != null;
        }

        Object apply(Object raw, Map<String, Object> props, Set<String> nullIf) {
            if (raw == null) {
                return null;
            }
            if (arithmetic()) {
                double v = number(raw);
                if (!minus.isEmpty()) {
                    Object m = first(props, minus);
                    if (m == null || nullIf.contains(norm(m))) {
                        return null;
                    }
                    v -= number(m);
                }
                if (divideBy != null) {
                    v /= divideBy;
                }
                if (round) {
                    v = Math.rint(v);
                }
                if (atLeast != null) {
                    v = Math.max(atLeast, v);
                }
                return v;
            }
            if (stripPrefix != null) {
                String t = firstOfList(norm(raw));
                return t.startsWith(stripPrefix) ? t.substring(stripPrefix.length()) : t;
            }
            return raw;
        }

        /**
         * The first element of a list written as a JSON array (GDAL writes a string list such as
         * BAG's pandRef so to a GeoPackage: ["NL.IMBAG.Pand.0221100000311191"]); other text as it is.
         */
        static String firstOfList(String t) {
            String s = t.strip();
            if (!s.startsWith("[") || !s.endsWith("]")) {
                return t;
            }
            String inner = s.substring(1, s.length() - 1);
            int comma = inner.indexOf(',');
            return (comma < 0 ? inner : inner.substring(0, comma)).strip().replaceAll("^\"|\"$", "");
        }

        private static double number(Object v) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            try {
                return Double.parseDouble(norm(v).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a number");
            }
        }
    }

    /**
     * A text of literal parts and {@code {attribute}} references; null when a referenced attribute
     * is missing or empty, so that {@code nullIf}/{@code default} apply as to a missing value.
     */
    record Template(String text, List<String> literals, List<String> attributes) {

        private static final java.util.regex.Pattern REF = java.util.regex.Pattern.compile("\\{([^{}]+)}");

        static Template parse(String text, String where) {
            List<String> literals = new ArrayList<>();
            List<String> attributes = new ArrayList<>();
            var m = REF.matcher(text);
            int last = 0;
            while (m.find()) {
                literals.add(text.substring(last, m.start()));
                attributes.add(m.group(1));
                last = m.end();
            }
            literals.add(text.substring(last));
            if (attributes.isEmpty()) {
                throw new InvalidInput(where, "A template names at least one {attribute}; for a constant use 'value'.");
            }
            return new Template(text, List.copyOf(literals), List.copyOf(attributes));
        }

        String apply(Map<String, Object> props) {
            StringBuilder b = new StringBuilder(literals.get(0));
            for (int i = 0; i < attributes.size(); i++) {
                Object v = props.get(attributes.get(i));
                if (v == null || v.toString().isBlank()) {
                    return null;
                }
                b.append(norm(v)).append(literals.get(i + 1));
            }
            return b.toString();
        }
    }

    /** Columns a layer cannot do without (NOT NULL in the schema, no usable default). */
    static Set<String> requiredColumns(Layer layer) {
        return switch (layer) {
            case ZONING -> Set.of("function");
            case AMENITIES -> Set.of("type");
            case STREETS -> Set.of("class");
            case CONSTRAINTS -> Set.of("kind", "severity");
            default -> Set.of();
        };
    }

    /** The rule for a column, or empty when the mapping leaves the column null. */
    Optional<Rule> rule(String column) {
        Rule r = rules.get(column);
        if (r == null && identity) {
            r = new Rule(column, false, null, Set.of(), Map.of(), false, null, null, false);
        }
        return Optional.ofNullable(r);
    }

    /** Every source attribute this mapping reads for the layer: its rules' sources and its filter's attributes. */
    Set<String> attributesRead(Layer layer) {
        Set<String> out = new java.util.HashSet<>();
        for (Layer.Column c : layer.columns()) {
            rule(c.name()).filter(r -> !r.hasValue() && r.from() != null).ifPresent(r -> out.addAll(r.fromAll()));
            rule(c.name()).ifPresent(r -> out.addAll(r.extra().minus()));
            rule(c.name()).filter(r -> r.template() != null).ifPresent(r -> out.addAll(r.template().attributes()));
        }
        filter.forEach(c -> out.add(c.attribute()));
        return out;
    }

    boolean keeps(Map<String, Object> props) {
        for (Condition c : filter) {
            if (!c.holds(props)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Source attributes the file must have, checked against the file's schema before anything
     * changes: those behind a required column (unless a default or constant fills it) and those
     * marked {@code required}. Returns target column -> source attribute.
     */
    Map<String, String> requiredSourceAttributes(Layer layer) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Layer.Column c : layer.columns()) {
            rule(c.name()).ifPresent(r -> {
                boolean needed = r.required() || (requiredColumns(layer).contains(c.name()) && r.dflt() == null
                        && !(r.hasOtherwise() && r.otherwise() != null));
                if (r.template() != null && needed) {
                    r.template().attributes().forEach(a -> out.putIfAbsent(c.name() + " (" + a + ")", a));
                } else if (!r.hasValue() && needed) {
                    // alternatives: any one of them will do (Loader splits the " | ")
                    out.put(c.name(), String.join(" | ", r.fromAll()));
                }
            });
        }
        for (Condition c : filter) {
            out.putIfAbsent("filter:" + c.attribute(), c.attribute());
        }
        return out;
    }

    static String norm(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (v instanceof Float f && f == Math.rint(f) && !f.isInfinite()) {
            return Long.toString(f.longValue());
        }
        return String.valueOf(v);
    }

    // ---- parsing ----

    static Mapping preset(String name) {
        if (name == null || !name.matches("[a-z0-9-]{1,64}")) {
            throw new InvalidInput("preset", "Unknown preset '" + name + "'. Known presets: "
                    + Presets.known() + ".");
        }
        try (InputStream in = Mapping.class.getClassLoader().getResourceAsStream(PRESET_ROOT + name + ".json")) {
            if (in == null) {
                throw new InvalidInput("preset", "Unknown preset '" + name + "'. Known presets: "
                        + Presets.known() + ".");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + name);
        } catch (IOException e) {
            throw new IllegalStateException("preset " + name + " unreadable", e);
        }
    }

    static Mapping parse(String name, String json, String whereRoot) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new InvalidInput(whereRoot + (loc == null ? "" : " line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr()), "The mapping file " + nl.infill.system.JsonInput.explain(e));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInput(whereRoot, "The mapping file must be a JSON object.");
        }
        boolean identity = root.path("identity").asBoolean(false);
        List<Condition> filter = new ArrayList<>();
        JsonNode f = root.get("filter");
        if (f != null && !f.isNull()) {
            List<JsonNode> conds = f.isArray() ? new ArrayList<>(f.values()) : List.of(f);
            int i = 0;
            for (JsonNode c : conds) {
                filter.add(condition(c, whereRoot + ".filter[" + i++ + "]"));
            }
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        JsonNode cols = root.get("columns");
        if (cols != null && !cols.isNull()) {
            if (!cols.isObject()) {
                throw new InvalidInput(whereRoot + ".columns", "'columns' must be an object of target column -> rule.");
            }
            for (Map.Entry<String, JsonNode> e : cols.properties()) {
                rules.put(e.getKey(), rule(e.getValue(), whereRoot + ".columns." + e.getKey()));
            }
        }
        if (rules.isEmpty() && !identity) {
            throw new InvalidInput(whereRoot + ".columns",
                    "The mapping maps no columns: give 'columns' or set 'identity': true.");
        }
        return new Mapping(name, text(root, "description"), text(root, "table"), text(root, "crs"), identity,
                List.copyOf(filter), rules);
    }

    /** Checks that every mapped column exists in the layer. */
    void checkAgainst(Layer layer, String whereRoot) {
        for (String col : rules.keySet()) {
            if (layer.column(col).isEmpty()) {
                throw new InvalidInput(whereRoot + ".columns." + col, "Layer " + layer.id()
                        + " has no column '" + col + "'. Its columns: "
                        + String.join(", ", layer.columns().stream().map(Layer.Column::name).toList()) + ".");
            }
        }
    }

    private static Condition condition(JsonNode c, String where) {
        String attr = text(c, "attribute");
        if (attr == null) {
            throw new InvalidInput(where, "A filter condition needs 'attribute'.");
        }
        for (String op : List.of("isNull", "notNull")) {
            if (c.path(op).asBoolean(false)) {
                return new Condition(attr, op, List.of());
            }
        }
        for (String op : List.of("in", "notIn")) {
            JsonNode v = c.get(op);
            if (v != null && v.isArray()) {
                List<Object> vals = new ArrayList<>();
                v.values().forEach(x -> vals.add(scalar(x)));
                return new Condition(attr, op, vals);
            }
        }
        JsonNode eq = c.get("equals");
        if (eq != null) {
            return new Condition(attr, "in", java.util.Collections.singletonList(scalar(eq)));
        }
        throw new InvalidInput(where, "A filter condition needs one of isNull, notNull, equals, in, notIn.");
    }

    private static Rule rule(JsonNode r, String where) {
        if (r.isString()) {
            return new Rule(r.stringValue(), false, null, Set.of(), Map.of(), false, null, null, false);
        }
        if (!r.isObject()) {
            throw new InvalidInput(where, "A column rule is a source attribute name or an object.");
        }
        List<String> alternatives = names(r.get("from"), where + ".from");
        String from = alternatives.isEmpty() ? null : alternatives.get(0);
        boolean hasValue = r.has("value");
        String template = text(r, "template");
        if ((from != null ? 1 : 0) + (hasValue ? 1 : 0) + (template != null ? 1 : 0) != 1) {
            throw new InvalidInput(where, "A column rule needs exactly one of 'from' (source attribute), 'value' "
                    + "(constant) or 'template' (text with {attribute} references).");
        }
        Set<String> nullIf = new java.util.HashSet<>();
        JsonNode n = r.get("nullIf");
        if (n != null) {
            (n.isArray() ? n.values() : List.of(n)).forEach(x -> nullIf.add(norm(scalar(x))));
        }
        Map<String, Object> map = new HashMap<>();
        JsonNode m = r.get("map");
        if (m != null) {
            if (!m.isObject()) {
                throw new InvalidInput(where + ".map", "'map' must be an object of source value -> target value.");
            }
            m.properties().forEach(e -> map.put(e.getKey(), scalar(e.getValue())));
        }
        Extra extra = new Extra(alternatives.size() > 1 ? List.copyOf(alternatives) : List.of(),
                names(r.get("minus"), where + ".minus"), positive(r.get("divideBy"), where + ".divideBy"),
                r.path("round").asBoolean(false), optionalNumber(r.get("atLeast"), where + ".atLeast"),
                text(r, "stripPrefix"), text(r, "split"));
        if (extra.split() != null && extra.split().isEmpty()) {
            throw new InvalidInput(where + ".split", "'split' is the separator of the list's parts, e.g. \",\".");
        }
        return new Rule(from, hasValue, hasValue ? scalar(r.get("value")) : null, Set.copyOf(nullIf), map,
                r.has("otherwise"), scalar(r.get("otherwise")), scalar(r.get("default")),
                r.path("required").asBoolean(false), template == null ? null : Template.parse(template, where + ".template"),
                extra);
    }

    /** An attribute name or a non-empty list of names (alternatives, the first present is read). */
    private static List<String> names(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (n.isString()) {
            return List.of(n.stringValue());
        }
        if (n.isArray() && !n.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (JsonNode x : n.values()) {
                if (!x.isString()) {
                    throw new InvalidInput(where, "A list of alternatives holds attribute names (text) only.");
                }
                out.add(x.stringValue());
            }
            return List.copyOf(out);
        }
        throw new InvalidInput(where, "Give an attribute name or a list of alternative names.");
    }

    private static Double optionalNumber(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new InvalidInput(where, "'" + where.substring(where.lastIndexOf('.') + 1) + "' must be a number.");
        }
        return n.doubleValue();
    }

    private static Double positive(JsonNode n, String where) {
        Double d = optionalNumber(n, where);
        if (d != null && !(d > 0)) {
            throw new InvalidInput(where, "'divideBy' must be a number above 0.");
        }
        return d;
    }

    private static Object scalar(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.asString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
