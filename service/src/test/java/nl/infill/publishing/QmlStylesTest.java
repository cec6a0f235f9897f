package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import nl.infill.system.SafeXml;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
    void scoreClassFiveIsDarkBlueAt85PercentAndCapacityRangesAreHalfOpen() throws Exception {
        Document score = parse(QmlStyles.fromSld(SldStyles.score()));
        NodeList rules = score.getElementsByTagName("rule");
        Element five = (Element) rules.item(4);
        assertThat(five.getAttribute("label")).isEqualTo("5 - highest potential (80-100)");
        assertThat(five.getAttribute("filter")).isEqualTo("\"score_class\" = 5");
        // #253494 at fill-opacity 0.85: 0.85 x 255 = 216.75 -> 217.
        assertThat(QmlStyles.fromSld(SldStyles.score())).contains("name=\"color\" value=\"37,52,148,217\"");
        assertThat(((Element) rules.item(5)).getAttribute("filter")).isEqualTo("\"excluded\" = true");

        Element second = (Element) parse(QmlStyles.fromSld(SldStyles.capacity())).getElementsByTagName("rule").item(1);
        assertThat(second.getAttribute("filter")).isEqualTo("(\"extra_dwellings\" >= 1) AND (\"extra_dwellings\" < 5)");
        Element unknown = (Element) parse(QmlStyles.fromSld(SldStyles.buildings())).getElementsByTagName("rule").item(6);
        assertThat(unknown.getAttribute("filter")).isEqualTo("ELSE");
        assertThat(QmlStyles.fromSld(SldStyles.zoning())).contains("filter=\"&quot;function&quot; = 'wonen'\"");
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
