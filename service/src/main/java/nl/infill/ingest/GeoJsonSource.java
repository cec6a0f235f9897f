package nl.infill.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;


import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nl.infill.geo.Crs;
import nl.infill.system.UnprocessableInput;

/**
 * Streams the features of a GeoJSON FeatureCollection (RFC 7946) with Jackson's token parser:
 * only one feature is held as a tree at a time. Accepts the 2008 {@code crs} member anywhere in
 * the top-level object (also after {@code features}); geometries become WKB through JTS.
 */
final class GeoJsonSource extends FileSource {

    // Trees are read from the middle of the stream: what follows a feature is not "trailing".
    // The client-input limits on depth and number length (a file's size is bounded by the upload limit).
    private static final JsonMapper JSON = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
                    .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(100).maxNumberLength(nl.infill.system.JsonInput.MAX_NUMBER_LENGTH).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final GeometryFactory GF = new GeometryFactory();

    private final Path file;
    private final WKBWriter wkb2 = new WKBWriter(2);

    GeoJsonSource(Path file) {
        super("geojson");
        this.file = file;
    }

    /** A parser of streams only ({@link #read(InputStream, long, Sink, Members)}), e.g. of harvested pages. */
    GeoJsonSource() {
        this(null);
    }

    @Override
    public String where(long index) {
        return "features[" + index + "]";
    }

