package nl.infill.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** {@code GET /api/presentation}: anonymous, the file's content, and revalidated by ETag. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PresentationApiIT {

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void anyoneReadsThePresentationAndRevalidatesItWithItsEtag() {
        RestClient http = RestClient.create("http://localhost:" + port);
        ResponseEntity<Map> first = http.get().uri("/api/presentation").retrieve().toEntity(Map.class);

        assertThat(first.getStatusCode().value()).isEqualTo(200);
        String etag = first.getHeaders().getETag();
        assertThat(etag).matches("\"[0-9a-f]{24}\"");
        assertThat(first.getHeaders().getCacheControl()).isEqualTo("no-cache");
        List<Map<String, Object>> criteria = (List<Map<String, Object>>) first.getBody().get("criteria");
        assertThat(criteria).extracting(c -> c.get("code")).startsWith("capacity");
        assertThat((Map<String, Object>) criteria.get(0).get("label"))
                .containsEntry("nl", Presentation.get().criterion("capacity").label().nl())
                .containsEntry("en", Presentation.get().criterion("capacity").label().en());
        // the param range's default goes out under the name the file uses
        assertThat(((List<Map<String, Object>>) first.getBody().get("params")).get(0)).containsKeys("min", "max", "step", "default");

        int status = http.get().uri("/api/presentation").header("If-None-Match", etag)
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(304);
        int other = http.get().uri("/api/presentation").header("If-None-Match", "\"something-else\"")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(other).isEqualTo(200);
    }
}
