package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
