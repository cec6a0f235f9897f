package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "infill.security.anonymous-read=false")
class AnonymousReadOffIT {

    @LocalServerPort
    int port;

    @Test
    void withAnonymousReadOffReadsNeedAnyUserButHealthAndSignInStayOpen() {
        assertThat(Http.request(port, "GET", "/api/layers").send().status()).isEqualTo(401);
        assertThat(Http.request(port, "POST", "/api/query/intersects").json("{}").send().status()).isEqualTo(401);
        assertThat(Http.request(port, "GET", "/api/layers").basic("editor", "editor").send().status()).isEqualTo(200);
        assertThat(Http.request(port, "GET", "/actuator/health").send().status()).isEqualTo(200);
        var session = Http.request(port, "GET", "/api/session").send();
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body()).contains("\"anonymousRead\":false");
    }

    @Test
    void withAnonymousReadOffTilesAndTileJsonNeedAnyUserToo() {
        assertThat(Http.request(port, "GET", "/tiles/parcels/0/0/0.mvt").send().status()).isEqualTo(401);
        assertThat(Http.request(port, "HEAD", "/tiles/parcels/0/0/0.mvt").send().status()).isEqualTo(401);
        assertThat(Http.request(port, "GET", "/tiles/parcels.json").send().status()).isEqualTo(401);
        assertThat(Http.request(port, "GET", "/tiles").send().status()).isEqualTo(401);
        assertThat(Http.request(port, "GET", "/tiles/parcels/0/0/0.mvt").basic("editor", "guess").send().status())
                .isEqualTo(401);
        assertThat(Http.request(port, "GET", "/tiles/parcels/0/0/0.mvt").basic("editor", "editor").send().status())
                .isEqualTo(200);
    }

    @Test
    void withAnonymousReadOffTheSignedInWebMapGetsTilesWithItsSessionCookie() {
        WebSession anonymous = WebSession.start(port);
        var signIn = anonymous.on(Http.request(port, "POST", "/api/session"))
                .json("{\"username\":\"editor\",\"password\":\"editor\"}").send();
        assertThat(signIn.status()).isEqualTo(204);
        String session = "JSESSIONID=" + signIn.cookie("JSESSIONID").orElseThrow();
        var tile = Http.request(port, "GET", "/tiles/parcels/0/0/0.mvt").header("Cookie", session).send();
        assertThat(tile.status()).isEqualTo(200);
    }
}
