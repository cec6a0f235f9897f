package nl.infill.features.cql2;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Values read from either encoding, checked the same way: numbers as IEEE doubles (or longs when
 * whole), dates and timestamps in the exact formats of the CQL2 BNF, and the depth and size
 * budget of the expression being read.
 */
final class Literals {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private final Cql2Limits limits;
    private int nodes;
    private int vertices;

    Literals(Cql2Limits limits) {
        this.limits = limits;
    }

    Cql2Limits limits() {
        return limits;
    }

    /** Counts one node at {@code depth}, refusing a tree that is too deep or too big. */
    void node(int depth) {
        if (depth > limits.maxDepth()) {
            throw Problems.bad("The filter is nested more than " + limits.maxDepth() + " levels deep.");
        }
        if (++nodes > limits.maxNodes()) {
            throw Problems.bad("The filter has more than " + limits.maxNodes() + " predicates and values.");
        }
    }

    void vertex() {
        if (++vertices > limits.maxVertices()) {
            throw Problems.bad("The geometry literals of the filter have more than " + limits.maxVertices()
                    + " vertices together.");
        }
    }

    void listSize(int size) {
        if (size > limits.maxListSize()) {
            throw Problems.bad("An IN list has " + size + " values; at most " + limits.maxListSize() + " are accepted.");
        }
    }

    /** A number as written in the text encoding (unsigned, the sign applied by the caller). */
    static Number number(String text, boolean negative) {
        String t = negative ? "-" + text : text;
        boolean whole = text.chars().allMatch(Character::isDigit);
        if (whole && text.length() <= 18) {
            return Long.parseLong(t);
        }
        return finite(Double.parseDouble(t), text);
    }

    static Double finite(double d, String text) {
        if (!Double.isFinite(d)) {
            throw Problems.bad("The number " + Problems.quote(text) + " is out of range.");
        }
        return d;
    }

    static LocalDate date(String s) {
        if (!DATE.matcher(s).matches()) {
            throw Problems.bad("A date is written 'YYYY-MM-DD'; got '" + Problems.quote(s) + "'.");
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeException e) {
            throw Problems.bad("'" + s + "' is not a date of the calendar.");
        }
    }

    static OffsetDateTime timestamp(String s) {
        if (!TIMESTAMP.matcher(s).matches()) {
            throw Problems.bad("A timestamp is written 'YYYY-MM-DDTHH:MM:SSZ' (UTC, optional fraction); got '"
                    + Problems.quote(s) + "'.");
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw Problems.bad("'" + s + "' is not a time of the calendar.");
        }
    }
}
