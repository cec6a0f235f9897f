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
}
