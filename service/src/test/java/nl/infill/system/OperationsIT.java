package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Behind a reverse proxy: X-Forwarded-* from the one trusted proxy (127.0.0.1 here) make OGC links
 * and TileJSON say https and the public host, and make the rate limiter count the client; the
 * same headers from another address (127.0.0.2, a second loopback address) are ignored. Requests
 * go over raw sockets so that the source address can be chosen. Also /actuator/info.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "infill.proxy.trusted=127.0.0.1",
        "infill.security.rate-limit.capacity=2",
        "infill.security.rate-limit.per-minute=1"})
class OperationsIT {

    private static final String TRUSTED = "127.0.0.1";
    private static final String OTHER = "127.0.0.2";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    record Response(int status, String body) {
    }

    @Test
    void ogcLinksAndTileJsonSayHttpsAndThePublicHostOnlyWhenATrustedProxyForwardsThem() throws IOException {
        Map<String, String> forwarded = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "maps.example.nl");

        Response viaProxy = get(TRUSTED, "/ogc", forwarded);
        assertThat(viaProxy.status()).isEqualTo(200);
        for (JsonNode link : JSON.readTree(viaProxy.body()).get("links")) {
            assertThat(link.get("href").asString()).startsWith("https://maps.example.nl/ogc");
        }
        Response tileJson = get(TRUSTED, "/tiles/parcels.json", forwarded);
        assertThat(tileJson.status()).isEqualTo(200);
        assertThat(JSON.readTree(tileJson.body()).get("tiles").get(0).asString())
                .startsWith("https://maps.example.nl/tiles/parcels/{z}/{x}/{y}");

        Response spoofed = get(OTHER, "/ogc", forwarded);
        assertThat(spoofed.status()).isEqualTo(200);
        assertThat(spoofed.body()).doesNotContain("maps.example.nl").doesNotContain("https://");
        for (JsonNode link : JSON.readTree(spoofed.body()).get("links")) {
            assertThat(link.get("href").asString()).startsWith("http://localhost:" + port + "/ogc");
        }
        assertThat(get(OTHER, "/tiles/parcels.json", forwarded).body()).doesNotContain("maps.example.nl");
    }

    @Test
    void theRateLimiterCountsTheForwardedClientBehindATrustedProxyAndTheSenderOtherwise() throws IOException {
        // Two tokens per client; an export of an unknown collection is cheap (404) but rate-limited.
        String limited = "/api/export/nope?format=csv";
        Map<String, String> clientA = Map.of("X-Forwarded-For", "203.0.113.10");
        assertThat(get(TRUSTED, limited, clientA).status()).isEqualTo(404);
        assertThat(get(TRUSTED, limited, clientA).status()).isEqualTo(404);
        assertThat(get(TRUSTED, limited, clientA).status()).isEqualTo(429);
        // Another client behind the same proxy has its own bucket.
        assertThat(get(TRUSTED, limited, Map.of("X-Forwarded-For", "203.0.113.11")).status()).isEqualTo(404);
        // From an untrusted sender the header is ignored: its own address counts, whatever it claims.
        assertThat(get(OTHER, limited, Map.of("X-Forwarded-For", "203.0.113.20")).status()).isEqualTo(404);
        assertThat(get(OTHER, limited, Map.of("X-Forwarded-For", "203.0.113.21")).status()).isEqualTo(404);
        assertThat(get(OTHER, limited, Map.of("X-Forwarded-For", "203.0.113.22")).status()).isEqualTo(429);
    }

    @Test
    void infoShowsTheBuildAndTheGitCommitWhenTheBuildHadOne() throws IOException {
        Response r = get(TRUSTED, "/actuator/info", Map.of());
        assertThat(r.status()).isEqualTo(200);
        JsonNode info = JSON.readTree(r.body());
        assertThat(info.get("build").get("artifact").asString()).isEqualTo("infill-service");
        assertThat(info.get("build").get("version").asString()).isNotBlank();
        assertThat(info.get("build").has("time")).isTrue();
        assertThat(info.get("java").get("version").asString()).isNotBlank();
        // Built from a tarball there is no git.properties and no git section, and that is fine.
        if (new ClassPathResource("git.properties").exists()) {
            assertThat(info.get("git").get("commit").get("id").asString()).matches("[0-9a-f]{7,40}");
        } else {
            assertThat(info.has("git")).isFalse();
        }
    }

    /** One HTTP/1.1 GET from {@code source}, over a socket bound to that loopback address. */
    private Response get(String source, String path, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", "localhost:" + port);
            all.put("Accept", "application/json");
            all.put("Connection", "close");
            all.putAll(headers);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
            all.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] raw = socket.getInputStream().readAllBytes();
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            String head = text.substring(0, bodyStart).toLowerCase();
            byte[] body = java.util.Arrays.copyOfRange(raw, bodyStart, raw.length);
            return new Response(status, new String(head.contains("transfer-encoding: chunked") ? unchunk(body) : body,
                    StandardCharsets.UTF_8));
        }
    }

    /** HTTP/1.1 chunked body to bytes (sizes count bytes, so this works on bytes, not text). */
    private static byte[] unchunk(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int p = 0;
        while (true) {
            int eol = text.indexOf("\r\n", p);
            int size = Integer.parseInt(text.substring(p, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(body, eol + 2, size);
            p = eol + 2 + size + 2;
        }
    }
}
