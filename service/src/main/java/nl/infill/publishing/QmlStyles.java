package nl.infill.publishing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nl.infill.system.SafeXml;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The QGIS form (QML, a rule-based renderer) of one of Infill's SLD styles, for the
 * {@code layer_styles} table of a GeoPackage export: QGIS applies a stored style from its QML,
 * not its SLD. Translated from the SLD itself, so the two cannot drift apart: each SLD rule
 * becomes a QGIS rule with the same title (legend label), its filter as a QGIS expression and one
 * simple symbol (fill, line or marker; widths and sizes in pixels, as SLD means them). Only what
 * {@link SldStyles} writes is translated: equal-to, less-than, at-least, And, ElseFilter.
 */
final class QmlStyles {

    private static final String SLD = "http://www.opengis.net/sld";
    private static final String OGC = "http://www.opengis.net/ogc";
    private static final Map<String, String> MARKERS = Map.of("circle", "circle", "square", "square",
            "cross", "cross", "x", "cross2", "triangle", "triangle", "star", "star");

    private QmlStyles() {
    }

    static String fromSld(String sld) {
        Document doc;
        try {
            doc = SafeXml.documentBuilder().parse(new ByteArrayInputStream(sld.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("Infill's own SLD does not parse", e);
        }
        StringBuilder rules = new StringBuilder();
        StringBuilder symbols = new StringBuilder();
        int n = 0;
        for (Element rule : children(doc.getDocumentElement(), SLD, "Rule", true)) {
            String title = text(rule, SLD, "Title");
            String filter = children(rule, SLD, "ElseFilter", false).isEmpty() ? filter(rule) : "ELSE";
            rules.append("      <rule key=\"{r").append(n).append("}\" symbol=\"").append(n).append("\" label=\"")
                    .append(esc(title)).append('"').append(filter == null ? "" : " filter=\"" + esc(filter) + "\"")
                    .append("/>\n");
            symbols.append(symbol(rule, n));
            n++;
        }
        return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                + "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
                + "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
                + "    <rules key=\"{root}\">\n" + rules + "    </rules>\n"
                + "    <symbols>\n" + symbols + "    </symbols>\n"
                + "  </renderer-v2>\n</qgis>\n";
    }

    private static String filter(Element rule) {
        List<Element> f = children(rule, OGC, "Filter", false);
        if (f.isEmpty()) {
            return null;
        }
        List<Element> inner = elements(f.get(0));
        return inner.isEmpty() ? null : expression(inner.get(0));
    }

    private static String expression(Element e) {
        List<Element> args = elements(e);
        return switch (e.getLocalName()) {
            case "And", "Or" -> {
                List<String> parts = new ArrayList<>();
                args.forEach(a -> parts.add("(" + expression(a) + ")"));
                yield String.join(" " + e.getLocalName().toUpperCase(Locale.ROOT) + " ", parts);
            }
            case "Not" -> "NOT (" + expression(args.get(0)) + ")";
            case "PropertyIsEqualTo" -> comparison(args, "=");
            case "PropertyIsNotEqualTo" -> comparison(args, "<>");
            case "PropertyIsLessThan" -> comparison(args, "<");
            case "PropertyIsLessThanOrEqualTo" -> comparison(args, "<=");
            case "PropertyIsGreaterThan" -> comparison(args, ">");
            case "PropertyIsGreaterThanOrEqualTo" -> comparison(args, ">=");
            default -> throw new IllegalStateException("SLD filter " + e.getLocalName() + " has no QML translation");
        };
    }

    /** "property" op literal; numbers and booleans bare, so that they compare as numbers and booleans. */
    private static String comparison(List<Element> args, String op) {
        String property = args.get(0).getTextContent().trim();
        String literal = args.get(1).getTextContent().trim();
        String value;
        if (literal.equals("true") || literal.equals("false")) {
            value = literal;
        } else if (literal.matches("-?\\d+(\\.\\d+)?")) {
            value = literal;
        } else {
            value = "'" + literal.replace("'", "''") + "'";
        }
        return "\"" + property.replace("\"", "\"\"") + "\" " + op + " " + value;
    }

    private static String symbol(Element rule, int n) {
        Element polygon = first(rule, "PolygonSymbolizer");
        Element line = first(rule, "LineSymbolizer");
        Element point = first(rule, "PointSymbolizer");
        String type;
        String layer;
        if (polygon != null) {
            type = "fill";
            layer = layer("SimpleFill", Map.of(
                    "color", rgba(css(polygon, "fill", "#808080"), css(polygon, "fill-opacity", "1")),
                    "style", "solid",
                    "outline_color", rgba(css(polygon, "stroke", "#000000"), css(polygon, "stroke-opacity", "1")),
                    "outline_style", "solid",
                    "outline_width", css(polygon, "stroke-width", "1"),
                    "outline_width_unit", "Pixel"));
        } else if (line != null) {
            type = "line";
            layer = layer("SimpleLine", Map.of(
                    "line_color", rgba(css(line, "stroke", "#000000"), css(line, "stroke-opacity", "1")),
                    "line_style", "solid",
                    "line_width", css(line, "stroke-width", "1"),
                    "line_width_unit", "Pixel"));
        } else if (point != null) {
            type = "marker";
            Element mark = first(point, "Mark");
            Element fill = mark == null ? null : first(mark, "Fill");
            Element stroke = mark == null ? null : first(mark, "Stroke");
            String wkn = mark == null ? "circle" : text(mark, SLD, "WellKnownName");
            String size = text(point, SLD, "Size");
            layer = layer("SimpleMarker", Map.of(
                    "name", MARKERS.getOrDefault(wkn, "circle"),
                    "color", rgba(fill == null ? "#808080" : css(fill, "fill", "#808080"), "1"),
                    "outline_color", rgba(stroke == null ? "#ffffff" : css(stroke, "stroke", "#ffffff"), "1"),
                    "outline_width", stroke == null ? "1" : css(stroke, "stroke-width", "1"),
                    "outline_width_unit", "Pixel",
                    "size", size == null || size.isBlank() ? "6" : size,
                    "size_unit", "Pixel"));
        } else {
            throw new IllegalStateException("SLD rule without a symbolizer");
        }
        return "      <symbol type=\"" + type + "\" name=\"" + n + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
                + layer + "      </symbol>\n";
    }

    private static String layer(String kind, Map<String, String> options) {
        StringBuilder b = new StringBuilder("        <layer class=\"" + kind + "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                + "          <Option type=\"Map\">\n");
        options.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(o -> b
                .append("            <Option type=\"QString\" name=\"").append(o.getKey()).append("\" value=\"")
                .append(esc(o.getValue())).append("\"/>\n"));
        return b.append("          </Option>\n        </layer>\n").toString();
    }

    /** #rrggbb and an opacity 0..1 as QGIS's "r,g,b,a". */
    static String rgba(String hex, String opacity) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        long alpha = Math.round(Double.parseDouble(opacity) * 255);
        return ((rgb >> 16) & 0xff) + "," + ((rgb >> 8) & 0xff) + "," + (rgb & 0xff) + "," + alpha;
    }

    private static String css(Element in, String name, String fallback) {
        for (Element p : children(in, SLD, "CssParameter", true)) {
            if (name.equals(p.getAttribute("name"))) {
                return p.getTextContent().trim();
            }
        }
        return fallback;
    }

    private static Element first(Element in, String name) {
        List<Element> found = children(in, SLD, name, true);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The element's own text, without its child elements': a Title carries GeoServer's
     * {@code <Localized>} translations as children, and the QGIS label is the default (Dutch) title.
     */
    private static String text(Element in, String ns, String name) {
        List<Element> found = children(in, ns, name, false);
        if (found.isEmpty()) {
            return "";
        }
        StringBuilder own = new StringBuilder();
        for (org.w3c.dom.Node n = found.get(0).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == org.w3c.dom.Node.TEXT_NODE || n.getNodeType() == org.w3c.dom.Node.CDATA_SECTION_NODE) {
                own.append(n.getNodeValue());
            }
        }
        return own.toString().trim();
    }

    /** Element children named {@code name} (all descendants when {@code deep}). */
    private static List<Element> children(Element in, String ns, String name, boolean deep) {
        List<Element> out = new ArrayList<>();
        if (deep) {
            var list = in.getElementsByTagNameNS(ns, name);
            for (int i = 0; i < list.getLength(); i++) {
                out.add((Element) list.item(i));
            }
            return out;
        }
        for (Element e : elements(in)) {
            if (name.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> elements(Element in) {
        List<Element> out = new ArrayList<>();
        for (Node c = in.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
