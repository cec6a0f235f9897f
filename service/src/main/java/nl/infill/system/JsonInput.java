package nl.infill.system;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one set of read limits for JSON from clients ({@code infill.security.max-json-depth},
 * number and string lengths), for the mappers that read a body or token themselves (spatial
 * queries, exports, paging cursors) as well as Spring's own: a body that Spring hands over as a
 * String is read again by such a mapper, and a mapper of its own with Jackson's defaults was what
 * let 500 levels of nesting through (issue 13). Also the one way to say what was wrong with a JSON
 * input in the user's terms, never in Jackson's.
 */
public final class JsonInput {

    /** Longest number accepted (digits): far beyond any coordinate or count, far below a DoS. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static volatile StreamReadConstraints constraints = limits(100, 10L << 20);
    private static volatile JsonMapper mapper;
    private static volatile JsonMapper lenientMapper;

    private JsonInput() {
    }

    /** The read limits for a nesting depth and a body size (bytes). */
    public static StreamReadConstraints limits(int maxDepth, long maxBytes) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxDocumentLength(maxBytes)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(1000)
                .build();
    }

    /** Set once at start-up from the configuration (nl.infill.system.security.JsonLimits). */
    public static void configure(StreamReadConstraints configured) {
        constraints = configured;
        mapper = null;
        lenientMapper = null;
    }

    public static StreamReadConstraints constraints() {
        return constraints;
    }

    /** A mapper for client input with the configured limits. */
    public static JsonMapper mapper() {
        JsonMapper m = mapper;
        if (m == null) {
            m = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
            mapper = m;
        }
        return m;
    }

    /** As {@link #mapper()}, but reading NaN and Infinity tokens, so that they can be refused by field name. */
    public static JsonMapper mapperAllowingNonNumericNumbers() {
        JsonMapper m = lenientMapper;
        if (m == null) {
            m = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints)
                    .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()).build();
            lenientMapper = m;
        }
        return m;
    }

    /** A 400 problem saying what is wrong with the JSON of {@code what} (e.g. "The body"), in the user's terms. */
    public static InvalidInput invalid(JacksonException e, String where, String what) {
        return new InvalidInput(where, what + " " + explain(e));
    }

    /** "is not valid JSON (line 3, column 7)." or which limit it exceeds. */
    public static String explain(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage()).toLowerCase();
            StreamReadConstraints c = constraints;
            if (m.contains("nesting depth")) {
                return "is nested more deeply than " + c.getMaxNestingDepth() + " levels of arrays and objects.";
            }
            if (m.contains("number value length")) {
                return "has a number longer than " + c.getMaxNumberLength() + " characters.";
            }
            if (m.contains("string value length")) {
                return "has a text longer than " + c.getMaxStringLength() + " characters.";
            }
            if (m.contains("name length")) {
                return "has a member name longer than " + c.getMaxNameLength() + " characters.";
            }
            return "is larger than the JSON limits allow (infill.security.max-json-*).";
        }
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "is not valid JSON."
                : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").";
    }
}
