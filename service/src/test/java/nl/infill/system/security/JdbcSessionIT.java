package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.infill.InfillApplication;

/**
 * Sessions in PostgreSQL ({@code infill.sessions.store: jdbc}, docs/scaling.md): two replicas on one
 * database, this test's context (A) and a second application context (B) with its own port. With
 * anonymous reads off, every request below needs the session to be found: a cookie issued by A is
 * worth the same on B, CSRF token included, and signing out on B signs out on A.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "infill.sessions.store=jdbc",
        "infill.security.anonymous-read=false",
        "infill.analysis.run-on-startup=false"})
class JdbcSessionIT {

    private static final String CREDENTIALS = "{\"username\":\"editor\",\"password\":\"editor\"}";
    private static final String SCENARIO = "{\"slug\":\"test-shared-session\",\"name\":\"Shared session\","
            + "\"weights\":{\"capacity\":1},\"params\":{}}";

    @LocalServerPort
    int portA;
    @Autowired
    JdbcClient jdbc;

    private static ConfigurableApplicationContext replicaB() {
        // as command-line arguments: they outrank application.yml (default properties would not)
        return new SpringApplicationBuilder(InfillApplication.class).run(
                "--server.port=0",
                "--infill.sessions.store=jdbc",
                "--infill.security.anonymous-read=false",
                "--infill.analysis.run-on-startup=false");
    }

    @Test
    void aUserSignedInOnOneReplicaStaysSignedInOnAnotherWithTheSameCsrfTokenAndSignsOutEverywhere() {
        jdbc.sql("DELETE FROM scenario WHERE slug = 'test-shared-session'").update();
        try (ConfigurableApplicationContext b = replicaB()) {
            int portB = Integer.parseInt(b.getEnvironment().getProperty("local.server.port"));

            // signed in on A, as the web map does: token of the anonymous session, then POST /api/session
            WebSession anonymous = WebSession.start(portA);
            var signIn = anonymous.on(Http.request(portA, "POST", "/api/session")).json(CREDENTIALS).send();
            assertThat(signIn.status()).isEqualTo(204);
            assertThat(signIn.all("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                    .containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly"));
            String cookie = WebSession.from(signIn, anonymous).cookie();
            String id = cookie.substring("JSESSIONID=".length());
            assertThat(jdbc.sql("SELECT principal_name FROM spring_session WHERE session_id = ?").param(id)
                    .query(String.class).optional()).as("the session is kept in the database").contains("editor");

            // B knows the user and hands out the session's token, which A also accepts
            var me = Http.request(portB, "GET", "/api/session").header("Cookie", cookie).send();
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body()).contains("\"user\":\"editor\"").contains("\"roles\":[\"editor\"]");
            WebSession editor = WebSession.from(me, new WebSession(cookie, null));
            assertThat(editor.cookie()).as("B keeps A's session, no new one").isEqualTo(cookie);

            // a signed-in map's tile requests on B: GETs, no CSRF header needed, and not anonymous
            assertThat(Http.request(portB, "GET", "/tiles/parcels/0/0/0.mvt").send().status()).isEqualTo(401);
            assertThat(Http.request(portB, "GET", "/tiles/parcels/0/0/0.mvt").header("Cookie", cookie).send().status())
                    .isEqualTo(200);

            // a write on B with the cookie and the token; without the token it is refused as forged
            assertThat(Http.request(portB, "POST", "/api/scenarios").header("Cookie", cookie).json(SCENARIO).send()
                    .status()).isEqualTo(403);
            assertThat(editor.on(Http.request(portB, "POST", "/api/scenarios")).json(SCENARIO).send().status())
                    .isEqualTo(201);
            // and A takes the token B handed out for the same session
            assertThat(editor.on(Http.request(portA, "DELETE", "/api/scenarios/test-shared-session")).send().status())
                    .isIn(200, 204);

            // signing out on B ends the session on A too
            assertThat(editor.on(Http.request(portB, "DELETE", "/api/session")).send().status()).isEqualTo(204);
            assertThat(Http.request(portA, "GET", "/tiles/parcels/0/0/0.mvt").header("Cookie", cookie).send().status())
                    .isEqualTo(401);
            assertThat(Http.request(portA, "GET", "/api/session").header("Cookie", cookie).send().body())
                    .doesNotContain("\"user\":\"editor\"");
            assertThat(jdbc.sql("SELECT count(*) FROM spring_session WHERE session_id = ?").param(id)
                    .query(Long.class).single()).isZero();
        } finally {
            jdbc.sql("DELETE FROM scenario WHERE slug = 'test-shared-session'").update();
        }
    }
}
