package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.collection;
import static nl.infill.ingest.IngestFixtures.point;
import static nl.infill.ingest.IngestFixtures.rdCrs;
import static nl.infill.ingest.IngestFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import nl.infill.layers.Layer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upload API with a 64 KB limit, so that an oversized upload is cheap to send, and the bulk
 * swap from 2 features on, so that the upload of two features takes the TRUNCATE + index path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.ingest.max-file-size=64KB", "infill.ingest.bulk-swap-rows=2"})
class LoadApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    record Response(int status, String contentType, String location, JsonNode body) {
    }

    private Response post(String layer, MultiValueMap<String, Object> parts) {
        return RestClient.create("http://localhost:" + port).post().uri("/api/layers/{layer}/loads", layer)
                .headers(h -> h.setBasicAuth("editor", "editor"))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts)
                .exchange((req, res) -> new Response(res.getStatusCode().value(),
                        String.valueOf(res.getHeaders().getContentType()), res.getHeaders().getFirst("Location"),
                        JSON.readTree(res.getBody().readAllBytes())), true);
    }

    private static ByteArrayResource file(String name, byte[] content) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    private static MultiValueMap<String, Object> parts(String name, String content) {
        MultiValueMap<String, Object> m = new LinkedMultiValueMap<>();
        m.add("file", file(name, content.getBytes(StandardCharsets.UTF_8)));
        return m;
    }

    @Test
    void uploadLoadsTheLayerAndAnswers201WithTheReportAndItsLocation() {
        MultiValueMap<String, Object> m = parts("poi.geojson", collection(rdCrs(),
                point(94000, 451000, "{\"subclass\":\"supermarket\",\"name\":\"AH\"}"),
                point(94100, 451000, "{\"subclass\":\"bench\"}")));
        m.add("preset", "osm-poi");
        Response r = post("amenities", m);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("loaded").asInt()).isEqualTo(2);
        assertThat(r.body().get("status").asString()).isEqualTo("succeeded");
        assertThat(r.location()).isEqualTo("/api/loads/" + r.body().get("id").asLong());
        assertThat(IngestFixtures.amenityTypes(jdbc)).containsExactly("supermarket", "other");
        // the bulk swap rebuilt the spatial index
        assertThat(jdbc.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'amenity_geom_idx'").query(Long.class).single())
                .isEqualTo(1L);

        JsonNode one = JSON.readTree(RestClient.create("http://localhost:" + port).get().uri(r.location())
                .retrieve().body(String.class));
        assertThat(one.get("preset").asString()).isEqualTo("osm-poi");
        JsonNode recent = JSON.readTree(RestClient.create("http://localhost:" + port).get().uri("/api/loads?limit=1")
                .retrieve().body(String.class));
        assertThat(recent.size()).isEqualTo(1);
    }

    @Test
    void mappingFilePartAndCrsParameterAreUsed() {
        MultiValueMap<String, Object> m = parts("x.geojson", collection(null,
                point(5.38720621, 52.15517440, "{\"soort\":\"huisarts\"}")));
        m.add("mapping", file("m.json", "{\"columns\":{\"type\":{\"from\":\"soort\",\"map\":{\"huisarts\":\"gp\"}}}}"
                .getBytes(StandardCharsets.UTF_8)));
        m.add("crs", "EPSG:4326");
        Response r = post("amenities", m);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("preset").asString()).isEqualTo("mapping-file");
        assertThat(IngestFixtures.amenityTypes(jdbc)).containsExactly("gp");
    }

    @Test
    void fileOverTheLimitIs413ProblemAndChangesNothing() {
        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.BUILDINGS);
        byte[] big = new byte[100 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        MultiValueMap<String, Object> m = new LinkedMultiValueMap<>();
        m.add("file", file("big.geojson", big));
        Response r = post("buildings", m);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(r.body().get("where").asString()).isEqualTo("file");
        assertThat(r.body().get("maxBytes").asLong()).isEqualTo(64 * 1024);
        assertThat(snapshot(jdbc, Layer.BUILDINGS)).isEqualTo(before);
    }

    @Test
    void parseErrorIsProblemJsonWithLineColumnAndLoadId() {
        Response r = post("amenities", parts("bad.geojson", "{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(r.body().get("where").asString()).matches("line 2, column \\d+");
        assertThat(r.body().get("detail").asString()).contains("not valid JSON").doesNotContain("Exception");
        long loadId = r.body().get("loadId").asLong();
        JsonNode failed = JSON.readTree(RestClient.create("http://localhost:" + port).get().uri("/api/loads/{id}", loadId)
                .retrieve().body(String.class));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("where").asString()).isEqualTo(r.body().get("where").asString());
    }

    @Test
    void unknownLayerIs404ProblemNamingTheLayer() {
        Response r = post("castles", parts("a.geojson", collection(rdCrs(), point(94000, 451000, "{}"))));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().get("where").asString()).isEqualTo("layer");
    }

    @Test
    void missingFilePartIs400NamingThePart() {
        MultiValueMap<String, Object> m = new LinkedMultiValueMap<>();
        m.add("preset", "osm-poi");
        Response r = post("amenities", m);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("where").asString()).isEqualTo("file");
    }

    @Test
    void requiredAttributeMissingNamesTheAttribute() {
        Response r = post("zoning", parts("z.geojson", collection(rdCrs(), IngestFixtures.square(94000, 451000, 10, "{\"bestemming\":\"wonen\"}"))));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("attribute").asString()).isEqualTo("function");
    }

    @Test
    void unknownLoadIs404() {
        int status = RestClient.create("http://localhost:" + port).get().uri("/api/loads/{id}", 987654321L)
                .exchange((req, res) -> res.getStatusCode().value(), true);
        assertThat(status).isEqualTo(404);
    }
}
