package nl.infill.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import nl.infill.layers.Layer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LayerCatalogIT {

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void catalogueListsEveryLayerWithItsCountAndVersion() {
        List<Map<String, Object>> layers = RestClient.create("http://localhost:" + port)
                .get().uri("/api/layers").retrieve().body(List.class);
        assertThat(layers).extracting(l -> l.get("id")).containsExactlyElementsOf(Layer.ids());
        assertThat(layers).allSatisfy(l -> assertThat(l).containsKeys("featureCount", "version", "extentRd"));
    }

    @Test
    void unknownLayerIsAProblemNamingTheLayer() {
        var response = RestClient.create("http://localhost:" + port)
                .get().uri("/api/layers/{id}", "parcels'; drop table parcel;--")
                .exchange((req, res) -> Map.entry(res.getStatusCode(), new String(res.getBody().readAllBytes())), true);
        assertThat(response.getKey()).isEqualTo(HttpStatusCode.valueOf(404));
        assertThat(response.getValue()).contains("\"where\":\"layer\"").contains("Unknown layer");
    }
}
