package nl.infill.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;

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
 * Streams the buildings of a CityJSON file (1.0, 1.1, 2.0) or a CityJSONSeq (a CityJSON header
 * line followed by CityJSONFeature lines) as 2D footprints with their attributes.
 *
 * <p>Memory stays bounded whatever the file size: one city object is a tree at a time. A
 * CityJSON file's {@code vertices} usually come after its {@code CityObjects} (3D BAG writes the
 * members in alphabetical order), so the file is read twice: the first pass streams the vertices,
 * transformed to real coordinates, into a temporary file that is then memory-mapped (page cache,
 * not heap); the second streams the city objects. A CityJSONSeq feature carries its own vertices
 * and is read in one pass.
 *
 * <p>One feature per top-level city object (one without {@code parents}); its children (3D BAG's
 * BuildingPart) are merged into it: the parent's attributes win, a child's attribute fills one the
 * parent lacks (the first child in the parent's {@code children} order). The footprint is the
 * LoD 0 surface(s) of the object; without LoD 0, the GroundSurface (semantics) of its lowest LoD,
 * else that geometry's faces projected to 2D and unioned; when the object itself has no geometry,
 * the union of its children's footprints chosen the same way. Synthetic attributes:
 * {@code cityobject_id}, {@code cityobject_type}, {@code footprint_from} (e.g. {@code lod0},
 * {@code lod1.2 GroundSurface}, {@code lod2.2 projected}).
 *
 * <p>A broken file (not JSON or cut off, a vertex index out of range, integer vertices without
 * the {@code transform} that CityJSON 1.1 and 2.0 require) fails the whole load, naming the object.
 */
final class CityJsonSource extends FileSource {

    static final String FORMAT = "cityjson";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final GeometryFactory GF = new GeometryFactory();
    /** Object ids kept for messages (see {@link #ids}). */
    private static final int MAX_IDS_KEPT = 100_000;
    /** Projected faces are unioned on a millimetre grid: robust, and below any survey's accuracy. */
    private static final PrecisionModel MM = new PrecisionModel(1000);
    /** Vertical walls project to slivers; faces below this area (m2) are left out of the union. */
    private static final double MIN_FACE_M2 = 1e-4;

    private final Path file;
    /**
     * Object id of each feature handed over, by index, for messages; only the first
     * {@link #MAX_IDS_KEPT}, so that a file of millions of buildings keeps the heap bounded.
     */
    private final List<String> ids = new ArrayList<>();
    private long handedOver;
    private final WKBWriter wkb2 = new WKBWriter(2);
    private boolean seq;
    private Path vertexFile;

    CityJsonSource(Path file) {
        super(FORMAT);
        this.file = file;
    }

    @Override
    public String where(long index) {
        String id = index >= 0 && index < ids.size() ? ids.get((int) index) : null;
        String obj = id == null ? "" : " ('" + id + "')";
        return seq ? "CityJSONFeature " + (index + 1) + obj
                : id == null ? "city object " + index + " (0-based, top-level objects in file order)" : "CityObjects['" + id + "']";
    }

    /** Whether a file starting with '{' is CityJSON rather than GeoJSON, from its first top-level members. */
    static boolean looksLikeCityJson(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (int members = 0; members < 64 && p.nextToken() == JsonToken.PROPERTY_NAME; members++) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "CityObjects", "vertices", "transform" -> {
                        return true;
                    }
                    case "features", "geometry" -> {
                        return false;
                    }
                    case "type" -> {
                        String type = t == JsonToken.VALUE_STRING ? p.getString() : "";
                        return type.equals("CityJSON") || type.equals("CityJSONFeature");
                    }
                    default -> p.skipChildren();
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // the GeoJSON reader reports what is wrong with the file
        }
    }

    // ---- reading ----

    /** What the header (the file's top-level members other than CityObjects) says. */
    private static final class Header {
        String type;
        String version;
        double[] scale;
        double[] translate;
        Vertices vertices = Vertices.NONE;
        boolean integerVertices;
    }

    @Override
    public void read(Sink sink) {
        Emitter emitter = new Emitter(sink);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             JsonParser p = JSON.createParser(in)) {
            Header h = header(p);
            JsonToken next = p.nextToken();
            if (next == null) {
                try (InputStream in2 = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                     JsonParser p2 = JSON.createParser(in2)) {
                    cityObjects(p2, h, emitter);
                }
            } else {
                seq = true;
                features(p, h, emitter);
            }
            emitter.finish();
        } catch (JacksonIOException e) {
            throw new UncheckedIOException(e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e));
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String where = loc == null ? "file" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new UnprocessableInput(where, "The file is not valid JSON (truncated or not JSON?): "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pass 1: the top-level members of the (first) CityJSON object; vertices go to the vertex file. */
    private Header header(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new UnprocessableInput(location(p), "The file is not a CityJSON object: it must start with '{'.");
        }
        Header h = new Header();
        JsonNode transform = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "type" -> h.type = t == JsonToken.VALUE_STRING ? p.getString() : null;
                case "version" -> h.version = t == JsonToken.VALUE_STRING ? p.getString() : String.valueOf(JSON.readTree(p));
                case "transform" -> transform = JSON.readTree(p);
                case "metadata" -> declaredCrs = referenceSystem(JSON.readTree(p));
                case "vertices" -> {
                    // the transform may come after the vertices: store them raw, apply it when reading
                    h.vertices = storeVertices(p, h);
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new UnprocessableInput(location(p), "The file ends before the CityJSON object is closed (truncated?).");
        }
        if ("CityJSONFeature".equals(h.type)) {
            throw new UnprocessableInput("line 1", "The file starts with a CityJSONFeature: a CityJSONSeq starts with "
                    + "a CityJSON header line (type, version, transform, metadata).");
        }
        if (!"CityJSON".equals(h.type)) {
            throw new UnprocessableInput("type", "The file's 'type' is '" + h.type + "', not 'CityJSON'.");
        }
        if (h.version == null || !h.version.matches("(1\\.[01]|2\\.0)(\\.\\d+)?")) {
            throw new UnprocessableInput("version", "CityJSON version '" + h.version
                    + "' is not supported: 1.0, 1.1 and 2.0 are.");
        }
        if (transform != null) {
            h.scale = triple(transform.get("scale"), "transform.scale");
            h.translate = triple(transform.get("translate"), "transform.translate");
        } else if (!h.version.startsWith("1.0")) {
            throw new UnprocessableInput("transform", "CityJSON " + h.version + " requires 'transform' (scale and "
                    + "translate of the integer vertices); the file has none.");
        } else if (h.integerVertices && h.vertices.size() > 0 && looksQuantised(h.vertices)) {
            throw new UnprocessableInput("transform", "The vertices are integers far outside any coordinate range "
                    + "and the file has no 'transform' to scale them: it is missing.");
        }
        h.vertices = h.vertices.transformed(h.scale, h.translate);
        return h;
    }

    /** Integer vertices without a transform that are too large for RD metres (or degrees) are quantised ones. */
    private static boolean looksQuantised(Vertices v) {
        double x = Math.abs(v.x(0));
        double y = Math.abs(v.y(0));
        return x > 10_000_000 || y > 10_000_000;
    }

    private static double[] triple(JsonNode n, String where) {
        if (n == null || !n.isArray() || n.size() < 2) {
            throw new UnprocessableInput(where, "'" + where + "' must be an array of three numbers.");
        }
        double[] out = new double[3];
        for (int i = 0; i < Math.min(3, n.size()); i++) {
            if (!n.get(i).isNumber()) {
                throw new UnprocessableInput(where, "'" + where + "' must be an array of three numbers.");
            }
            out[i] = n.get(i).doubleValue();
        }
        return out;
    }

    /** metadata.referenceSystem (1.0: urn:ogc:def:crs:EPSG::7415; 1.1/2.0: https://www.opengis.net/def/crs/EPSG/0/7415). */
    private static String referenceSystem(JsonNode metadata) {
        JsonNode rs = metadata == null ? null : metadata.get("referenceSystem");
        if (rs == null || rs.isNull() || !rs.isString()) {
            return null;
        }
        int srid = Crs.sridOf(rs.stringValue(), "metadata.referenceSystem");
        // EPSG:7415 is RD New + NAP height: the footprints are 2D, so RD New.
        return "EPSG:" + (srid == 7415 ? Crs.RD.srid() : srid);
    }

    /** Streams {@code vertices} ([[x, y, z], ...]) into a temporary file of x, y doubles. */
    private Vertices storeVertices(JsonParser p, Header h) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new UnprocessableInput("vertices", "'vertices' must be an array of [x, y, z] arrays.");
        }
        vertexFile = Files.createTempFile("infill-cityjson-", ".vertices");
        long n = 0;
        boolean integers = true;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(vertexFile), 1 << 16))) {
            while (p.nextToken() == JsonToken.START_ARRAY) {
                double[] xy = new double[2];
                int k = 0;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                        throw new UnprocessableInput("vertices[" + n + "]", "Vertex " + n + " is not an array of numbers ("
                                + location(p) + ").");
                    }
                    integers &= t == JsonToken.VALUE_NUMBER_INT;
                    if (k < 2) {
                        xy[k] = p.getDoubleValue();
                    }
                    k++;
                }
                if (k < 2) {
                    throw new UnprocessableInput("vertices[" + n + "]", "Vertex " + n + " has fewer than two coordinates.");
                }
                out.writeDouble(xy[0]);
                out.writeDouble(xy[1]);
                n++;
            }
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new UnprocessableInput("vertices[" + n + "]", "'vertices' must be an array of [x, y, z] arrays.");
        }
        h.integerVertices = integers;
        return MappedVertices.map(vertexFile, n);
    }

    /** Pass 2 of a CityJSON file: each member of CityObjects, one tree at a time. */
    private void cityObjects(JsonParser p, Header h, Emitter emitter) throws IOException {
        p.nextToken();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (!name.equals("CityObjects")) {
                p.skipChildren();
                continue;
            }
            if (t != JsonToken.START_OBJECT) {
                throw new UnprocessableInput("CityObjects", "'CityObjects' must be an object of id -> city object.");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String id = p.currentName();
                p.nextToken();
                // A part whose parent has a footprint of its own is read for its attributes only: its
                // solids (most of a 3D BAG file) would never be used, so they are skipped unbuilt.
                JsonNode o = emitter.parentHasFootprint(id) ? withoutGeometry(p) : JSON.readTree(p);
                emitter.add(new Obj(id, o, h.vertices, "CityObjects['" + id + "']"));
            }
            return;
        }
        throw new UnprocessableInput("CityObjects", "The file has no 'CityObjects'.");
    }

    /** The city object at the parser as a tree without its {@code geometry} member (skipped token by token). */
    private static JsonNode withoutGeometry(JsonParser p) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return JSON.readTree(p);
        }
        var node = JSON.createObjectNode();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("geometry")) {
                p.skipChildren();
            } else {
                node.set(name, JSON.readTree(p));
            }
        }
        return node;
    }

    /** A CityJSONSeq: after the header line, one CityJSONFeature per line with its own vertices. */
    private void features(JsonParser p, Header h, Emitter emitter) {
        long n = 0;
        for (JsonToken t = p.currentToken(); t != null; t = p.nextToken()) {
            n++;
            String where = "CityJSONFeature " + n + " (" + location(p) + ")";
            if (t != JsonToken.START_OBJECT) {
                throw new UnprocessableInput(where, "Each line of a CityJSONSeq after the header is a CityJSONFeature object.");
            }
            JsonNode f = JSON.readTree(p);
            if (!"CityJSONFeature".equals(f.path("type").asString(null))) {
                throw new UnprocessableInput(where, "Expected a CityJSONFeature, found type '"
                        + f.path("type").asString(null) + "'.");
            }
            JsonNode vs = f.get("vertices");
            Vertices local = Vertices.NONE;
            if (vs != null && vs.isArray()) {
                double[] xy = new double[vs.size() * 2];
                for (int i = 0; i < vs.size(); i++) {
                    JsonNode v = vs.get(i);
                    if (!v.isArray() || v.size() < 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
                        throw new UnprocessableInput(where + ".vertices[" + i + "]", "A vertex is an array of numbers.");
                    }
                    xy[2 * i] = v.get(0).doubleValue();
                    xy[2 * i + 1] = v.get(1).doubleValue();
                }
                local = new ArrayVertices(xy).transformed(h.scale, h.translate);
            }
            JsonNode objs = f.get("CityObjects");
            if (objs == null || !objs.isObject()) {
                throw new UnprocessableInput(where, "The CityJSONFeature has no 'CityObjects' object.");
            }
            for (Map.Entry<String, JsonNode> e : objs.properties()) {
                emitter.add(new Obj(e.getKey(), e.getValue(), local, where + ".CityObjects['" + e.getKey() + "']"));
            }
            // a feature holds its object with all its children: nothing waits across lines
            emitter.finish();
        }
    }

    // ---- city objects and their children ----

    private static final class Obj {
        final String id;
        final JsonNode node;
        final Vertices vertices;
        final String where;
        final List<String> childIds = new ArrayList<>();
        final String parent;
        final Map<String, Obj> arrived = new HashMap<>();
        private Footprint own;
        private boolean ownDone;

        Obj(String id, JsonNode node, Vertices vertices, String where) {
            this.id = id;
            this.node = node;
            this.vertices = vertices;
            this.where = where;
            node.path("children").values().forEach(c -> childIds.add(c.asString()));
            JsonNode ps = node.get("parents");
            this.parent = ps != null && ps.isArray() && !ps.isEmpty() ? ps.get(0).asString() : null;
        }

        boolean complete() {
            return arrived.size() >= childIds.size();
        }

        /** Its own footprint (not its children's), computed once. */
        Footprint own() {
            if (!ownDone) {
                own = footprint(this);
                ownDone = true;
            }
            return own;
        }
    }

    /**
     * Hands over each top-level object once its children have arrived. Children are usually next to
     * their parent (3D BAG: the parent, then its parts), so little waits; what never completes is
     * handed over at the end with the children it has.
     */
    private final class Emitter {
        private final Sink sink;
        private final Map<String, Obj> waitingParents = new LinkedHashMap<>();
        private final Map<String, Obj> earlyChildren = new LinkedHashMap<>();
        private final Set<String> childrenWithChildren = new HashSet<>();
        /** Child id -> its waiting parent. */
        private final Map<String, Obj> expected = new HashMap<>();

        Emitter(Sink sink) {
            this.sink = sink;
        }

        void add(Obj o) {
            if (o.parent != null) {
                if (!o.childIds.isEmpty()) {
                    childrenWithChildren.add(o.id);
                }
                Obj parent = waitingParents.get(o.parent);
                expected.remove(o.id);
                if (parent != null) {
                    parent.arrived.put(o.id, o);
                    if (parent.complete()) {
                        waitingParents.remove(parent.id);
                        emit(parent);
                    }
                } else {
                    earlyChildren.put(o.id, o);
                }
                return;
            }
            for (String c : o.childIds) {
                Obj child = earlyChildren.remove(c);
                if (child != null) {
                    o.arrived.put(c, child);
                }
            }
            if (o.complete()) {
                emit(o);
            } else {
                waitingParents.put(o.id, o);
                o.childIds.stream().filter(c -> !o.arrived.containsKey(c)).forEach(c -> expected.put(c, o));
            }
        }

        /** Whether {@code id} is a child awaited by a parent that has a footprint of its own. */
        boolean parentHasFootprint(String id) {
            Obj parent = expected.get(id);
            return parent != null && parent.own() != null;
        }

        void finish() {
            List<Obj> parents = new ArrayList<>(waitingParents.values());
            waitingParents.clear();
            expected.clear();
            parents.forEach(this::emit);
            // children whose parent never came are features of their own (a grandchild stays with its parent)
            List<Obj> orphans = new ArrayList<>(earlyChildren.values());
            earlyChildren.clear();
            orphans.stream().filter(o -> !childrenWithChildren.contains(o.parent)).forEach(this::emit);
        }

        private void emit(Obj o) {
            long index = handedOver++;
            if (ids.size() < MAX_IDS_KEPT) {
                ids.add(o.id);
            }
            Map<String, Object> props = new HashMap<>();
            props.put("cityobject_id", o.id);
            props.put("cityobject_type", o.node.path("type").asString(null));
            putAttributes(props, o.node);
            for (String c : o.childIds) {
                Obj child = o.arrived.get(c);
                if (child != null) {
                    putAttributes(props, child.node);
                }
            }
            Footprint fp = o.own();
            if (fp == null) {
                List<Geometry> parts = new ArrayList<>();
                String from = null;
                for (String c : o.childIds) {
                    Obj child = o.arrived.get(c);
                    Footprint cf = child == null ? null : footprint(child);
                    if (cf != null) {
                        parts.add(cf.geometry);
                        from = from == null ? cf.from : from;
                    }
                }
                if (!parts.isEmpty()) {
                    fp = new Footprint(parts.size() == 1 ? parts.get(0) : UnaryUnionNG.union(GF.buildGeometry(parts), MM),
                            "children " + from);
                }
            }
            props.keySet().forEach(attributes::add);
            attributes.add("footprint_from");
            if (fp == null || fp.geometry.isEmpty()) {
                sink.feature(index, null, null, props, "no footprint: the object has no LoD 0 surface, no surface or solid"
                        + " geometry and no child that has one");
                return;
            }
            props.put("footprint_from", fp.from);
            MultiPolygon mp = multi(fp.geometry);
            sink.feature(index, "MultiPolygon", wkb2.write(mp), props, null);
        }
    }

    /** Attributes of a city object not yet in {@code props}: the parent's first, then each child's. */
    private static void putAttributes(Map<String, Object> props, JsonNode o) {
        JsonNode a = o.get("attributes");
        if (a == null || !a.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : a.properties()) {
            props.putIfAbsent(e.getKey(), value(e.getValue()));
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

    // ---- geometry ----

    private record Footprint(Geometry geometry, String from) {
    }

    /** A surface: its rings as vertex indices, and its semantic type (null when none). */
    private record Surface(JsonNode rings, String semantic) {
    }

    /** The object's own footprint (see the class comment), or null when it has no usable geometry. */
    private static Footprint footprint(Obj o) {
        JsonNode geoms = o.node.get("geometry");
        if (geoms == null || !geoms.isArray() || geoms.isEmpty()) {
            return null;
        }
        JsonNode best = null;
        int bestIndex = -1;
        double bestLod = Double.MAX_VALUE;
        for (int i = 0; i < geoms.size(); i++) {
            JsonNode g = geoms.get(i);
            String type = g.path("type").asString("");
            if (!type.endsWith("Surface") && !type.endsWith("Solid")) {
                continue; // MultiPoint, MultiLineString, GeometryInstance: no area
            }
            double lod = lod(g.get("lod"));
            if (lod < bestLod) {
                bestLod = lod;
                best = g;
                bestIndex = i;
            }
        }
        if (best == null) {
            return null;
        }
        String where = o.where + ".geometry[" + bestIndex + "]";
        String lodText = lodText(best.get("lod"));
        List<Surface> surfaces = surfaces(best, where);
        if (bestLod < 1) {
            return new Footprint(unionOfSeveral(polygons(surfaces, o.vertices, where, false)), "lod" + lodText);
        }
        List<Surface> ground = surfaces.stream().filter(s -> "GroundSurface".equals(s.semantic())).toList();
        if (!ground.isEmpty()) {
            return new Footprint(unionOfSeveral(polygons(ground, o.vertices, where, false)), "lod" + lodText + " GroundSurface");
        }
        Geometry faces = polygons(surfaces, o.vertices, where, true);
        return new Footprint(UnaryUnionNG.union(faces, MM), "lod" + lodText + " projected");
    }

    /** Several surfaces of one footprint share edges: as one MultiPolygon they must be unioned to be valid. */
    private static Geometry unionOfSeveral(Geometry g) {
        return g.getNumGeometries() > 1 ? UnaryUnionNG.union(g, MM) : g;
    }

    private static double lod(JsonNode lod) {
        if (lod == null || lod.isNull()) {
            return Double.MAX_VALUE - 1;
        }
        try {
            return lod.isNumber() ? lod.doubleValue() : Double.parseDouble(lod.asString());
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE - 1;
        }
    }

    private static String lodText(JsonNode lod) {
        return lod == null ? "?" : lod.isNumber() ? Mapping.norm(lod.doubleValue()) : lod.asString();
    }

    /** The surfaces of a (Multi/Composite)Surface, Solid or (Multi/Composite)Solid with their semantic types. */
    private static List<Surface> surfaces(JsonNode g, String where) {
        String type = g.path("type").asString("");
        JsonNode b = g.get("boundaries");
        if (b == null || !b.isArray()) {
            throw new UnprocessableInput(where, "The geometry has no 'boundaries' array.");
        }
        JsonNode sem = g.get("semantics");
        JsonNode semSurfaces = sem == null ? null : sem.get("surfaces");
        JsonNode values = sem == null ? null : sem.get("values");
        List<Surface> out = new ArrayList<>();
        int depth = switch (type) {
            case "MultiSurface", "CompositeSurface" -> 0;
            case "Solid" -> 1;
            default -> 2; // MultiSolid, CompositeSolid
        };
        collect(b, values, semSurfaces, depth, out);
        return out;
    }

    private static void collect(JsonNode b, JsonNode values, JsonNode semSurfaces, int depth, List<Surface> out) {
        for (int i = 0; i < b.size(); i++) {
            JsonNode v = values != null && values.isArray() && i < values.size() ? values.get(i) : null;
            if (depth > 0) {
                collect(b.get(i), v, semSurfaces, depth - 1, out);
            } else {
                String semantic = null;
                if (v != null && v.isIntegralNumber() && semSurfaces != null && v.intValue() < semSurfaces.size()) {
                    semantic = semSurfaces.get(v.intValue()).path("type").asString(null);
                }
                out.add(new Surface(b.get(i), semantic));
            }
        }
    }

    /** The surfaces as 2D polygons (x, y of each vertex); {@code dropSlivers} leaves out faces seen edge-on. */
    private static Geometry polygons(List<Surface> surfaces, Vertices vs, String where, boolean dropSlivers) {
        List<Polygon> ps = new ArrayList<>();
        for (Surface s : surfaces) {
            JsonNode rings = s.rings();
            if (rings == null || !rings.isArray() || rings.isEmpty()) {
                continue;
            }
            LinearRing shell = ring(rings.get(0), vs, where);
            if (shell == null) {
                continue;
            }
            List<LinearRing> holes = new ArrayList<>();
            for (int r = 1; r < rings.size(); r++) {
                LinearRing h = ring(rings.get(r), vs, where);
                if (h != null) {
                    holes.add(h);
                }
            }
            Polygon p = GF.createPolygon(shell, holes.toArray(LinearRing[]::new));
            if (dropSlivers) {
                if (p.getArea() < MIN_FACE_M2) {
                    continue;
                }
                if (!p.isValid()) {
                    Geometry fixed = p.buffer(0);
                    PolygonExtracter.getPolygons(fixed).forEach(x -> ps.add((Polygon) x));
                    continue;
                }
            }
            ps.add(p);
        }
        return GF.createMultiPolygon(ps.toArray(Polygon[]::new));
    }

    /** A closed 2D ring of the vertex indices, or null when it has fewer than three distinct points. */
    private static LinearRing ring(JsonNode idx, Vertices vs, String where) {
        if (idx == null || !idx.isArray()) {
            throw new UnprocessableInput(where, "A ring of the boundaries is not an array of vertex indices.");
        }
        List<Coordinate> cs = new ArrayList<>(idx.size() + 1);
        for (JsonNode i : idx.values()) {
            if (!i.isIntegralNumber()) {
                throw new UnprocessableInput(where, "A ring of the boundaries is not an array of vertex indices.");
            }
            long k = i.longValue();
            if (k < 0 || k >= vs.size()) {
                throw new UnprocessableInput(where, "Vertex index " + k + " is out of range: the "
                        + (vs.size() == 0 ? "file has no vertices" : "vertices are numbered 0.." + (vs.size() - 1)) + ".");
            }
            Coordinate c = new Coordinate(vs.x((int) k), vs.y((int) k));
            if (cs.isEmpty() || !cs.get(cs.size() - 1).equals2D(c)) {
                cs.add(c);
            }
        }
        if (cs.size() > 1 && cs.get(0).equals2D(cs.get(cs.size() - 1))) {
            cs.remove(cs.size() - 1);
        }
        if (cs.size() < 3) {
            return null;
        }
        cs.add(cs.get(0).copy());
        return GF.createLinearRing(cs.toArray(Coordinate[]::new));
    }

    private static MultiPolygon multi(Geometry g) {
        if (g instanceof MultiPolygon mp) {
            return mp;
        }
        @SuppressWarnings("unchecked")
        List<Polygon> ps = PolygonExtracter.getPolygons(g);
        return GF.createMultiPolygon(ps.toArray(Polygon[]::new));
    }

    // ---- vertices ----

    /** Real x, y of vertex i (after the transform). */
    private interface Vertices {
        Vertices NONE = new ArrayVertices(new double[0]);

        long size();

        double x(int i);

        double y(int i);

        /** These vertices with scale and translate applied (identity when scale is null). */
        default Vertices transformed(double[] scale, double[] translate) {
            if (scale == null) {
                return this;
            }
            Vertices raw = this;
            return new Vertices() {
                @Override
                public long size() {
                    return raw.size();
                }

                @Override
                public double x(int i) {
                    return raw.x(i) * scale[0] + translate[0];
                }

                @Override
                public double y(int i) {
                    return raw.y(i) * scale[1] + translate[1];
                }
            };
        }
    }

    private record ArrayVertices(double[] xy) implements Vertices {
        @Override
        public long size() {
            return xy.length / 2;
        }

        @Override
        public double x(int i) {
            return xy[2 * i];
        }

        @Override
        public double y(int i) {
            return xy[2 * i + 1];
        }
    }

    /** Vertices in a memory-mapped file of big-endian x, y doubles, in chunks of 2^26 vertices (1 GiB). */
    private static final class MappedVertices implements Vertices {
        private static final int CHUNK_SHIFT = 26;
        private final DoubleBuffer[] chunks;
        private final long size;

        private MappedVertices(DoubleBuffer[] chunks, long size) {
            this.chunks = chunks;
            this.size = size;
        }

        static Vertices map(Path file, long n) throws IOException {
            if (n > Integer.MAX_VALUE) {
                throw new UnprocessableInput("vertices", "The file has more than " + Integer.MAX_VALUE + " vertices.");
            }
            long perChunk = 1L << CHUNK_SHIFT;
            int count = (int) ((n + perChunk - 1) / perChunk);
            DoubleBuffer[] chunks = new DoubleBuffer[count];
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                for (int c = 0; c < count; c++) {
                    long first = c * perChunk;
                    long len = Math.min(perChunk, n - first) * 16;
                    chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, first * 16, len).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer();
                }
            }
            return new MappedVertices(chunks, n);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public double x(int i) {
            return chunks[i >>> CHUNK_SHIFT].get(2 * (i & ((1 << CHUNK_SHIFT) - 1)));
        }

        @Override
        public double y(int i) {
            return chunks[i >>> CHUNK_SHIFT].get(2 * (i & ((1 << CHUNK_SHIFT) - 1)) + 1);
        }
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
        if (vertexFile != null) {
            try {
                Files.deleteIfExists(vertexFile);
            } catch (IOException e) {
                // a leftover temporary file is not worth failing a finished load for
            }
        }
    }
}
