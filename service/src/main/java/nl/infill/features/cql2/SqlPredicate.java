package nl.infill.features.cql2;

import java.util.Map;

/**
 * A filter as an SQL predicate over alias {@code t}: the text names only whitelisted columns,
 * SQL keywords and functions, and named parameters; every value of the filter is in
 * {@code params}.
 */
public record SqlPredicate(String sql, Map<String, Object> params) {
}
