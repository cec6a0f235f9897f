package nl.infill.features;

import static nl.infill.features.FeaturesFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * numberMatched is exact up to infill.features.count-limit and left out above it (here the limit is
 * 5); a page never holds more than infill.features.max-limit features (here 3).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.features.count-limit=5", "infill.features.max-limit=3"})
class NumberMatchedLimitIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void numberMatchedIsGivenUpToTheCountLimitAndLeftOutAboveIt() {
        Cql2FilterIT.load(jdbc);
        // Eight parcels: more than 5, so no count.
        JsonNode all = get(port, "/ogc/collections/parcels/items?limit=2", "application/geo+json").json();
        assertThat(all.has("numberMatched")).isFalse();
        assertThat(all.get("numberReturned").asInt()).isEqualTo(2);
        // Exactly 5 GM0637 parcels (P1, P8, P2, P5, P7): at the limit, still counted.
        JsonNode five = get(port, "/ogc/collections/parcels/items?limit=2&municipality=GM0637", "application/geo+json").json();
        assertThat(five.get("numberMatched").asInt()).isEqualTo(5);
        // Two GM0599 parcels through a filter, on the second page too.
        String filtered = "/ogc/collections/parcels/items?limit=1&filter="
                + URLEncoder.encode("municipality = 'GM0599'", StandardCharsets.UTF_8);
        JsonNode first = get(port, filtered, "application/geo+json").json();
        assertThat(first.get("numberMatched").asInt()).isEqualTo(2);
        String next = null;
        for (JsonNode l : first.get("links")) {
            if (l.get("rel").asString().equals("next")) {
                next = l.get("href").asString();
            }
        }
        assertThat(next).isNotNull();
        assertThat(get(port, next, "application/geo+json").json().get("numberMatched").asInt()).isEqualTo(2);
    }

    @Test
    void aLimitAboveTheMaximumIsClampedToTheMaximumAndThePageLinksOn() {
        Cql2FilterIT.load(jdbc);
        // Eight parcels, at most 3 per page: 100 asked, 3 given, and a next link to the other 5
        // (OGC 17-069r4 /req/core/fc-limit-response-1).
        var r = get(port, "/ogc/collections/parcels/items?limit=100", "application/geo+json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("numberReturned").asInt()).isEqualTo(3);
        assertThat(r.json().get("features").size()).isEqualTo(3);
        int seen = 3;
        String next = nextLink(r.json());
        while (next != null) {
            JsonNode page = get(port, next, "application/geo+json").json();
            assertThat(page.get("numberReturned").asInt()).isLessThanOrEqualTo(3);
            seen += page.get("numberReturned").asInt();
            next = nextLink(page);
        }
        assertThat(seen).isEqualTo(8);
        assertThat(get(port, "/ogc/collections/parcels/items?limit=0").status()).isEqualTo(400);
    }

    private static String nextLink(JsonNode page) {
        for (JsonNode l : page.get("links")) {
            if (l.get("rel").asString().equals("next")) {
                return l.get("href").asString();
            }
        }
        return null;
    }
}
