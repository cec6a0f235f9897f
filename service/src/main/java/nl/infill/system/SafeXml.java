package nl.infill.system;

import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * The only way Infill code parses XML (GeoServer REST answers, SLD, GML uploads): parsers that
 * refuse DOCTYPE declarations outright, so external entities (XXE, {@code file://} reads, SSRF)
 * and entity expansion (billion laughs) cannot happen, with no external schema or DTD access.
 * A DOM {@link #documentBuilder()} for small documents, a streaming {@link #streamReader} (StAX)
 * for files too big to hold as a tree. {@code ModularityTests} keeps every other class from
 * making an XML parser of its own.
 */
public final class SafeXml {

    private SafeXml() {
    }

    public static DocumentBuilder documentBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setEntityResolver((publicId, systemId) -> {
                throw new org.xml.sax.SAXException("external entities are not allowed");
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    /**
     * A namespace-aware StAX reader over {@code in} that fails with an {@link XMLStreamException}
     * at a DOCTYPE declaration, before any entity in it is defined or resolved. The caller closes
     * both the reader and {@code in}.
     */
    public static XMLStreamReader streamReader(InputStream in) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return new NoDoctype(f.createXMLStreamReader(in));
    }

    /** Refuses the DTD event; {@code nextTag} goes through {@code next} so it cannot skip it. */
    private static final class NoDoctype extends StreamReaderDelegate {

        NoDoctype(XMLStreamReader reader) {
            super(reader);
        }

        @Override
        public int next() throws XMLStreamException {
            int event = super.next();
            if (event == XMLStreamConstants.DTD) {
                throw new XMLStreamException("DOCTYPE is not allowed", getLocation());
            }
            return event;
        }

        @Override
        public int nextTag() throws XMLStreamException {
            int event = next();
            while (event == XMLStreamConstants.CHARACTERS && isWhiteSpace()
                    || event == XMLStreamConstants.CDATA && isWhiteSpace()
                    || event == XMLStreamConstants.SPACE || event == XMLStreamConstants.PROCESSING_INSTRUCTION
                    || event == XMLStreamConstants.COMMENT) {
                event = next();
            }
            if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
                throw new XMLStreamException("expected a start or end tag", getLocation());
            }
            return event;
        }
    }
}
