package nl.infill.features;

import java.util.Set;


import tools.jackson.databind.JsonNode;

import nl.infill.geo.Crs;
import nl.infill.system.InvalidInput;

/**
 * Checks a posted GeoJSON geometry before PostGIS sees it: known type, well-nested coordinate
 * arrays, finite numbers inside the CRS's range, closed rings, and at most a configured number
 * of vertices. Each problem is a 400 whose {@code where} points into the body, e.g.
 * {@code geometry.coordinates[0][3]}.
 */
final class GeometryInput {

    private static final Set<String> TYPES = Set.of("Point", "MultiPoint", "LineString", "MultiLineString",
            "Polygon", "MultiPolygon");

    private final Crs crs;
    private final int maxVertices;
    private int vertices;

    private GeometryInput(Crs crs, int maxVertices) {
        this.crs = crs;
        this.maxVertices = maxVertices;
    }

    /** Validates and returns the geometry as compact GeoJSON text for {@code ST_GeomFromGeoJSON}. */
    static String validate(JsonNode geometry, Crs crs, int maxVertices, String where) {
        if (geometry == null || geometry.isMissingNode() || geometry.isNull()) {
            throw new InvalidInput(where, "A GeoJSON geometry is required.");
        }
        if (!geometry.isObject()) {
            throw new InvalidInput(where, "The geometry must be a GeoJSON geometry object.");
        }
        String type = geometry.path("type").isString() ? geometry.path("type").asString() : null;
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidInput(where + ".type", "Geometry type must be one of " + String.join(", ",
                    TYPES.stream().sorted().toList()) + ".");
        }
        JsonNode coords = geometry.path("coordinates");
        if (!coords.isArray()) {
            throw new InvalidInput(where + ".coordinates", "coordinates must be an array.");
        }
        GeometryInput v = new GeometryInput(crs, maxVertices);
        String at = where + ".coordinates";
        switch (type) {
            case "Point" -> v.position(coords, at);
            case "MultiPoint", "LineString" -> v.positions(coords, at, type.equals("LineString") ? 2 : 1, false);
            case "MultiLineString" -> v.each(coords, at, (n, a) -> v.positions(n, a, 2, false));
            case "Polygon" -> v.polygon(coords, at);
            default -> v.each(coords, at, v::polygon);
        }
        return "{\"type\":\"" + type + "\",\"coordinates\":" + coords + "}";
    }

    private interface Part {
        void check(JsonNode node, String at);
    }

    private void each(JsonNode array, String at, Part part) {
        if (!array.isArray() || array.isEmpty()) {
            throw new InvalidInput(at, "Expected a non-empty array.");
        }
        for (int i = 0; i < array.size(); i++) {
            part.check(array.get(i), at + "[" + i + "]");
        }
    }

    private void polygon(JsonNode rings, String at) {
        each(rings, at, (ring, a) -> positions(ring, a, 4, true));
    }

    private void positions(JsonNode array, String at, int min, boolean closed) {
        if (!array.isArray() || array.size() < min) {
            throw new InvalidInput(at, "Expected an array of at least " + min + " position(s).");
        }
        for (int i = 0; i < array.size(); i++) {
            position(array.get(i), at + "[" + i + "]");
        }
        if (closed && !array.get(0).equals(array.get(array.size() - 1))) {
            throw new InvalidInput(at, "A polygon ring must end at its first position.");
        }
    }

    private void position(JsonNode p, String at) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3) {
            throw new InvalidInput(at, "A position is an array of 2 or 3 numbers.");
        }
        for (int i = 0; i < p.size(); i++) {
            if (!p.get(i).isNumber() || !Double.isFinite(p.get(i).doubleValue())) {
                throw new InvalidInput(at, "Coordinates must be finite numbers.");
            }
        }
        if (!crs.contains(p.get(0).doubleValue(), p.get(1).doubleValue())) {
            double[] b = crs.bounds();
            throw new InvalidInput(at, "Position lies outside the range of " + crs.uri() + " (x " + b[0] + ".." + b[2]
                    + ", y " + b[1] + ".." + b[3] + ")" + (crs == Crs.CRS84 ? "; GeoJSON is longitude, latitude." : "."));
        }
        if (++vertices > maxVertices) {
            throw new InvalidInput(at, "The geometry has more than " + maxVertices + " vertices.");
        }
    }
}
