package nl.infill.publishing;

import java.util.Optional;

import nl.infill.catalogue.Collection;
import nl.infill.catalogue.CollectionId;

/**
 * The style a collection is drawn with, for other features to carry along (a GeoPackage export
 * holds it in its {@code layer_styles} table): the same SLD GeoServer gets, so a file opened in
 * QGIS looks like the published layer. QGIS applies the QML form (translated from the SLD).
 */
public final class LayerStyles {

    /**
     * @param name  the style's name (as in GeoServer)
     * @param title what QGIS shows as the style's description
     * @param sld   the SLD 1.0.0 document
     * @param qml   the same style as a QGIS rule-based renderer (QML)
     */
    public record Style(String name, String title, String sld, String qml) {
    }

    private LayerStyles() {
    }

    /** The default style of {@code c}; empty for collections Infill publishes without one. */
    public static Optional<Style> of(Collection c) {
        PublishedLayer layer;
        if (c.kind() == CollectionId.Kind.LAYER) {
            layer = PublishedLayer.ofLayer(c);
        } else if (c.kind() == CollectionId.Kind.PARCEL_RESULTS) {
            layer = PublishedLayer.ofResults(c, PublishedLayer.resultView(c));
        } else {
            return Optional.empty();
        }
        String sld = SldStyles.all().get(layer.defaultStyle());
        return Optional.ofNullable(sld).map(s -> new Style(layer.defaultStyle(), layer.title(), s, QmlStyles.fromSld(s)));
    }
}
