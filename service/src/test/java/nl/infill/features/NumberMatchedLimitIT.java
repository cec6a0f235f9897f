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

/** numberMatched is exact up to infill.features.count-limit and left out above it (here the limit is 5). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "infill.features.count-limit=5")
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
}
