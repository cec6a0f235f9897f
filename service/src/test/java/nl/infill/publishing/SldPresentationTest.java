package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import nl.infill.presentation.Presentation;
import nl.infill.presentation.Presentation.LayerClass;
import nl.infill.presentation.Presentation.MapLayer;

/**
 * Every SLD draws exactly what the presentation source says, the source the web map's legends
 * come from (WebMapIT checks the map's side): per rule the same colour, the same class bounds on
 * the same property, the same Dutch and English label, in the same order.
 */
class SldPresentationTest {

    private static final String SLD = "http://www.opengis.net/sld";
    private static final String OGC = "http://www.opengis.net/ogc";

    @Test
    void everyStyleHasTheColoursBreaksAndLabelsOfItsMapLayer() throws Exception {
        for (MapLayer layer : Presentation.get().layers()) {
            if (layer.source().equals("compare")) {
                // the browser's difference map (two scenarios per parcel) has no SLD; SldSchemaTest counts the styles
                continue;
            }
            String sld = SldStyles.all().get(SldStyles.styleOf(layer.id()));
            Element doc = SldSchemaTest.parse(sld).getDocumentElement();
            NodeList rules = doc.getElementsByTagNameNS(SLD, "Rule");
            assertThat(rules.getLength()).as(layer.id()).isEqualTo(layer.classes().size());
            for (int i = 0; i < rules.getLength(); i++) {
                Element rule = (Element) rules.item(i);
                LayerClass c = layer.classes().get(i);
                String what = layer.id() + " rule " + i;
                String colourParam = layer.symbol().type().equals("line") ? "stroke" : "fill";
                assertThat(css(rule, colourParam)).as(what + " colour").isEqualTo(c.colour());
                Element title = (Element) rule.getElementsByTagNameNS(SLD, "Title").item(0);
                assertThat(localized(title, "nl")).as(what + " nl").isEqualTo(c.label().nl());
                assertThat(localized(title, "en")).as(what + " en").isEqualTo(c.label().en());
                assertThat(bounds(rule)).as(what + " bounds").isEqualTo(expectedBounds(layer, c));
            }
        }
    }

    @Test
    void theResultsCarryTheScoreStyleAndCapacityAndWalkToGpAsAlternatives() {
        assertThat(SldStyles.layersOf("results")).extracting(MapLayer::id).containsExactly("score", "capacity", "walkGp");
        assertThat(SldStyles.layersOf("neighbourhood-results")).extracting(MapLayer::id).containsExactly("nbhFit");
    }

    /** The rule's test as text: "else", "property = value", "property >= min", "property < max". */
    private static List<String> bounds(Element rule) {
        List<String> out = new ArrayList<>();
        if (rule.getElementsByTagNameNS(SLD, "ElseFilter").getLength() > 0) {
            out.add("else");
        }
        for (String[] op : new String[][] {{"PropertyIsEqualTo", "="}, {"PropertyIsGreaterThanOrEqualTo", ">="},
                {"PropertyIsLessThan", "<"}}) {
            NodeList n = rule.getElementsByTagNameNS(OGC, op[0]);
            for (int i = 0; i < n.getLength(); i++) {
                Element e = (Element) n.item(i);
                String literal = e.getElementsByTagNameNS(OGC, "Literal").item(0).getTextContent();
                out.add(e.getElementsByTagNameNS(OGC, "PropertyName").item(0).getTextContent() + " " + op[1] + " "
                        + (op[1].equals("=") ? literal : String.valueOf(Double.parseDouble(literal))));
            }
        }
        return out;
    }

    private static List<String> expectedBounds(MapLayer layer, LayerClass c) {
        List<String> out = new ArrayList<>();
        if (c.otherwise() || layer.property() == null) {
            out.add("else");
            return out;
        }
        if (c.value() != null) {
            out.add(layer.property() + " = " + c.value());
        }
        if (c.min() != null) {
            out.add(layer.property() + " >= " + c.min());
        }
        if (c.max() != null) {
            out.add(layer.property() + " < " + c.max());
        }
        return out;
    }

    private static String css(Element rule, String name) {
        NodeList params = rule.getElementsByTagNameNS(SLD, "CssParameter");
        for (int i = 0; i < params.getLength(); i++) {
            Element p = (Element) params.item(i);
            if (p.getAttribute("name").equals(name)) {
                return p.getTextContent();
            }
        }
        return null;
    }

    private static String localized(Element title, String lang) {
        NodeList l = title.getElementsByTagNameNS(SLD, "Localized");
        for (int i = 0; i < l.getLength(); i++) {
            Element e = (Element) l.item(i);
            if (e.getAttribute("lang").equals(lang)) {
                return e.getTextContent();
            }
        }
        return null;
    }
}
