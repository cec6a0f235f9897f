package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Every SLD Infill generates validates against the official OGC SLD 1.0.0 schema (with Filter
 * 1.0.0 and GML 2.1.2), read from the ogc-schemas and w3c-schemas jars on the test classpath. The
 * resolver maps schemas.opengis.net and www.w3.org to those jars and refuses anything else, so
 * validation never touches the network; parsing is hardened against XXE.
 */
class SldSchemaTest {

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setResourceResolver(new OfflineResolver());
        URL sld = resource("ogc/sld/1.0.0/StyledLayerDescriptor.xsd");
        schema = f.newSchema(new StreamSource(sld.openStream(), sld.toExternalForm()));
    }

    @Test
    void everyGeneratedStyleValidatesAgainstTheSld100Schema() throws Exception {
        for (Map.Entry<String, String> style : SldStyles.all().entrySet()) {
            Validator v = schema.newValidator();
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            v.validate(new DOMSource(parse(withoutLocalized(style.getValue()))));
        }
        // one style per map layer of the presentation source
        assertThat(SldStyles.all()).hasSize(12);
    }

    @Test
    void scoreStyleIsAFiveClassRampWithALegendLabelPerClass() throws Exception {
        Document doc = parse(withoutLocalized(SldStyles.score()));
        NodeList titles = doc.getElementsByTagNameNS("http://www.opengis.net/sld", "Rule");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < titles.getLength(); i++) {
            labels.add(((org.w3c.dom.Element) titles.item(i))
                    .getElementsByTagNameNS("http://www.opengis.net/sld", "Title").item(0).getTextContent());
        }
        // Five score classes plus the excluded parcels.
        assertThat(labels).hasSize(6).startsWith("Klasse 1 – laag (score 0–20)")
                .contains("Klasse 5 – hoog (80–100)", "Uitgesloten");
    }

    @Test
    void schemaRejectsAStyleWithRuleElementsOutOfOrder() throws Exception {
        // Filter must come after Title; the schema (not just well-formedness) catches it.
        String broken = withoutLocalized(SldStyles.parcels()).replace("<Title>perceel</Title>", "")
                .replace("<Name>parcels0</Name>", "<Name>parcels0</Name><PolygonSymbolizer/><Title>perceel</Title>");
        Validator v = schema.newValidator();

        assertThatThrownBy(() -> v.validate(new DOMSource(parse(broken)))).isInstanceOf(SAXParseException.class);
    }

    @Test
    void parserRefusesExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<StyledLayerDescriptor version=\"1.0.0\" xmlns=\"http://www.opengis.net/sld\">&x;</StyledLayerDescriptor>";

        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(SAXParseException.class).hasMessageContaining("DOCTYPE");
    }

    /**
     * The style without GeoServer's {@code Localized} titles: an extension of SLD 1.0.0 that
     * GeoServer reads ("i18N in SLD", GeoServer user manual) and the OGC schema does not know;
     * everything else must be plain SLD 1.0.0.
     */
    static String withoutLocalized(String sld) {
        return sld.replaceAll("<Localized lang=\"[a-z]{2}\">[^<]*</Localized>", "");
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        dbf.setXIncludeAware(false);
        dbf.setExpandEntityReferences(false);
        return dbf.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static URL resource(String path) {
        URL u = SldSchemaTest.class.getClassLoader().getResource(path);
        if (u == null) {
            throw new IllegalStateException("schema missing from the test classpath: " + path);
        }
        return u;
    }

    /** schemas.opengis.net -> ogc-schemas jar, www.w3.org -> w3c-schemas jar, relative -> base; else refuse. */
    private static final class OfflineResolver implements LSResourceResolver {
        @Override
        public LSInput resolveResource(String type, String namespace, String publicId, String systemId, String baseUri) {
            if (systemId == null) {
                return null;
            }
            try {
                URL url;
                if (systemId.startsWith("http://schemas.opengis.net/")) {
                    url = resource("ogc/" + systemId.substring("http://schemas.opengis.net/".length()));
                } else if (systemId.startsWith("http://www.w3.org/")) {
                    url = resource("w3c/" + systemId.substring("http://www.w3.org/".length()));
                } else if (!systemId.contains(":") && baseUri != null) {
                    url = new URL(new URL(baseUri), systemId);
                } else {
                    throw new IllegalStateException("refusing to fetch " + systemId);
                }
                return new Input(url.toExternalForm(), url.openStream());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Input(String systemId, InputStream byteStream) implements LSInput {
        public java.io.Reader getCharacterStream() { return null; }
        public void setCharacterStream(java.io.Reader r) { }
        public InputStream getByteStream() { return byteStream; }
        public void setByteStream(InputStream s) { }
        public String getStringData() { return null; }
        public void setStringData(String s) { }
        public String getSystemId() { return systemId; }
        public void setSystemId(String s) { }
        public String getPublicId() { return null; }
        public void setPublicId(String s) { }
        public String getBaseURI() { return systemId; }
        public void setBaseURI(String s) { }
        public String getEncoding() { return null; }
        public void setEncoding(String s) { }
        public boolean getCertifiedText() { return false; }
        public void setCertifiedText(boolean b) { }
    }
}
