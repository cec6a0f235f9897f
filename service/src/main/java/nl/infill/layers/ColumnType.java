package nl.infill.layers;

import java.util.Locale;

/**
 * The type of an attribute column of a layer or a result collection. Every place that treats a
 * column by its type (SQL types of staging tables, query filters, JSON Schema of queryables,
 * GeoPackage columns, binary COPY) switches on this enum, so a new type is a compile error in
 * each of them instead of a silent default.
 */
public enum ColumnType {

    TEXT("text", "text", "string"),
    INTEGER("integer", "integer", "integer"),
    DOUBLE("double", "double precision", "number"),
    BOOLEAN("boolean", "boolean", "boolean");

    private final String shortName;
    private final String sqlType;
    private final String jsonSchemaType;

    ColumnType(String shortName, String sqlType, String jsonSchemaType) {
        this.shortName = shortName;
        this.sqlType = sqlType;
        this.jsonSchemaType = jsonSchemaType;
    }

    /** The type as written in column declarations and in error messages: text, integer, double, boolean. */
    public String shortName() {
        return shortName;
    }

    /** The PostgreSQL type of a column of this type. */
    public String sqlType() {
        return sqlType;
    }

    /** The JSON Schema type (queryables, OpenAPI parameters). */
    public String jsonSchemaType() {
        return jsonSchemaType;
    }

    /**
     * A value given as text (a query parameter) as this type: Long, Double (finite), Boolean
     * (true/false in any case) or the text as given.
     *
     * @throws IllegalArgumentException when the text is not a value of this type
     */
    public Object parse(String text) {
        String v = text.trim();
        return switch (this) {
            case TEXT -> text;
            case INTEGER -> Long.parseLong(v);
            case DOUBLE -> {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("not a finite number");
                }
                yield d;
            }
            case BOOLEAN -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("not true or false");
            };
        };
    }

    /** The type written as {@link #shortName()}. */
    public static ColumnType of(String shortName) {
        for (ColumnType t : values()) {
            if (t.shortName.equals(shortName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + shortName + "'");
    }
}
