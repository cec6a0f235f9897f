package nl.infill.features.cql2;

import java.util.Locale;


import tools.jackson.databind.JsonNode;

import nl.infill.system.InvalidInput;

/**
 * A CQL2 filter (OGC 21-065r2) of OGC API - Features Part 3 (OGC 19-079r2), read from CQL2 text
 * or CQL2 JSON and turned into an SQL predicate for one collection. The entry point of this
 * package: everything else in it is internal.
 */
public final class Cql2Filter {

    /** The values of {@code filter-lang}; the first is the default. */
    public static final String TEXT = "cql2-text";
    public static final String JSON = "cql2-json";

    private final Ast.Predicate root;

    private Cql2Filter(Ast.Predicate root) {
        this.root = root;
    }

    /**
     * Reads a filter parameter.
     *
     * @param lang {@code cql2-text} (also when null) or {@code cql2-json}; anything else is a 400
     *             naming {@code filter-lang}
     */
    public static Cql2Filter parse(String filter, String lang, Cql2Limits limits) {
        boolean json = json(lang);
        if (filter == null || filter.isBlank()) {
            throw Problems.bad("The filter is empty.");
        }
        try {
            return new Cql2Filter(json ? Cql2JsonReader.read(filter, limits) : Cql2TextReader.read(filter, limits));
        } catch (StackOverflowError e) {
            // The bracket check before parsing should make this unreachable; it stays a client error if not.
            throw Problems.bad("The filter is nested too deeply.");
        }
    }

    /** Reads a CQL2 JSON filter that is already part of a JSON body. */
    public static Cql2Filter parseJson(JsonNode filter, Cql2Limits limits) {
        return new Cql2Filter(Cql2JsonReader.read(filter, limits));
    }

    /** True for {@code cql2-json}, false for {@code cql2-text} or null; a 400 for any other value. */
    public static boolean json(String lang) {
        if (lang == null || lang.isBlank() || lang.trim().toLowerCase(Locale.ROOT).equals(TEXT)) {
            return false;
        }
        if (lang.trim().toLowerCase(Locale.ROOT).equals(JSON)) {
            return true;
        }
        throw new InvalidInput("filter-lang", "Unsupported filter-lang '" + Problems.quote(lang)
                + "'. Supported: " + TEXT + " (default), " + JSON + ".");
    }

    /**
     * The filter as an SQL predicate over alias {@code t} of the collection behind {@code queryables}.
     *
     * @param crs         the CRS of the filter's geometry literals
     * @param paramPrefix prefix of the parameter names, distinct from the caller's own parameters
     */
    public SqlPredicate toSql(Queryables queryables, FilterCrs crs, String paramPrefix) {
        return new SqlEmitter(queryables, crs, paramPrefix).emit(root);
    }

    /** The parsed tree, for tests of this package. */
    Ast.Predicate root() {
        return root;
    }
}