    @Override
    public void read(Sink sink) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            read(in, 0, sink, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Top-level members of the FeatureCollection other than {@code type}, {@code crs} and
     * {@code features}, for a reader that needs them (an OGC API page's {@code links} and
     * {@code numberMatched}); every other member is skipped without building a tree.
     */
    interface Members {
        boolean wants(String name);

        void member(String name, JsonNode value);
    }

    /**
     * Streams one FeatureCollection from {@code in} (not closed here): the features go to
     * {@code sink} numbered from {@code firstIndex}, the wanted top-level members to
     * {@code members} (may be null). Returns how many features it read. A failure of the stream
     * itself (a timeout, a cut connection, a size limit) surfaces as the {@link UncheckedIOException}
     * around its cause, not as invalid JSON, so that a reader of a network stream can tell them apart.
     */
    long read(InputStream in, long firstIndex, Sink sink, Members members) {
        long index = firstIndex;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UnprocessableInput(location(p), "The file is not a GeoJSON object: it must start with '{'"
                        + " and be a FeatureCollection.");
            }
            boolean collection = false;
            boolean sawFeatures = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "type" -> {
                        String type = t == JsonToken.VALUE_STRING ? p.getString() : null;
                        if (!"FeatureCollection".equals(type)) {
                            throw new UnprocessableInput("type", "The GeoJSON 'type' is '" + type
                                    + "': only a FeatureCollection can be loaded into a layer.");
                        }
                        collection = true;
                    }
                    case "crs" -> declaredCrs = crsMember(JSON.readTree(p));
                    case "features" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new UnprocessableInput("features", "'features' must be an array.");
                        }
                        sawFeatures = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (p.currentToken() == null) {
                                throw new UnprocessableInput(location(p), "The file ends inside 'features' (truncated?).");
                            }
                            JsonNode f = JSON.readTree(p);
                            feature(index, f, sink);
                            index++;
                        }
                    }
                    default -> {
                        if (members != null && members.wants(name)) {
                            members.member(name, JSON.readTree(p));
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new UnprocessableInput(location(p), "The file ends before the GeoJSON object is closed (truncated?).");
            }
            if (p.nextToken() != null) {
                throw new UnprocessableInput(location(p), "Unexpected content after the GeoJSON object.");
            }
            if (!collection || !sawFeatures) {
                throw new UnprocessableInput(collection ? "features" : "type",
                        "The file is not a GeoJSON FeatureCollection: it has no "
                                + (collection ? "'features' array." : "\"type\": \"FeatureCollection\"."));
            }
            return index - firstIndex;
        } catch (JacksonIOException e) {
            throw new UncheckedIOException(e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e));
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String where = loc == null ? "file" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            if (e instanceof tools.jackson.core.exc.StreamConstraintsException) {
                throw new UnprocessableInput(where, "The file " + nl.infill.system.JsonInput.explain(e));
            }
            throw new UnprocessableInput(where, "The file is not valid JSON (truncated or not JSON?): "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private void feature(long index, JsonNode f, Sink sink) {
        if (f == null || !f.isObject() || !"Feature".equals(f.path("type").asString(null))) {
            sink.feature(index, null, null, Map.of(), "not a GeoJSON Feature object");
            return;
        }
        Map<String, Object> props = new HashMap<>();
        JsonNode pn = f.get("properties");
        if (pn != null && pn.isObject()) {
            for (Map.Entry<String, JsonNode> e : pn.properties()) {
                attributes.add(e.getKey());
                props.put(e.getKey(), value(e.getValue()));
            }
        }
        JsonNode g = f.get("geometry");
        if (g == null || g.isNull()) {
            sink.feature(index, null, null, props, null);
            return;
        }
        String type = g.path("type").asString(null);
        try {
            Geometry geom = geometry(g);
            byte[] wkb = geom.isEmpty() ? null : wkb2.write(geom);
            sink.feature(index, type, wkb, props, null);
        } catch (RuntimeException e) {
            sink.feature(index, type, null, props, "geometry unreadable: " + e.getMessage());
        }
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
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
        if (v.isString()) {
            return v.stringValue();
        }
        return v.toString();
    }

    private static String crsMember(JsonNode crs) {
        if (crs == null || crs.isNull()) {
            return null;
        }
        String name = crs.path("properties").path("name").asString(null);
        if (name == null) {
            throw new UnprocessableInput("crs", "The 'crs' member has no properties.name; give it as "
                    + "{\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::28992\"}}.");
        }
        return "EPSG:" + Crs.sridOf(name, "crs.properties.name");
    }

    private static Geometry geometry(JsonNode g) {
        String type = g.path("type").asString("");
        JsonNode c = g.get("coordinates");
        if (!"GeometryCollection".equals(type) && (c == null || !c.isArray())) {
            throw new IllegalArgumentException("no 'coordinates' array");
        }
        return switch (type) {
            case "Point" -> c.isEmpty() ? GF.createPoint() : GF.createPoint(coord(c));
            case "MultiPoint" -> GF.createMultiPoint(points(c));
            case "LineString" -> GF.createLineString(coords(c));
            case "MultiLineString" -> GF.createMultiLineString(lines(c));
            case "Polygon" -> polygon(c);
            case "MultiPolygon" -> {
                Polygon[] ps = new Polygon[c.size()];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = polygon(c.get(i));
                }
                yield GF.createMultiPolygon(ps);
            }
            case "GeometryCollection" -> {
                JsonNode gs = g.get("geometries");
                if (gs == null || !gs.isArray()) {
                    throw new IllegalArgumentException("no 'geometries' array");
                }
                Geometry[] parts = new Geometry[gs.size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = geometry(gs.get(i));
                }
                yield GF.createGeometryCollection(parts);
            }
            default -> throw new IllegalArgumentException("unknown geometry type '" + type + "'");
        };
    }

    private static Point[] points(JsonNode c) {
        Point[] ps = new Point[c.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = GF.createPoint(coord(c.get(i)));
        }
        return ps;
    }

    private static LineString[] lines(JsonNode c) {
        LineString[] ls = new LineString[c.size()];
        for (int i = 0; i < ls.length; i++) {
            ls[i] = GF.createLineString(coords(c.get(i)));
        }
        return ls;
    }

    private static Polygon polygon(JsonNode rings) {
        if (rings.isEmpty()) {
            return GF.createPolygon();
        }
        LinearRing shell = GF.createLinearRing(coords(rings.get(0)));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = GF.createLinearRing(coords(rings.get(i)));
        }
        return GF.createPolygon(shell, holes);
    }

    private static Coordinate[] coords(JsonNode c) {
        Coordinate[] cs = new Coordinate[c.size()];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = coord(c.get(i));
        }
        return cs;
    }

    private static Coordinate coord(JsonNode pos) {
        if (pos == null || !pos.isArray() || pos.size() < 2 || !pos.get(0).isNumber() || !pos.get(1).isNumber()) {
            throw new IllegalArgumentException("a position must be an array of at least two numbers");
        }
        return new Coordinate(pos.get(0).doubleValue(), pos.get(1).doubleValue());
    }

    private static String location(JsonParser p) {
        TokenStreamLocation loc = p.currentLocation();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        // the stream is closed by read()
    }

}
