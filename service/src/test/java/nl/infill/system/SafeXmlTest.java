package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

class SafeXmlTest {

    private static Document parse(String xml) throws Exception {
        return SafeXml.documentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void externalEntityReadingALocalFileIsRefusedAndTheFileNeverAppears(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<StyledLayerDescriptor><Name>&x;</Name></StyledLayerDescriptor>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(SAXException.class).hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"));
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        String bomb = dtd + "]><lolz>&lol9;</lolz>";
        long start = System.nanoTime();
        assertThatThrownBy(() -> parse(bomb)).isInstanceOf(SAXException.class);
        // 10^9 "lol"s would take minutes and gigabytes; refusing the DOCTYPE takes milliseconds.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void parameterEntityCallingOutToTheNetworkIsRefused() {
        String oob = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % remote SYSTEM \"http://127.0.0.1:1/evil.dtd\">%remote;]><r/>";
        assertThatThrownBy(() -> parse(oob)).isInstanceOf(SAXException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void ordinaryGeoServerXmlWithoutDoctypeIsRead() throws Exception {
        Document d = parse("<featureType><name>parcels</name><srs>EPSG:28992</srs></featureType>");
        assertThat(d.getElementsByTagName("srs").item(0).getTextContent()).isEqualTo("EPSG:28992");
    }

    @Test
    void streamingReaderRefusesTheDoctypeOfAnExternalEntityAndNeverReadsTheFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE g [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<gml:FeatureCollection xmlns:gml=\"http://www.opengis.net/gml\"><n>&x;</n></gml:FeatureCollection>";
        StringBuilder seen = new StringBuilder();
        assertThatThrownBy(() -> readAll(xxe, seen)).isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("DOCTYPE");
        assertThat(seen.toString()).doesNotContain("TOP-SECRET");
    }

    @Test
    void streamingReaderRefusesEntityExpansion() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<l>&b;</l>";
        assertThatThrownBy(() -> readAll(bomb, new StringBuilder())).isInstanceOf(XMLStreamException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void streamingReaderReadsNamespacedGmlWithoutDoctype() throws Exception {
        String gml = "<?xml version=\"1.0\"?><gml:FeatureCollection xmlns:gml=\"http://www.opengis.net/gml\" "
                + "xmlns:imro=\"http://www.geonovum.nl/imro/2012/1.1\"><!-- plan --><imro:naam>Wonen</imro:naam>"
                + "</gml:FeatureCollection>";
        try (var in = new ByteArrayInputStream(gml.getBytes(StandardCharsets.UTF_8))) {
            XMLStreamReader r = SafeXml.streamReader(in);
            assertThat(r.nextTag()).isEqualTo(XMLStreamConstants.START_ELEMENT);
            assertThat(r.getNamespaceURI()).isEqualTo("http://www.opengis.net/gml");
            assertThat(r.nextTag()).isEqualTo(XMLStreamConstants.START_ELEMENT);
            assertThat(r.getLocalName()).isEqualTo("naam");
            assertThat(r.getNamespaceURI()).isEqualTo("http://www.geonovum.nl/imro/2012/1.1");
            assertThat(r.getElementText()).isEqualTo("Wonen");
            r.close();
        }
    }

    /** Reads every event, keeping the text it saw. */
    private static void readAll(String xml, StringBuilder seen) throws Exception {
        try (var in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))) {
            XMLStreamReader r = SafeXml.streamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.CHARACTERS) {
                    seen.append(r.getText());
                }
            }
        }
    }
}
