package nl.infill.features.cql2;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random CQL2 filters for the fuzz tests: well-formed expressions over a set of property names
 * (known and unknown ones), values that carry SQL injection payloads, and mutations of those that
 * break them at random places. Seeded, so that a failure can be replayed.
 */
public final class Cql2Generator {

    /** Strings an attacker would try, the CVE-2023-25157 payloads among them. */
    public static final List<String> PAYLOADS = List.of(
            "' OR 1=1 --", "x'); DROP TABLE parcel; --", "\\'; SELECT pg_sleep(10); --", "%' OR '1'='1",
            "$$; DELETE FROM scenario; $$", "a\" OR \"1\"=\"1", "*/ OR 1=1 /*", "1) OR (1=1", "\u0000",
            "'' OR ''1''=''1", "x' UNION SELECT usename FROM pg_user --", "\\\\", "%_\\%", "é\u202E\uFEFF");

    private static final String[] TOKENS = {"'", "\"", "(", ")", ",", ";", "--", "/*", "*/", "\\", "%", "_", " AND ",
        " OR ", " NOT ", " LIKE ", " IN ", " BETWEEN ", " IS NULL", "=", "<>", "<=", "S_INTERSECTS(", "POINT(",
        "BBOX(", "CASEI(", "DATE('", "1e309", "-", "9999999999999999999999", ".", "\u00A0", "\n", "{", "}", "[", "]",
        ":", "\"op\"", "\"args\"", "null", "true"};

    private final Random random;
    private final List<String> properties;

    public Cql2Generator(long seed, List<String> properties) {
        this.random = new Random(seed);
        this.properties = properties;
    }

    /** A filter in CQL2 text: mostly well-formed, sometimes mutated. */
    public String text() {
        String f = predicate(0);
        return random.nextInt(3) == 0 ? mutate(f) : f;
    }

    /** A filter in CQL2 JSON: mostly well-formed, sometimes mutated as text. */
    public String json() {
        String f = jsonPredicate(0);
        return random.nextInt(3) == 0 ? mutate(f) : f;
    }

    private String predicate(int depth) {
        int pick = random.nextInt(depth > 3 ? 8 : 11);
        return switch (pick) {
            case 0 -> property() + " " + pickOf("=", "<>", "<", ">", "<=", ">=") + " " + value();
            case 1 -> property() + (random.nextBoolean() ? " NOT" : "") + " LIKE " + text(pattern());
            case 2 -> property() + " BETWEEN " + number() + " AND " + number();
            case 3 -> property() + " IN (" + values(1 + random.nextInt(4)) + ")";
            case 4 -> property() + " IS " + (random.nextBoolean() ? "NOT " : "") + "NULL";
            case 5 -> pickOf("S_INTERSECTS", "S_WITHIN", "S_CONTAINS", "S_DISJOINT", "S_TOUCHES", "S_EQUALS",
                    "S_OVERLAPS", "S_CROSSES") + "(" + (random.nextBoolean() ? "geometry, " + geometry() : geometry() + ", geometry") + ")";
            case 6 -> pickOf("TRUE", "FALSE");
            case 7 -> pickOf("strEndsWith", "strStartsWith", "pg_sleep", "version", "lower") + "(" + property() + ", "
                    + text(payload()) + ") = TRUE";
            case 8 -> "(" + predicate(depth + 1) + " AND " + predicate(depth + 1) + ")";
            case 9 -> predicate(depth + 1) + " OR " + predicate(depth + 1);
            default -> "NOT (" + predicate(depth + 1) + ")";
        };
    }

    private String jsonPredicate(int depth) {
        int pick = random.nextInt(depth > 3 ? 8 : 10);
        return switch (pick) {
            case 0 -> op(pickOf("=", "<>", "<", ">", "<=", ">="), jsonProperty(), jsonValue());
            case 1 -> op("like", jsonProperty(), quote(pattern()));
            case 2 -> op("between", jsonProperty(), number(), number());
            case 3 -> op("in", jsonProperty(), "[" + jsonValue() + "," + jsonValue() + "]");
            case 4 -> op("isNull", jsonProperty());
            case 5 -> op(pickOf("s_intersects", "s_within", "s_contains", "s_disjoint", "s_crosses"), jsonProperty(),
                    jsonGeometry());
            case 6 -> pickOf("true", "false");
            case 7 -> op(pickOf("strEndsWith", "pg_sleep", "t_after", "a_contains", "+", "casei", "S_INTERSECTS"),
                    jsonProperty(), quote(payload()));
            case 8 -> op(pickOf("and", "or"), jsonPredicate(depth + 1), jsonPredicate(depth + 1));
            default -> op("not", jsonPredicate(depth + 1));
        };
    }

