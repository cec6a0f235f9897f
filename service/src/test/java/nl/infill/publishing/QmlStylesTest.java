package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import nl.infill.presentation.Presentation;
import nl.infill.system.SafeXml;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every SLD style translates to a QGIS rule-based renderer with one rule and one symbol per SLD rule. */
class QmlStylesTest {

    @Test
    void everySldStyleBecomesAWellFormedRuleRendererWithARulePerSldRule() throws Exception {
        SldStyles.all().forEach((name, sld) -> {
            Document qml = parse(QmlStyles.fromSld(sld));
            Document source = parse(sld);
            int sldRules = source.getElementsByTagNameNS("http://www.opengis.net/sld", "Rule").getLength();
            Element renderer = (Element) qml.getElementsByTagName("renderer-v2").item(0);
            assertThat(renderer.getAttribute("type")).as(name).isEqualTo("RuleRenderer");
            assertThat(qml.getElementsByTagName("rule").getLength()).as(name).isEqualTo(sldRules);
            assertThat(qml.getElementsByTagName("symbol").getLength()).as(name).isEqualTo(sldRules);
        });
    }

    @Test
    void scoreClassFiveTakesThePresentationColourAndOpacityAndCapacityRangesAreHalfOpen() throws Exception {
        Presentation.MapLayer scoreLayer = layer("score");
        Presentation.LayerClass classFive = scoreLayer.classes().stream().filter(c -> "5".equals(c.value()))
                .findFirst().orElseThrow();
        String score = QmlStyles.fromSld(SldStyles.all().get(SldStyles.styleOf("score")));
        Element five = (Element) parse(score).getElementsByTagName("rule").item(4);
        assertThat(five.getAttribute("filter")).isEqualTo("\"score_class\" = 5");
        // the label is the default (Dutch) title, not the title run together with its translations
        assertThat(five.getAttribute("label")).isEqualTo(classFive.label().nl());
        double opacity = scoreLayer.symbol().fillOpacity() == null ? 1 : scoreLayer.symbol().fillOpacity();
        assertThat(score).contains("name=\"color\" value=\""
                + QmlStyles.rgba(classFive.colour(), Double.toString(opacity)) + "\"");

        Presentation.LayerClass second = layer("capacity").classes().get(1);
        String capacity = QmlStyles.fromSld(SldStyles.all().get(SldStyles.styleOf("capacity")));
        Element rule = (Element) parse(capacity).getElementsByTagName("rule").item(1);
        assertThat(rule.getAttribute("filter")).isEqualTo("(\"extra_dwellings\" >= " + literal(second.min())
                + ") AND (\"extra_dwellings\" < " + literal(second.max()) + ")");
        String zoning = QmlStyles.fromSld(SldStyles.all().get(SldStyles.styleOf("zoning")));
        assertThat(zoning).contains("filter=\"&quot;function&quot; = 'wonen'\"");
    }

    private static Presentation.MapLayer layer(String id) {
        return Presentation.get().layers().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    /** A class bound as the SLD writes it: whole numbers without decimals. */
    private static String literal(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static Document parse(String xml) {
        try {
            // The DOCTYPE names an external DTD; the safe builder refuses to fetch it, so it is dropped.
            String body = xml.replaceFirst("<!DOCTYPE[^>]*>", "");
            return SafeXml.documentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
