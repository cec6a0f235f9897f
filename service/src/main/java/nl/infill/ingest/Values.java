package nl.infill.ingest;

import java.util.Locale;

import nl.infill.layers.ColumnType;

/** Type conversion of mapped attribute values to the column types of {@code Layer}. */
final class Values {

    private Values() {
    }

    /** The value as the column type, or IllegalArgumentException saying why it does not fit. */
    static Object convert(Object v, ColumnType type) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> v instanceof String s ? s : Mapping.norm(v);
            case INTEGER -> integer(v);
            case DOUBLE -> number(v);
            case BOOLEAN -> bool(v);
        };
    }

    private static Object integer(Object v) {
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof String s && !s.isBlank()) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number");
            }
        } else if (v instanceof String) {
            return null;
        } else {
            throw new IllegalArgumentException("'" + v + "' is not a whole number");
        }
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + Mapping.norm(v) + "' is not a whole number in the integer range");
        }
        return (long) d;
    }

    private static Object number(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("'" + v + "' is not a finite number");
            }
            return d;
        }
        if (v instanceof String s) {
            if (s.isBlank()) {
                return null;
            }
            try {
                double d = Double.parseDouble(s.trim());
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number");
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not a number");
    }

    private static Object bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        if (v instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "ja", "j", "1", "t" -> {
                    return true;
                }
                case "false", "no", "n", "nee", "0", "f" -> {
                    return false;
                }
                case "" -> {
                    return null;
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not a boolean (true/false, yes/no, ja/nee, 1/0)");
    }
}
