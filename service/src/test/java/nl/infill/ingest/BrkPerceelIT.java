package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.sharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;

import nl.infill.support.Gdal;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The brk-perceel preset on the real Kadastrale Kaart v5 sample: the GML file itself (not a
 * conversion), checked against GDAL reading the same file with a GFS template that makes it take
 * the begrenzingPerceel polygon instead of its default, the label point.
 */
@SpringBootTest
class BrkPerceelIT {

    @Autowired
    Loader loader;
    @Autowired
    JdbcClient jdbc;

    @Test
    void kadastraleKaartGmlLoadsElevenParcelsWithDesignationRegisteredAreaAndPolygon() throws Exception {
        Path gml = sharedData("brk-sample/kadastralekaart_perceel.gml");
        Gdal.assumeInstalled();
        Path gfs = Path.of(getClass().getResource("/harvest/brk-perceel-polygon.gfs").toURI());
        Map<String, String> ogr = Gdal.sql(gml, "SELECT count(*) AS n, sum(kadastrale_grootte_waarde) AS registered, "
                + "sum(ST_Area(begrenzingPerceel)) AS area, min(akr_kadastrale_gemeente_code_waarde || ' ' || sectie "
                + "|| ' ' || perceelnummer) AS first FROM Perceel", "-oo", "GFS_TEMPLATE=" + gfs);

        LoadReport r = loader.load(new LoadRequest("parcels", gml, gml.getFileName().toString(), "brk-perceel",
                null, null, null));

        assertThat(r.format()).isEqualTo("gml");
        assertThat(r.crs()).isEqualTo("EPSG:28992");
        assertThat(r.read()).isEqualTo(r.loaded()).isEqualTo(Integer.parseInt(ogr.get("n"))).isEqualTo(11);
        assertThat(jdbc.sql("SELECT source_id FROM parcel ORDER BY source_id").query(String.class).list())
                .contains("OTL02 B 2298").allMatch(id -> id.matches("OTL02 B \\d+")).first().isEqualTo(ogr.get("first"));
        assertThat(jdbc.sql("SELECT sum(area_m2) FROM parcel").query(Double.class).single())
                .isEqualTo(Double.parseDouble(ogr.get("registered")));
        assertThat(jdbc.sql("SELECT sum(ST_Area(geom)) FROM parcel").query(Double.class).single())
                .isCloseTo(Double.parseDouble(ogr.get("area")), within(0.01));
        assertThat(jdbc.sql("SELECT count(*) FROM parcel WHERE GeometryType(geom) <> 'MULTIPOLYGON'")
                .query(Long.class).single()).isZero();
    }
}
