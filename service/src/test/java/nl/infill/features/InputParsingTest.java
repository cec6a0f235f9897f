package nl.infill.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import nl.infill.catalogue.Collection;
import nl.infill.catalogue.CollectionId;
import nl.infill.layers.ColumnType;
import nl.infill.layers.Layer;
import nl.infill.geo.Crs;
import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;

/** Parsing of bbox, output format, paging tokens and CSV fields, without a database. */
class InputParsingTest {

    private static final Collection PARCELS = new Collection(CollectionId.of(Layer.PARCELS), "Parcels", "", "parcel",
            "id", "MultiPolygon", List.of(new Layer.Column("area_m2", ColumnType.DOUBLE),
                    new Layer.Column("municipality", ColumnType.TEXT)), 0, null);

    @Test
    void bboxAcrossTheAntimeridianBecomesTwoBoxesClippedToWhereRdIsDefined() {
        // 7 E eastward over 180 to 3 E: [7, 180] and [-180, 3], clipped to 2..8 E, 50..56 N -> [7, 8] and [2, 3].
        Bbox b = Bbox.parse("7,51,3,53", Crs.CRS84, "bbox");
        assertThat(b.wkt()).isEqualTo("MULTIPOLYGON(((7.0 51.0,8.0 51.0,8.0 53.0,7.0 53.0,7.0 51.0)),"
                + "((2.0 51.0,3.0 51.0,3.0 53.0,2.0 53.0,2.0 51.0)))");
        assertThat(b.srid()).isEqualTo(4326);
    }

    @Test
    void bboxFarFromTheNetherlandsSelectsNothingAndSixNumbersDropTheHeights() {
        assertThat(Bbox.parse("100,10,110,20", Crs.CRS84, "bbox").empty()).isTrue();
        assertThat(Bbox.parse("5,52,-1,6,53,1", Crs.CRS84, "bbox").wkt())
                .isEqualTo("POLYGON((5.0 52.0,6.0 52.0,6.0 53.0,5.0 53.0,5.0 52.0))");
        assertThat(Bbox.parse("150000,460000,151000,461000", Crs.RD, "bbox").srid()).isEqualTo(28992);
    }

    @Test
    void bboxOutsideItsCrsOrUpsideDownIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> Bbox.parse("5,91,6,92", Crs.CRS84, "bbox"))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.where()).isEqualTo("bbox"));
        assertThatThrownBy(() -> Bbox.parse("5,53,6,52", Crs.CRS84, "bbox")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> Bbox.parse("5,52,6,53", Crs.RD, "bbox")).isInstanceOf(DomainException.class);
    }

    @Test
    void formatFollowsFThenAcceptQualityThenDefaultsToJson() {
        assertThat(Format.of(null, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isEqualTo(Format.HTML);
        assertThat(Format.of(null, "application/geo+json")).isEqualTo(Format.JSON);
        assertThat(Format.of(null, "application/json, text/html;q=0.5")).isEqualTo(Format.JSON);
        assertThat(Format.of(null, null)).isEqualTo(Format.JSON);
        assertThat(Format.of("html", "application/json")).isEqualTo(Format.HTML);
        assertThatThrownBy(() -> Format.of("xml", null))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.where()).isEqualTo("f"));
    }

    @Test
    void pagingTokenRoundTripsItsKeyAndRefusesAnotherSortOrder() {
        Layer.Column area = PARCELS.column("area_m2").orElseThrow();
        String token = new Cursor(160.0, 42, "-area_m2").encode();
        Cursor back = Cursor.decode(token, "after", "-area_m2", area);
        assertThat(back.key()).isEqualTo(160.0);
        assertThat(back.id()).isEqualTo(42);
        assertThatThrownBy(() -> Cursor.decode(token, "after", "+area_m2", area))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.where()).isEqualTo("after"));
        assertThatThrownBy(() -> Cursor.decode("%%%", "before", null, null))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.where()).isEqualTo("before"));
    }

    @Test
    void sortbyTakesOneKnownPropertyWithOptionalDirection() {
        assertThat(ItemsQuery.sort(PARCELS, "-area_m2").spec()).isEqualTo("-area_m2");
        assertThat(ItemsQuery.sort(PARCELS, "municipality").spec()).isEqualTo("+municipality");
        assertThatThrownBy(() -> ItemsQuery.sort(PARCELS, "geom"))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.getMessage()).contains("geom"));
        assertThatThrownBy(() -> ItemsQuery.sort(PARCELS, "area_m2,municipality")).isInstanceOf(DomainException.class);
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenRfc4180AsksForIt() {
        assertThat(Exporter.csvField("plain")).isEqualTo("plain");
        assertThat(Exporter.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(Exporter.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Exporter.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Exporter.csvField(null)).isEmpty();
    }
}
