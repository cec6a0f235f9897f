package nl.infill.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import nl.infill.geo.Crs;
import nl.infill.system.SafeXml;
import nl.infill.system.UnprocessableInput;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;

/**
 * Streams the features of a GML 3.1 or 3.2 feature collection (IMRO 2008/2012 plans, BRK
 * Kadastrale Kaart v5, WFS answers) with StAX: one feature is held at a time. Rules, documented
 * in docs/ingest.md:
 * <ul>
 * <li>Every element child of the root's member properties ({@code featureMember},
 *     {@code perceelMember}, {@code featureMembers}, {@code wfs:member}) is a feature; its local
 *     name is {@code feature_type}, its {@code gml:id} is {@code gml_id}.</li>
 * <li>Attributes: text leaves, named by the path of their property elements joined by dots, the
 *     object elements between them (UpperCamelCase, GML's property/object alternation) left out:
 *     {@code kadastraleAanduiding.sectie}, {@code maatvoeringInfo.waarde}. A leaf also answers to
 *     its last name alone ({@code sectie}) when that name is unique in the feature. A path that
 *     repeats keeps all its values as a list, in file order. An empty element with an
 *     {@code xlink:href} has the href as its value.</li>
 * <li>Geometry: of all geometries in the feature (at any depth), the one of the highest
 *     dimension, the first one among equals: BRK's {@code begrenzingPerceel} polygon wins over its
 *     {@code plaatscoordinaten} point, an IMRO object's {@code geometrie} over its label points.</li>
 * <li>Curves ({@code gml:Arc}, {@code gml:ArcString}, {@code gml:Circle}) are linearised so that no
 *     point of the true arc is further than {@link #MAX_CHORD_DEVIATION_M} from the result.</li>
 * </ul>
 */
final class GmlSource extends FileSource {

    /** The largest distance between a true arc and its linearisation, in CRS units (m for RD). */
    static final double MAX_CHORD_DEVIATION_M = 0.01;

    static final String GML31 = "http://www.opengis.net/gml";
    static final String GML32 = "http://www.opengis.net/gml/3.2";
    private static final String XLINK = "http://www.w3.org/1999/xlink";
    /** Features whose gml:id is kept for messages ({@link #where}); beyond them only problem features. */
    private static final int IDS_KEPT = 2_000;

    private static final Set<String> GEOMETRIES = Set.of("Point", "LineString", "Curve", "Polygon", "Surface",
            "MultiSurface", "MultiPolygon", "CompositeSurface", "MultiCurve", "MultiLineString", "MultiPoint",
            "CompositeCurve", "LinearRing", "OrientableSurface", "Solid", "MultiSolid", "MultiGeometry",
            "CompositeSolid", "TriangulatedSurface", "Tin", "PolyhedralSurface");
    private static final GeometryFactory GF = new GeometryFactory();

    private final Path file;
    private final Map<Long, String> ids = new HashMap<>();
    private final WKBWriter wkb2 = new WKBWriter(2);
    private String srsName;
    private boolean swapAxes;
    private String rootNamespace;
    private String rootName;
    private String gmlNamespace;

    GmlSource(Path file) {
        super("gml");
        this.file = file;
    }

    /** Namespace URI of the root element (the application schema, e.g. IMRO 2012's). */
    String rootNamespace() {
        return rootNamespace;
    }

    /** Local name of the root element. */
    String rootName() {
        return rootName;
    }

    /** The GML namespace the file uses ({@link #GML31} or {@link #GML32}). */
    String gmlNamespace() {
        return gmlNamespace;
    }

    @Override
    public String where(long index) {
        String id = ids.get(index);
        return "feature " + index + (id == null ? "" : " (gml:id " + id + ")");
    }

