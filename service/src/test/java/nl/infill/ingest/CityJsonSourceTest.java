package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBReader;

/**
 * The CityJSON reader on small hand-made files: versions 1.0, 1.1, 2.0 and CityJSONSeq, the vertex
 * transform, BuildingParts merged into their Building, footprints without LoD 0, broken files.
 * Areas are worked out by hand in the comments.
 */
class CityJsonSourceTest {

    @TempDir
    Path dir;

    record Feature(long index, String type, Geometry geometry, Map<String, Object> props, String problem) {
    }

    private List<Feature> read(CityJsonSource source) {
        List<Feature> out = new ArrayList<>();
        source.read((index, type, wkb, props, problem) -> {
            try {
                out.add(new Feature(index, type, wkb == null ? null : new WKBReader().read(wkb), props, problem));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        return out;
    }

    private CityJsonSource source(String name, String json) {
        return new CityJsonSource(IngestFixtures.write(dir, name, json));
    }

    /**
     * A 10 x 20 m box from z 0 to 6 as integer vertices with scale 0.001 and translate (85000, 446000):
     * vertex i of the bottom is (x, y) = (85000 + X/1000, 446000 + Y/1000). Indices 0-3 bottom, 4-7 top.
     */
    private static final String BOX_VERTICES = "[[0,0,0],[10000,0,0],[10000,20000,0],[0,20000,0],"
            + "[0,0,6000],[10000,0,6000],[10000,20000,6000],[0,20000,6000]]";
    private static final String TRANSFORM = "\"transform\":{\"scale\":[0.001,0.001,0.001],\"translate\":[85000,446000,0]}";

    /** The box as a Solid: bottom, top and four walls; with semantics when {@code semantics}. */
    private static String boxSolid(String lod, boolean semantics) {
        String sem = semantics ? ",\"semantics\":{\"surfaces\":[{\"type\":\"GroundSurface\"},{\"type\":\"RoofSurface\"},"
                + "{\"type\":\"WallSurface\"}],\"values\":[[0,1,2,2,2,2]]}" : "";
        return "{\"type\":\"Solid\",\"lod\":" + lod + ",\"boundaries\":[[[[0,3,2,1]],[[4,5,6,7]],[[0,1,5,4]],[[1,2,6,5]],"
                + "[[2,3,7,6]],[[3,0,4,7]]]]" + sem + "}";
    }

    @Test
    void buildingPartSolidGivesItsParentTheGroundSurfaceAndItsAttributesFillTheParentsGaps() {
        // CityJSON 1.1 as 3D BAG v2 writes it: the Building carries the BAG attributes, its part the solid
        CityJsonSource s = source("b.city.json", "{\"type\":\"CityJSON\",\"version\":\"1.1\"," + TRANSFORM + ","
                + "\"metadata\":{\"referenceSystem\":\"https://www.opengis.net/def/crs/EPSG/0/7415\"},"
                + "\"CityObjects\":{"
                + "\"NL.IMBAG.Pand.0503100000000001\":{\"type\":\"Building\",\"attributes\":{\"identificatie\":"
                + "\"NL.IMBAG.Pand.0503100000000001\",\"status\":\"Pand in gebruik\"},\"children\":[\"NL.IMBAG.Pand.0503100000000001-0\"]},"
                + "\"NL.IMBAG.Pand.0503100000000001-0\":{\"type\":\"BuildingPart\",\"parents\":[\"NL.IMBAG.Pand.0503100000000001\"],"
                + "\"attributes\":{\"status\":\"ignored: the parent has one\",\"h_dak_70p\":5.5},"
                + "\"geometry\":[" + boxSolid("\"1.2\"", true) + "]}},"
                + "\"vertices\":" + BOX_VERTICES + "}");
        List<Feature> fs = read(s);
        assertThat(fs).hasSize(1);
        Feature f = fs.get(0);
        assertThat(f.problem()).isNull();
        assertThat(f.type()).isEqualTo("MultiPolygon");
        // the ground surface is the 10 x 20 m rectangle at (85000, 446000)
        assertThat(f.geometry().getArea()).isCloseTo(200, within(1e-6));
        assertThat(f.geometry().getEnvelopeInternal().getMinX()).isCloseTo(85000, within(1e-9));
        assertThat(f.geometry().getEnvelopeInternal().getMaxY()).isCloseTo(446020, within(1e-9));
        assertThat(f.props()).containsEntry("identificatie", "NL.IMBAG.Pand.0503100000000001")
                .containsEntry("status", "Pand in gebruik").containsEntry("h_dak_70p", 5.5)
                .containsEntry("cityobject_type", "Building")
                .containsEntry("footprint_from", "children lod1.2 GroundSurface");
        // EPSG:7415 (RD New + NAP) is RD New for 2D footprints
        assertThat(s.declaredCrs()).isEqualTo("EPSG:28992");
        assertThat(s.where(0)).isEqualTo("CityObjects['NL.IMBAG.Pand.0503100000000001']");
    }

    @Test
    void partsOfABuildingWithItsOwnLodZeroGiveTheirAttributesButNotTheirSolids() {
        // as the real 3D BAG tile: the Building has LoD 0 (a 4 x 5 m rectangle at vertices 8-11), its
        // part the 10 x 20 m box; the footprint is the LoD 0, the part's attribute is merged
        String vertices = BOX_VERTICES.substring(0, BOX_VERTICES.length() - 1)
                + ",[0,0,0],[4000,0,0],[4000,5000,0],[0,5000,0]]";
        CityJsonSource s = source("m.city.json", "{\"CityObjects\":{"
                + "\"b\":{\"type\":\"Building\",\"attributes\":{\"n\":1},\"children\":[\"b-0\"],"
                + "\"geometry\":[{\"type\":\"MultiSurface\",\"lod\":0,\"boundaries\":[[[8,9,10,11]]]}]},"
                + "\"b-0\":{\"type\":\"BuildingPart\",\"parents\":[\"b\"],\"attributes\":{\"rmse\":0.5},"
                + "\"geometry\":[" + boxSolid("1.2", true) + "]}},"
                + "\"type\":\"CityJSON\",\"version\":\"1.0\"," + TRANSFORM + ",\"vertices\":" + vertices + "}");
        List<Feature> fs = read(s);
        assertThat(fs).hasSize(1);
        assertThat(fs.get(0).geometry().getArea()).isCloseTo(20, within(1e-6));
        assertThat(fs.get(0).props()).containsEntry("rmse", 0.5).containsEntry("footprint_from", "lod0");
    }

    @Test
    void solidWithoutSemanticsIsProjectedToItsFootprintAndWallsDoNotCount() {
        // CityJSON 2.0, lod as text, the child listed before its parent
        CityJsonSource s = source("c.city.json", "{\"type\":\"CityJSON\",\"version\":\"2.0\"," + TRANSFORM + ","
                + "\"CityObjects\":{"
                + "\"p\":{\"type\":\"BuildingPart\",\"parents\":[\"b\"],\"geometry\":[" + boxSolid("\"2.2\"", false) + "]},"
                + "\"b\":{\"type\":\"Building\",\"children\":[\"p\"],\"attributes\":{\"name\":\"box\"}}},"
                + "\"vertices\":" + BOX_VERTICES + "}");
        List<Feature> fs = read(s);
        assertThat(fs).hasSize(1);
        // bottom and top both project to the 10 x 20 rectangle; the union is 200 m2, walls are slivers
        assertThat(fs.get(0).geometry().getArea()).isCloseTo(200, within(1e-3));
        assertThat(fs.get(0).props()).containsEntry("footprint_from", "children lod2.2 projected")
                .containsEntry("cityobject_id", "b");
        // no referenceSystem: the load takes --crs or the preset's
        assertThat(s.declaredCrs()).isNull();
    }

    @Test
    void lodZeroIsPreferredOverTheSolidsAndVerticesBeforeCityObjectsWorkInCityJson10() {
        // CityJSON 1.0 without transform (real coordinates), vertices first, LoD 0 as a number:
        // the LoD 0 surface is a 4 x 5 m rectangle, the solid a bigger box that must not be taken
        String vertices = "[[85000,446000,0],[85004,446000,0],[85004,446005,0],[85000,446005,0],"
                + "[85000,446000,0],[85010,446000,0],[85010,446020,0],[85000,446020,0],"
                + "[85000,446000,6],[85010,446000,6],[85010,446020,6],[85000,446020,6]]";
        String solid = "{\"type\":\"Solid\",\"lod\":1.2,\"boundaries\":[[[[4,7,6,5]],[[8,9,10,11]]]]}";
        CityJsonSource s = source("d.json", "{\"type\":\"CityJSON\",\"version\":\"1.0\",\"vertices\":" + vertices + ","
                + "\"metadata\":{\"referenceSystem\":\"urn:ogc:def:crs:EPSG::7415\"},"
                + "\"CityObjects\":{\"b\":{\"type\":\"Building\",\"geometry\":[" + solid + ","
                + "{\"type\":\"MultiSurface\",\"lod\":0,\"boundaries\":[[[0,1,2,3]]]}]}}}");
        List<Feature> fs = read(s);
        assertThat(fs.get(0).geometry().getArea()).isCloseTo(20, within(1e-9));
        assertThat(fs.get(0).props()).containsEntry("footprint_from", "lod0");
    }

    @Test
    void cityJsonSeqReadsEachFeatureWithItsOwnVerticesAndTheHeadersTransform() {
        // header line, then two CityJSONFeatures; feature 2's square is 5 x 5 m at local vertex 0..3
        String header = "{\"type\":\"CityJSON\",\"version\":\"2.0\"," + TRANSFORM + ",\"metadata\":{\"referenceSystem\":"
                + "\"https://www.opengis.net/def/crs/EPSG/0/7415\"},\"CityObjects\":{},\"vertices\":[]}";
        String f1 = "{\"type\":\"CityJSONFeature\",\"id\":\"a\",\"CityObjects\":{\"a\":{\"type\":\"Building\","
                + "\"attributes\":{\"n\":1},\"children\":[\"a-0\"]},\"a-0\":{\"type\":\"BuildingPart\",\"parents\":[\"a\"],"
                + "\"geometry\":[" + boxSolid("\"1.2\"", true) + "]}},\"vertices\":" + BOX_VERTICES + "}";
        String f2 = "{\"type\":\"CityJSONFeature\",\"id\":\"b\",\"CityObjects\":{\"b\":{\"type\":\"Building\","
                + "\"attributes\":{\"n\":2},\"geometry\":[{\"type\":\"MultiSurface\",\"lod\":\"0\",\"boundaries\":[[[0,1,2,3]]]}]}},"
                + "\"vertices\":[[0,0,0],[5000,0,0],[5000,5000,0],[0,5000,0]]}";
        CityJsonSource s = source("e.city.jsonl", header + "\n" + f1 + "\n" + f2 + "\n");
        List<Feature> fs = read(s);
        assertThat(fs).extracting(f -> f.props().get("n")).containsExactly(1L, 2L);
        assertThat(fs.get(0).geometry().getArea()).isCloseTo(200, within(1e-6));
        assertThat(fs.get(1).geometry().getArea()).isCloseTo(25, within(1e-6));
        assertThat(fs.get(1).geometry().getEnvelopeInternal().getMinX()).isCloseTo(85000, within(1e-9));
        assertThat(s.declaredCrs()).isEqualTo("EPSG:28992");
        assertThat(s.where(1)).isEqualTo("CityJSONFeature 2 ('b')");
    }

    @Test
    void anObjectWithoutAnySurfaceIsHandedOverWithAProblemNotDropped() {
        CityJsonSource s = source("f.json", "{\"type\":\"CityJSON\",\"version\":\"1.1\"," + TRANSFORM + ","
                + "\"CityObjects\":{\"t\":{\"type\":\"SolitaryVegetationObject\",\"geometry\":[{\"type\":\"MultiPoint\","
                + "\"lod\":\"1\",\"boundaries\":[0]}]}},\"vertices\":[[0,0,0]]}");
        List<Feature> fs = read(s);
        assertThat(fs).hasSize(1);
        assertThat(fs.get(0).geometry()).isNull();
        assertThat(fs.get(0).problem()).contains("no footprint");
    }

    @Test
    void vertexIndexOutOfRangeFailsTheFileNamingTheObject() {
        CityJsonSource s = source("g.json", "{\"type\":\"CityJSON\",\"version\":\"1.1\"," + TRANSFORM + ","
                + "\"CityObjects\":{\"bad\":{\"type\":\"Building\",\"geometry\":[{\"type\":\"MultiSurface\",\"lod\":\"0\","
                + "\"boundaries\":[[[0,1,2,9]]]}]}},\"vertices\":[[0,0,0],[1000,0,0],[1000,1000,0],[0,1000,0]]}");
        DomainException p = catchThrowableOfType(DomainException.class, () -> read(s));
        assertThat(p.where()).isEqualTo("CityObjects['bad'].geometry[0]");
        assertThat(p.getMessage()).contains("Vertex index 9 is out of range").contains("0..3");
    }

    @Test
    void cityJson11WithoutTransformFails() {
        CityJsonSource s = source("h.json", "{\"type\":\"CityJSON\",\"version\":\"1.1\",\"CityObjects\":{},"
                + "\"vertices\":[[85000000,446000000,0]]}");
        DomainException p = catchThrowableOfType(DomainException.class, () -> read(s));
        assertThat(p.where()).isEqualTo("transform");
        assertThat(p.getMessage()).contains("requires 'transform'");
    }

    @Test
    void quantisedVerticesOfCityJson10WithoutTransformFail() {
        CityJsonSource s = source("i.json", "{\"type\":\"CityJSON\",\"version\":\"1.0\",\"CityObjects\":{},"
                + "\"vertices\":[[85346555,446973982,0]]}");
        DomainException p = catchThrowableOfType(DomainException.class, () -> read(s));
        assertThat(p.where()).isEqualTo("transform");
    }

    @Test
    void truncatedFileFailsAsInvalidJsonWithLineAndColumn() {
        String full = "{\"type\":\"CityJSON\",\"version\":\"1.1\"," + TRANSFORM + ",\n\"CityObjects\":{\"b\":{\"type\":"
                + "\"Building\",\"geometry\":[" + boxSolid("\"1.2\"", true) + "]}},\n\"vertices\":" + BOX_VERTICES + "}";
        CityJsonSource s = source("j.json", full.substring(0, full.length() - 40));
        DomainException p = catchThrowableOfType(DomainException.class, () -> read(s));
        assertThat(p.where()).matches("line \\d+, column \\d+");
        assertThat(p.getMessage()).contains("not valid JSON");
    }

    @Test
    void unsupportedVersionAndGeoJsonAreToldApart() {
        Path geojson = IngestFixtures.write(dir, "k.json", "{\"type\":\"FeatureCollection\",\"features\":[]}");
        assertThat(CityJsonSource.looksLikeCityJson(geojson)).isFalse();
        Path city = IngestFixtures.write(dir, "l.json", "{\"CityObjects\":{},\"type\":\"CityJSON\",\"version\":\"3.0\"}");
        assertThat(CityJsonSource.looksLikeCityJson(city)).isTrue();
        DomainException p = catchThrowableOfType(DomainException.class, () -> read(new CityJsonSource(city)));
        assertThat(p.where()).isEqualTo("version");
    }
}
