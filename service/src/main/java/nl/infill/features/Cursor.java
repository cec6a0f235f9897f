package nl.infill.features;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import nl.infill.geo.Crs;
import nl.infill.layers.Layer;
import nl.infill.system.InvalidInput;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The opaque keyset position of {@code after}/{@code before}: the id of the feature at the page
 * edge, its sort key when {@code sortby} is used, and the sortby it belongs to (a token of
 * another ordering is refused rather than silently skipping features).
 *
 * @param key the sort key (null when the sort column is null or there is no sortby)
 */
record Cursor(Object key, long id, String sortby) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Longest token accepted (characters): a real one is under 200. */
    private static final int MAX_TOKEN = 4096;

    String encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", id);
        m.put("k", key);
        m.put("s", sortby == null ? "" : sortby);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(m));
    }

    static Cursor decode(String token, String where, String sortby, Layer.Column sortProp) {
        if (token.length() > MAX_TOKEN) {
            throw invalid(where);
        }
        JsonNode n;
        try {
            // a forged token is client input like any other: the client-input limits apply
            n = nl.infill.system.JsonInput.mapper().readTree(
                    new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid(where);
        }
        // ids and integer keys are 64-bit: a number beyond that (or 1e30) is a forgery, not a position
        if (n == null || !n.isObject() || !n.path("i").isIntegralNumber() || !n.path("i").canConvertToLong()) {
            throw invalid(where);
        }
        String tokenSort = n.path("s").asString("");
        if (!tokenSort.equals(sortby == null ? "" : sortby)) {
            throw new InvalidInput(where, "This paging token belongs to sortby='" + Crs.abbreviate(tokenSort)
                    + "'; follow the next/prev links of the same request.");
        }
        JsonNode k = n.path("k");
        Object key = null;
        if (sortProp != null && !k.isNull() && !k.isMissingNode()) {
            key = switch (sortProp.type()) {
                case INTEGER -> k.isIntegralNumber() && k.canConvertToLong() ? (Object) k.longValue() : null;
                case DOUBLE -> k.isNumber() && Double.isFinite(k.doubleValue()) ? (Object) k.doubleValue() : null;
                case BOOLEAN -> k.isBoolean() ? (Object) k.booleanValue() : null;
                case TEXT -> k.isString() ? k.asString() : null;
            };
            if (key == null) {
                throw invalid(where);
            }
        }
        return new Cursor(key, n.path("i").longValue(), sortby);
    }

    private static InvalidInput invalid(String where) {
        return new InvalidInput(where, "Invalid paging token; use the next/prev links as given.");
    }
}