    private String op(String op, String... args) {
        return "{\"op\":" + quote(op) + ",\"args\":[" + String.join(",", args) + "]}";
    }

    private String property() {
        String p = properties.get(random.nextInt(properties.size()));
        return switch (random.nextInt(6)) {
            case 0 -> "\"" + p + "\"";
            case 1 -> pickOf("colour", "\"source_id\"\" OR 1=1\"", "pg_catalog.pg_user", "geom", "t.id");
            default -> p;
        };
    }

    private String jsonProperty() {
        return random.nextInt(6) == 0 ? "{\"property\":" + quote(payload()) + "}"
                : "{\"property\":" + quote(properties.get(random.nextInt(properties.size()))) + "}";
    }

    private String value() {
        return switch (random.nextInt(7)) {
            case 0 -> number();
            case 1 -> pickOf("TRUE", "FALSE");
            case 2 -> "DATE('2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "')";
            case 3 -> property();
            case 4 -> "CASEI(" + text(payload()) + ")";
            default -> text(random.nextBoolean() ? payload() : "GM0637");
        };
    }

    private String jsonValue() {
        return switch (random.nextInt(5)) {
            case 0 -> number();
            case 1 -> pickOf("true", "false");
            case 2 -> "{\"date\":\"2024-01-0" + random.nextInt(10) + "\"}";
            case 3 -> jsonProperty();
            default -> quote(payload());
        };
    }

    private String values(int n) {
        List<String> vs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vs.add(random.nextBoolean() ? number() : value());
        }
        return String.join(", ", vs);
    }

    private String number() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt(200) - 100);
            case 1 -> Double.toString(random.nextDouble() * 1000);
            case 2 -> pickOf("1e308", "-1e-320", "9223372036854775807", "9223372036854775808", "0.0000001", "1E3");
            default -> Integer.toString(random.nextInt(6));
        };
    }

    private String pattern() {
        return random.nextBoolean() ? "GM%" : payload() + pickOf("%", "_", "\\%", "");
    }

    private String payload() {
        return PAYLOADS.get(random.nextInt(PAYLOADS.size()));
    }

    private String geometry() {
        double x = 4 + random.nextDouble();
        double y = 52 + random.nextDouble();
        return switch (random.nextInt(6)) {
            case 0 -> "POINT(" + x + " " + y + ")";
            case 1 -> "BBOX(" + x + ", " + y + ", " + (x + random.nextDouble()) + ", " + (y + random.nextDouble()) + ")";
            case 2 -> "POLYGON((" + x + " " + y + ", " + (x + 0.1) + " " + y + ", " + (x + 0.1) + " " + (y + 0.1) + ", " + x + " " + y + "))";
            case 3 -> "LINESTRING(" + x + " " + y + ", " + (x + 1) + " " + (y - 1) + ")";
            case 4 -> "BBOX(" + pickOf("-180, -90, 180, 90", "170, 40, -170, 60", "4, 52, 5, 53", "200, 0, 1, 1") + ")";
            default -> "POLYGON((" + x + " " + y + ", " + (x + 1) + " " + (y + 1) + ", " + (x + 1) + " " + y + ", " + x + " " + (y + 1) + ", " + x + " " + y + "))";
        };
    }

    private String jsonGeometry() {
        double x = 4 + random.nextDouble();
        double y = 52 + random.nextDouble();
        return switch (random.nextInt(3)) {
            case 0 -> "{\"type\":\"Point\",\"coordinates\":[" + x + "," + y + "]}";
            case 1 -> "{\"bbox\":[" + x + "," + y + "," + (x + 0.5) + "," + (y + 0.5) + "]}";
            default -> "{\"type\":\"Polygon\",\"coordinates\":[[[" + x + "," + y + "],[" + (x + 0.1) + "," + y + "],["
                    + (x + 0.1) + "," + (y + 0.1) + "],[" + x + "," + y + "]]]}";
        };
    }

    /** Deletes, inserts, replaces or duplicates a random piece of the input, one to three times. */
    private String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(4)));
                case 1 -> b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> {
                    if (b.length() > 0) {
                        b.setCharAt(at, (char) (32 + random.nextInt(95)));
                    }
                }
                default -> b.insert(at, b.substring(at, Math.min(b.length(), at + random.nextInt(8))));
            }
        }
        return b.toString();
    }

    private String text(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private String pickOf(String... options) {
        return options[random.nextInt(options.length)];
    }
}