    @Override
    public void read(Sink sink) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            read(in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void read(InputStream in, Sink sink) {
        XMLStreamReader r = null;
        try {
            r = SafeXml.streamReader(in);
            r.nextTag();
            root(r);
            long index = 0;
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String ns = r.getNamespaceURI();
                if (isGml(ns) && (r.getLocalName().equals("boundedBy") || r.getLocalName().equals("name")
                        || r.getLocalName().equals("description"))) {
                    Node n = Node.read(r);
                    if (r.getLocalName().equals("boundedBy")) {
                        envelopeCrs(n);
                    }
                    continue;
                }
                // a member property: each element child is one feature
                while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    feature(index++, r, sink);
                }
            }
        } catch (XMLStreamException e) {
            var loc = e.getLocation();
            String where = loc == null || loc.getLineNumber() < 0 ? "file"
                    : "line " + loc.getLineNumber() + ", column " + loc.getColumnNumber();
            throw new UnprocessableInput(where, "The file is not well-formed XML (truncated, or not GML?): "
                    + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // the stream is closed by the caller
                }
            }
        }
    }

    /** Checks that the root element belongs to a GML document of a version this reader knows. */
    private void root(XMLStreamReader r) {
        rootNamespace = r.getNamespaceURI();
        rootName = r.getLocalName();
        String known = null;
        String unknown = null;
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            String uri = r.getNamespaceURI(i);
            if (isGml(uri)) {
                known = uri;
            } else if (uri != null && uri.startsWith("http://www.opengis.net/gml")) {
                unknown = uri;
            }
        }
        if (isGml(rootNamespace)) {
            known = rootNamespace;
        }
        if (known == null && unknown != null) {
            throw new UnprocessableInput("root element " + rootName, "Unknown GML namespace '" + unknown
                    + "': this reader knows GML 3.1 (" + GML31 + ") and GML 3.2 (" + GML32 + ").");
        }
        if (known == null) {
            throw new UnprocessableInput("root element " + rootName, "The file is XML but not GML: its root element "
                    + (rootNamespace == null || rootNamespace.isEmpty() ? "" : "{" + rootNamespace + "}") + rootName
                    + " declares no GML namespace (" + GML31 + " or " + GML32 + ").");
        }
        gmlNamespace = known;
    }

    private static boolean isGml(String ns) {
        return GML32.equals(ns) || GML31.equals(ns);
    }

    private void envelopeCrs(Node boundedBy) {
        for (Node c : boundedBy.children) {
            if (c.attrs.get("srsName") != null && srsName == null) {
                crs(c.attrs.get("srsName"));
            }
        }
    }

    /** One feature, the reader at its start tag; on return at its end tag. */
    private void feature(long index, XMLStreamReader r, Sink sink) throws XMLStreamException {
        String type = r.getLocalName();
        String id = gmlId(r);
        if (index < IDS_KEPT && id != null) {
            ids.put(index, id);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("feature_type", type);
        if (id != null) {
            props.put("gml_id", id);
        }
        List<Object[]> geometries = new ArrayList<>(2);
        Map<String, List<String>> leaves = new LinkedHashMap<>();
        children(r, "", leaves, geometries);
        for (Map.Entry<String, List<String>> e : leaves.entrySet()) {
            props.put(e.getKey(), e.getValue().size() == 1 ? e.getValue().get(0) : List.copyOf(e.getValue()));
        }
        Map<String, Integer> lastNames = new HashMap<>();
        for (String path : leaves.keySet()) {
            lastNames.merge(path.substring(path.lastIndexOf('.') + 1), 1, Integer::sum);
        }
        for (String path : leaves.keySet()) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (!last.equals(path) && lastNames.get(last) == 1 && !props.containsKey(last)) {
                props.put(last, props.get(path));
            }
        }
        attributes.addAll(props.keySet());
        String problem = null;
        Geometry chosen = null;
        int best = -1;
        for (Object[] g : geometries) {
            Node n = (Node) g[1];
            try {
                Geometry geom = geometry(n);
                if (geom.getDimension() > best) {
                    best = geom.getDimension();
                    chosen = geom;
                }
            } catch (GeometryProblem e) {
                problem = "gml:" + n.name + (g[0].toString().isEmpty() ? "" : " in " + g[0]) + (id == null ? ""
                        : " of " + id) + " (line " + n.line + "): " + e.getMessage();
                break;
            }
        }
        if (problem != null) {
            if (id != null) {
                ids.put(index, id);
            }
            sink.feature(index, null, null, props, problem);
            return;
        }
        if (chosen == null || chosen.isEmpty()) {
            sink.feature(index, null, null, props, null);
            return;
        }
        if (swapAxes) {
            chosen = swap(chosen);
        }
        sink.feature(index, chosen.getGeometryType(), wkb2.write(chosen), props, null);
    }

    /** Reads the children of the current element up to its end tag, collecting leaves and geometries. */
    private void children(XMLStreamReader r, String path, Map<String, List<String>> leaves, List<Object[]> geometries)
            throws XMLStreamException {
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                element(r, path, leaves, geometries);
            }
        }
    }

    /** One element inside a feature, the reader at its start tag: a geometry, an attribute leaf or a group. */
    private void element(XMLStreamReader r, String path, Map<String, List<String>> leaves,
                             List<Object[]> geometries) throws XMLStreamException {
        String ns = r.getNamespaceURI();
        String name = r.getLocalName();
        if (ns != null && ns.startsWith("http://www.opengis.net/gml") && !isGml(ns)) {
            throw new XMLStreamException("Unknown GML namespace '" + ns + "' at element " + name, r.getLocation());
        }
        if (isGml(ns) && GEOMETRIES.contains(name)) {
            geometries.add(new Object[] {path, Node.read(r)});
            return;
        }
        if (isGml(ns) && name.equals("boundedBy")) {
            Node.read(r);
            return;
        }
        String childPath = Character.isUpperCase(name.charAt(0)) ? path : path.isEmpty() ? name : path + "." + name;
        String href = r.getAttributeValue(XLINK, "href");
        StringBuilder text = new StringBuilder();
        boolean hasChildren = false;
        while (true) {
            int e = r.next();
            if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (e == XMLStreamConstants.START_ELEMENT) {
                hasChildren = true;
                element(r, childPath, leaves, geometries);
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        if (!hasChildren) {
            String v = text.toString().strip();
            if (v.isEmpty() && href != null) {
                v = href;
            }
            if (!v.isEmpty()) {
                leaves.computeIfAbsent(childPath, k -> new ArrayList<>(1)).add(v);
            }
        }
    }

    private static String gmlId(XMLStreamReader r) {
        String id = r.getAttributeValue(GML32, "id");
        if (id == null) {
            id = r.getAttributeValue(GML31, "id");
        }
        if (id == null) {
            id = r.getAttributeValue(null, "fid");
        }
        return id;
    }

    // ---- geometry ----

    /** A geometry's element subtree, held while it is turned into JTS (one geometry at a time). */
    static final class Node {
        final String ns;
        final String name;
        final Map<String, String> attrs = new HashMap<>(4);
        final StringBuilder text = new StringBuilder();
        final List<Node> children = new ArrayList<>(2);
        final int line;

        Node(String ns, String name, int line) {
            this.ns = ns;
            this.name = name;
            this.line = line;
        }

        /** Reads the element at the reader's start tag up to its end tag. */
        static Node read(XMLStreamReader r) throws XMLStreamException {
            Node n = new Node(r.getNamespaceURI(), r.getLocalName(), r.getLocation().getLineNumber());
            for (int i = 0; i < r.getAttributeCount(); i++) {
                n.attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
            while (true) {
                int e = r.next();
                if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) {
                    n.text.append(r.getText());
                } else if (e == XMLStreamConstants.START_ELEMENT) {
                    n.children.add(read(r));
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    return n;
                }
            }
        }

        List<Node> all(String local) {
            List<Node> out = new ArrayList<>();
            for (Node c : children) {
                if (c.name.equals(local)) {
                    out.add(c);
                }
            }
            return out;
        }

        Node first(String local) {
            for (Node c : children) {
                if (c.name.equals(local)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** Why a geometry cannot be read; the feature is rejected with this reason. */
    static final class GeometryProblem extends RuntimeException {
        GeometryProblem(String message) {
            super(message, null, false, false);
        }
    }

    Geometry geometry(Node n) {
        String srs = n.attrs.get("srsName");
        if (srs != null) {
            crs(srs);
        }
        return switch (n.name) {
            case "Point" -> GF.createPoint(one(coords(n, dim(n, 2))));
            case "LineString", "Curve", "CompositeCurve" -> GF.createLineString(curve(n, dim(n, 2)));
            case "LinearRing" -> GF.createLineString(ring(n, dim(n, 2)));
            case "Polygon", "PolygonPatch" -> polygon(n, dim(n, 2));
            case "Surface", "CompositeSurface", "MultiSurface", "MultiPolygon", "OrientableSurface" -> {
                List<Polygon> polys = new ArrayList<>();
                surfaces(n, dim(n, 2), polys);
                yield polys.size() == 1 && !n.name.startsWith("Multi") ? polys.get(0)
                        : GF.createMultiPolygon(polys.toArray(new Polygon[0]));
            }
            case "MultiCurve", "MultiLineString" -> {
                List<LineString> lines = new ArrayList<>();
                for (Node m : members(n)) {
                    lines.add(GF.createLineString(curve(m, dim(m, dim(n, 2)))));
                }
                yield GF.createMultiLineString(lines.toArray(new LineString[0]));
            }
            case "MultiPoint" -> {
                List<Point> pts = new ArrayList<>();
                for (Node m : members(n)) {
                    pts.add(GF.createPoint(one(coords(m, dim(m, dim(n, 2))))));
                }
                yield GF.createMultiPoint(pts.toArray(new Point[0]));
            }
            default -> throw new GeometryProblem("gml:" + n.name + " is not supported (2D simple features only)");
        };
    }

    /** The geometry objects inside member properties (xxxMember, xxxMembers) of a multi geometry. */
    private static List<Node> members(Node n) {
        List<Node> out = new ArrayList<>();
        for (Node p : n.children) {
            if (p.name.endsWith("Member") || p.name.endsWith("Members")) {
                out.addAll(p.children);
            }
        }
        return out;
    }

    private void surfaces(Node n, int dim, List<Polygon> out) {
        switch (n.name) {
            case "Polygon", "PolygonPatch", "Rectangle" -> out.add(polygon(n, dim(n, dim)));
            case "Surface" -> {
                Node patches = n.first("patches");
                if (patches == null) {
                    throw new GeometryProblem("gml:Surface without gml:patches");
                }
                for (Node p : patches.children) {
                    if (!p.name.equals("PolygonPatch")) {
                        throw new GeometryProblem("surface patch gml:" + p.name + " is not supported (PolygonPatch only)");
                    }
                    out.add(polygon(p, dim(n, dim)));
                }
            }
            case "OrientableSurface" -> {
                for (Node b : n.all("baseSurface")) {
                    b.children.forEach(c -> surfaces(c, dim(n, dim), out));
                }
            }
            case "CompositeSurface", "MultiSurface", "MultiPolygon" -> {
                for (Node m : members(n)) {
                    surfaces(m, dim(n, dim), out);
                }
            }
            default -> throw new GeometryProblem("gml:" + n.name + " inside a surface is not supported");
        }
    }

    private Polygon polygon(Node n, int dim) {
        Node ext = n.first("exterior");
        if (ext == null) {
            ext = n.first("outerBoundaryIs");
        }
        if (ext == null || ext.children.isEmpty()) {
            throw new GeometryProblem("gml:" + n.name + " without an exterior ring");
        }
        LinearRing shell = linearRing(ext.children.get(0), dim);
        List<LinearRing> holes = new ArrayList<>();
        for (Node c : n.children) {
            if ((c.name.equals("interior") || c.name.equals("innerBoundaryIs")) && !c.children.isEmpty()) {
                holes.add(linearRing(c.children.get(0), dim));
            }
        }
        return GF.createPolygon(shell, holes.toArray(new LinearRing[0]));
    }

    private LinearRing linearRing(Node ring, int dim) {
        Coordinate[] c = ring(ring, dim(ring, dim));
        if (c.length < 4) {
            throw new GeometryProblem("a ring needs at least 4 positions, this one has " + c.length);
        }
        return GF.createLinearRing(c);
    }

    /** A closed ring's positions: gml:LinearRing (positions) or gml:Ring (curve members). */
    private Coordinate[] ring(Node ring, int dim) {
        List<Coordinate> out = new ArrayList<>();
        if (ring.name.equals("LinearRing")) {
            out.addAll(List.of(coords(ring, dim)));
        } else if (ring.name.equals("Ring")) {
            for (Node m : ring.all("curveMember")) {
                for (Node c : m.children) {
                    append(out, curve(c, dim(c, dim)));
                }
            }
        } else {
            throw new GeometryProblem("gml:" + ring.name + " is not a ring");
        }
        if (out.isEmpty()) {
            throw new GeometryProblem("empty ring");
        }
        if (!out.get(0).equals2D(out.get(out.size() - 1))) {
            throw new GeometryProblem("ring is not closed: it starts at " + xy(out.get(0)) + " and ends at "
                    + xy(out.get(out.size() - 1)));
        }
        return out.toArray(new Coordinate[0]);
    }

    /** A curve's positions: gml:LineString, or gml:Curve of segments (arcs linearised). */
    private Coordinate[] curve(Node n, int dim) {
        switch (n.name) {
            case "LineString", "LineStringSegment" -> {
                Coordinate[] c = coords(n, dim);
                if (c.length < 2) {
                    throw new GeometryProblem("gml:" + n.name + " needs at least 2 positions, has " + c.length);
                }
                return c;
            }
            case "Curve" -> {
                Node segs = n.first("segments");
                if (segs == null) {
                    throw new GeometryProblem("gml:Curve without gml:segments");
                }
                List<Coordinate> out = new ArrayList<>();
                for (Node s : segs.children) {
                    append(out, segment(s, dim(s, dim)));
                }
                return out.toArray(new Coordinate[0]);
            }
            case "CompositeCurve", "OrientableCurve" -> {
                List<Coordinate> out = new ArrayList<>();
                for (Node m : n.children) {
                    for (Node c : m.children) {
                        append(out, curve(c, dim(c, dim)));
                    }
                }
                return out.toArray(new Coordinate[0]);
            }
            default -> throw new GeometryProblem("gml:" + n.name + " is not a curve");
        }
    }

    private static Coordinate[] segment(Node s, int dim) {
        Coordinate[] c = coords(s, dim);
        return switch (s.name) {
            case "LineStringSegment" -> {
                if (c.length < 2) {
                    throw new GeometryProblem("gml:LineStringSegment needs at least 2 positions, has " + c.length);
                }
                yield c;
            }
            case "Arc" -> {
                if (c.length != 3) {
                    throw new GeometryProblem("gml:Arc needs 3 positions (start, a point on the arc, end), has "
                            + c.length);
                }
                yield arc(c[0], c[1], c[2], false).toArray(new Coordinate[0]);
            }
            case "ArcString" -> {
                if (c.length < 3 || c.length % 2 == 0) {
                    throw new GeometryProblem("gml:ArcString needs an odd number of positions, at least 3, has "
                            + c.length);
                }
                List<Coordinate> out = new ArrayList<>();
                for (int i = 0; i + 2 < c.length; i += 2) {
                    append(out, arc(c[i], c[i + 1], c[i + 2], false).toArray(new Coordinate[0]));
                }
                yield out.toArray(new Coordinate[0]);
            }
            case "Circle" -> {
                if (c.length != 3) {
                    throw new GeometryProblem("gml:Circle needs 3 positions on the circle, has " + c.length);
                }
                yield arc(c[0], c[1], c[2], true).toArray(new Coordinate[0]);
            }
            default -> throw new GeometryProblem("curve segment gml:" + s.name + " is not supported "
                    + "(LineStringSegment, Arc, ArcString, Circle)");
        };
    }

    /**
     * The arc from {@code a} through {@code b} to {@code c} (or the whole circle through them) as
     * positions no further than {@link #MAX_CHORD_DEVIATION_M} from it: a chord of angle t deviates
     * r(1 - cos(t/2)) from its arc, so t = 2 acos(1 - d/r) is the largest step. An arc whose three
     * positions are on one line (to 1e-9 of the chord's length) is the line a-b-c when b lies
     * between a and c, and an error otherwise.
     */
    static List<Coordinate> arc(Coordinate a, Coordinate b, Coordinate c, boolean fullCircle) {
        if (a.equals2D(b) || b.equals2D(c) || (!fullCircle && a.equals2D(c))) {
            throw new GeometryProblem("arc with repeated positions " + xy(a) + ", " + xy(b) + ", " + xy(c));
        }
        double bx = b.x - a.x;
        double by = b.y - a.y;
        double cx = c.x - a.x;
        double cy = c.y - a.y;
        double cross = bx * cy - by * cx;
        double chord = Math.max(Math.hypot(cx, cy), Math.hypot(bx, by));
        if (Math.abs(cross) <= 1e-9 * chord * chord) {
            double t = (bx * cx + by * cy) / (cx * cx + cy * cy);
            if (fullCircle || t <= 0 || t >= 1) {
                throw new GeometryProblem("the positions of the " + (fullCircle ? "circle" : "arc") + " " + xy(a)
                        + ", " + xy(b) + ", " + xy(c) + " lie on one line and do not define "
                        + (fullCircle ? "a circle" : "an arc from the first to the last"));
            }
            return List.of(a, b, c);
        }
        // circumcentre, relative to a
        double d = 2 * cross;
        double b2 = bx * bx + by * by;
        double c2 = cx * cx + cy * cy;
        double ux = (cy * b2 - by * c2) / d;
        double uy = (bx * c2 - cx * b2) / d;
        double r = Math.hypot(ux, uy);
        double ox = a.x + ux;
        double oy = a.y + uy;
        double a0 = Math.atan2(a.y - oy, a.x - ox);
        double a2 = Math.atan2(c.y - oy, c.x - ox);
        boolean ccw = cross > 0;
        double sweep;
        if (fullCircle) {
            sweep = 2 * Math.PI;
        } else {
            sweep = ccw ? a2 - a0 : a0 - a2;
            while (sweep <= 0) {
                sweep += 2 * Math.PI;
            }
        }
        double step = r <= MAX_CHORD_DEVIATION_M ? Math.PI / 2 : 2 * Math.acos(1 - MAX_CHORD_DEVIATION_M / r);
        int n = Math.max(1, (int) Math.ceil(sweep / step));
        if (fullCircle) {
            n = Math.max(n, 4);
        }
        if (n == 1) {
            // the whole arc is within the tolerance of its chord: keep its three positions
            return List.of(a, b, c);
        }
        List<Coordinate> out = new ArrayList<>(n + 1);
        out.add(a);
        for (int i = 1; i < n; i++) {
            double ang = a0 + (ccw ? 1 : -1) * sweep * i / n;
            out.add(new Coordinate(ox + r * Math.cos(ang), oy + r * Math.sin(ang)));
        }
        out.add(fullCircle ? a : c);
        return out;
    }

    private static void append(List<Coordinate> out, Coordinate[] part) {
        int from = !out.isEmpty() && part.length > 0 && out.get(out.size() - 1).equals2D(part[0]) ? 1 : 0;
        if (!out.isEmpty() && from == 0 && part.length > 0) {
            throw new GeometryProblem("curve segments do not connect: one ends at " + xy(out.get(out.size() - 1))
                    + ", the next starts at " + xy(part[0]));
        }
        for (int i = from; i < part.length; i++) {
            out.add(part[i]);
        }
    }

    private static int dim(Node n, int inherited) {
        String d = n.attrs.get("srsDimension");
        if (d == null) {
            return inherited;
        }
        try {
            int v = Integer.parseInt(d.trim());
            if (v < 2 || v > 4) {
                throw new GeometryProblem("srsDimension " + d + " (2, 3 or 4 expected)");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new GeometryProblem("srsDimension '" + d + "' is not a number");
        }
    }

    private static Coordinate one(Coordinate[] c) {
        if (c.length != 1) {
            throw new GeometryProblem("a point needs 1 position, has " + c.length);
        }
        return c[0];
    }

    /** The positions of a geometry or segment: gml:posList, gml:pos elements, or GML 3.1's gml:coordinates. */
    private static Coordinate[] coords(Node n, int dim) {
        List<Coordinate> out = new ArrayList<>();
        for (Node c : n.children) {
            switch (c.name) {
                case "posList" -> {
                    double[] v = numbers(c.text, "gml:posList");
                    int d = dim(c, dim);
                    if (v.length % d != 0) {
                        throw new GeometryProblem("gml:posList has " + v.length + " numbers, not a multiple of "
                                + "its dimension " + d);
                    }
                    for (int i = 0; i < v.length; i += d) {
                        out.add(new Coordinate(v[i], v[i + 1]));
                    }
                }
                case "pos" -> {
                    double[] v = numbers(c.text, "gml:pos");
                    if (v.length < 2) {
                        throw new GeometryProblem("gml:pos has " + v.length + " numbers");
                    }
                    out.add(new Coordinate(v[0], v[1]));
                }
                case "coordinates" -> {
                    String cs = c.attrs.getOrDefault("cs", ",");
                    String ts = c.attrs.getOrDefault("ts", " ");
                    for (String tuple : c.text.toString().strip().split(Pattern.quote(ts) + "+")) {
                        String[] xy = tuple.strip().split(Pattern.quote(cs));
                        if (xy.length < 2) {
                            throw new GeometryProblem("gml:coordinates tuple '" + tuple + "' has no x and y");
                        }
                        out.add(new Coordinate(number(xy[0]), number(xy[1])));
                    }
                }
                case "pointProperty", "pointRep" -> out.add(one(coords(c.children.isEmpty()
                        ? new Node(null, "empty", 0) : c.children.get(0), dim)));
                default -> {
                }
            }
        }
        return out.toArray(new Coordinate[0]);
    }

    private static double[] numbers(CharSequence text, String what) {
        String s = text.toString().strip();
        if (s.isEmpty()) {
            return new double[0];
        }
        String[] parts = s.split("\\s+");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = number(parts[i]);
        }
        return v;
    }

    private static double number(String s) {
        try {
            double d = Double.parseDouble(s.strip());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new GeometryProblem("'" + s + "' is not a coordinate");
        }
    }

    private static String xy(Coordinate c) {
        return "(" + c.x + " " + c.y + ")";
    }

    // ---- CRS ----

    private static final Pattern OGC_URL = Pattern.compile("(?i)^https?://www\\.opengis\\.net/gml/srs/epsg\\.xml#(\\d+)$");
    private static final Pattern X_OGC = Pattern.compile("(?i)^urn:x-ogc:def:crs:EPSG:(?:[0-9.]*:)?(\\d+)$");

    /**
     * Takes the first srsName as the file's CRS. The URN and http URI forms of EPSG:4326 and
     * EPSG:4258 mean latitude first (the axis order EPSG defines); the short form EPSG:4326 and
     * the epsg.xml URL mean longitude first, as GML 2 and most software wrote it.
     */
    private void crs(String name) {
        if (srsName != null) {
            return;
        }
        srsName = name.strip();
        String n = srsName;
        Matcher m = OGC_URL.matcher(n);
        boolean uriForm = false;
        if (m.matches()) {
            n = "EPSG:" + m.group(1);
        } else if ((m = X_OGC.matcher(n)).matches()) {
            n = "EPSG:" + m.group(1);
            uriForm = true;
        } else if (n.toLowerCase().startsWith("urn:") || n.toLowerCase().startsWith("http")) {
            uriForm = true;
        }
        int srid = Crs.sridOf(n, "srsName");
        declaredCrs = "EPSG:" + srid;
        swapAxes = uriForm && (srid == 4326 || srid == 4258 || srid == 4289);
    }

    private static Geometry swap(Geometry g) {
        Geometry copy = g.copy();
        copy.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            double x = c.x;
            c.x = c.y;
            c.y = x;
        });
        copy.geometryChanged();
        return copy;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        // the file is opened and closed by read
    }
}
