package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may do what, over HTTP as clients see it. Write paths that no feature has built yet still
 * pass through the security filters first, so "not 401/403" is what shows a role was let through.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "infill.security.cors.allowed-origins=https://map.example")
class SecurityIT {

    private static final String SCENARIO = "{\"slug\":\"security-it\",\"name\":\"Security IT\"}";

    @LocalServerPort
    int port;

    private Http http(String method, String path) {
        return Http.request(port, method, path);
    }

    @Test
    void anonymousClientReadsTheLayerCatalogue() {
        assertThat(http("GET", "/api/layers").send().status()).isEqualTo(200);
    }

    @Test
    void anonymousWriteFromABrowserIs401ProblemWithoutABasicPopup() {
        var r = http("POST", "/api/scenarios").header("Sec-Fetch-Mode", "cors").json(SCENARIO).send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":401").contains("/api/session");
        assertThat(r.header("WWW-Authenticate")).isEmpty();
    }

    @Test
    void anonymousWriteFromAnApiClientGetsTheBasicChallenge() {
        var r = http("DELETE", "/api/scenarios/anything").send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).hasValue("Basic realm=\"infill\"");
    }

    @Test
    void wrongPasswordIs401ProblemSayingTheCredentialsWereRefused() {
        var r = http("POST", "/api/scenarios").basic("editor", "not-the-password").json(SCENARIO).send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("not accepted");
        Leaks.assertNoInternals(r, "wrong password");
    }

    @Test
    void editorWithBasicPassesTheWriteCheckOnLayersScenariosAndRunsWithoutGettingASession() {
        for (String[] call : new String[][] {{"POST", "/api/scenarios"}, {"PUT", "/api/scenarios/s"},
                {"DELETE", "/api/scenarios/s"}, {"POST", "/api/scenarios/s/runs"}, {"DELETE", "/api/runs/1"}}) {
            var r = http(call[0], call[1]).basic("editor", "editor").json(SCENARIO).send();
            assertThat(r.status()).as(call[0] + " " + call[1]).isNotIn(401, 403);
            assertThat(r.cookie("JSESSIONID")).as("Basic is stateless").isEmpty();
        }
    }

    @Test
    void editorMayNotPublishButAdminMay() {
        var editor = http("POST", "/api/publishing/sync").basic("editor", "editor").send();
        assertThat(editor.status()).isEqualTo(403);
        assertThat(editor.contentType()).startsWith("application/problem+json");
        assertThat(editor.body()).contains("role");
        var admin = http("POST", "/api/publishing/sync").basic("admin", "admin").send();
        assertThat(admin.status()).isNotIn(401, 403);
    }

    @Test
    void adminMayDoWhatAnEditorMay() {
        var r = http("POST", "/api/scenarios").basic("admin", "admin").json(SCENARIO).send();
        assertThat(r.status()).isNotIn(401, 403);
    }

    @Test
    void queriesAndExportsWithABodyAreReadsAnyoneMayMake() {
        for (String path : new String[] {"/api/query/intersects", "/api/export?format=geojson"}) {
            var r = http("POST", path).header("Sec-Fetch-Mode", "cors").json("{}").send();
            assertThat(r.status()).as(path).isNotIn(401, 403);
        }
    }

    @Test
    void webMapSignsInWithJsonThenWritesWithSessionCookieAndCsrfHeaderAndSignsOut() {
        // 1. The map asks who is signed in and receives the CSRF token of its session in the body;
        //    the token is kept in the server-side session, there is no token cookie to forge.
        var hello = http("GET", "/api/session").send();
        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.body()).contains("\"user\":null").contains("\"csrfHeader\":\"X-XSRF-TOKEN\"");
        assertThat(hello.cookie("XSRF-TOKEN")).as("no double-submit cookie").isEmpty();
        WebSession anonymous = WebSession.from(hello, null);
        assertThat(anonymous.csrf()).isNotBlank();
        assertThat(hello.all("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                .containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly"));

        // 2. Signing in without echoing the token is refused; with it, 204 and a new session cookie.
        String credentials = "{\"username\":\"editor\",\"password\":\"editor\"}";
        var noToken = http("POST", "/api/session").header("Cookie", anonymous.cookie()).json(credentials).send();
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-XSRF-TOKEN");
        var signIn = anonymous.on(http("POST", "/api/session")).json(credentials).send();
        assertThat(signIn.status()).isEqualTo(204);
        assertThat(signIn.cookie("JSESSIONID")).as("new session id at sign-in").isPresent()
                .isNotEqualTo(java.util.Optional.of(anonymous.cookie().substring("JSESSIONID=".length())));

        // 3. The session knows the user and roles, and hands out a new token.
        var me = http("GET", "/api/session").header("Cookie", WebSession.from(signIn, anonymous).cookie()).send();
        assertThat(me.body()).contains("\"user\":\"editor\"").contains("\"roles\":[\"editor\"]");
        WebSession editor = WebSession.from(me, WebSession.from(signIn, anonymous));
        assertThat(editor.csrf()).as("token renewed at sign-in").isNotEqualTo(anonymous.csrf());

        // 4. A write with the cookie but without the header is what a forged cross-site form sends.
        var forged = http("POST", "/api/scenarios").header("Cookie", editor.cookie()).json(SCENARIO).send();
        assertThat(forged.status()).isEqualTo(403);
        var mismatch = http("POST", "/api/scenarios").header("Cookie", editor.cookie())
                .header("X-XSRF-TOKEN", "guessed-token").json(SCENARIO).send();
        assertThat(mismatch.status()).as("header must equal the session's token").isEqualTo(403);
        var stale = http("POST", "/api/scenarios").header("Cookie", editor.cookie())
                .header("X-XSRF-TOKEN", anonymous.csrf()).json(SCENARIO).send();
        assertThat(stale.status()).as("the token from before sign-in").isEqualTo(403);
        var genuine = editor.on(http("POST", "/api/scenarios")).json(SCENARIO).send();
        assertThat(genuine.status()).isNotIn(401, 403);

        // 5. Sign out; the old session cookie is worth nothing afterwards.
        var out = editor.on(http("DELETE", "/api/session")).send();
        assertThat(out.status()).isEqualTo(204);
        var after = http("GET", "/api/session").header("Cookie", editor.cookie()).send();
        assertThat(after.body()).contains("\"user\":null");
    }

    @Test
    void aTokenAndCookiePairChosenByAnAttackerIsRefused() {
        WebSession editor = signedInEditor();
        // the double-submit pattern would accept any equal pair; a session-bound token accepts none
        var pair = http("POST", "/api/scenarios").header("Cookie", editor.cookie() + "; XSRF-TOKEN=attacker")
                .header("X-XSRF-TOKEN", "attacker").json(SCENARIO).send();
        assertThat(pair.status()).isEqualTo(403);
        assertThat(pair.contentType()).startsWith("application/problem+json");
        // another session's genuine token does not fit this session either
        WebSession other = signedInEditor();
        var foreign = http("POST", "/api/scenarios").header("Cookie", editor.cookie())
                .header("X-XSRF-TOKEN", other.csrf()).json(SCENARIO).send();
        assertThat(foreign.status()).isEqualTo(403);
    }

    @Test
    void theCsrfTokenIsNotAcceptedAsAQueryOrFormParameter() {
        WebSession editor = signedInEditor();
        var query = http("DELETE", "/api/scenarios/nonexistent?_csrf=" + editor.csrf())
                .header("Cookie", editor.cookie()).send();
        assertThat(query.status()).isEqualTo(403);
        var form = http("POST", "/api/scenarios").header("Cookie", editor.cookie())
                .body("application/x-www-form-urlencoded",
                        java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + editor.csrf())).send();
        assertThat(form.status()).isEqualTo(403);
        var header = editor.on(http("DELETE", "/api/scenarios/nonexistent")).send();
        assertThat(header.status()).as("the same token in the header passes CSRF").isEqualTo(404);
    }

    private WebSession signedInEditor() {
        WebSession anonymous = WebSession.start(port);
        var signIn = anonymous.on(http("POST", "/api/session"))
                .json("{\"username\":\"editor\",\"password\":\"editor\"}").send();
        assertThat(signIn.status()).isEqualTo(204);
        WebSession s = WebSession.from(signIn, anonymous);
        return WebSession.from(http("GET", "/api/session").header("Cookie", s.cookie()).send(), s);
    }

    @Test
    void signInWithAWrongPasswordIs401ProblemNamingThePassword() {
        WebSession anonymous = WebSession.start(port);
        var r = anonymous.on(http("POST", "/api/session"))
                .json("{\"username\":\"editor\",\"password\":\"guess\"}").send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("\"where\":\"password\"");
        assertThat(r.cookie("JSESSIONID")).as("no new session for a failed sign-in").isEmpty();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        var r = http("GET", "/api/layers").send();
        assertThat(r.header("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-eval");
        assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.header("X-Frame-Options")).hasValue("DENY");
        assertThat(r.header("Referrer-Policy")).hasValue("same-origin");
    }

    @Test
    void corsLetsOnlyTheConfiguredOriginCallTheApi() {
        var allowed = http("OPTIONS", "/api/scenarios").header("Origin", "https://map.example")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "X-XSRF-TOKEN")
                .send();
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).hasValue("https://map.example");
        var refused = http("OPTIONS", "/api/scenarios").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
        var simple = http("GET", "/api/layers").header("Origin", "https://evil.example").send();
        assertThat(simple.header("Access-Control-Allow-Origin")).isEmpty();
    }
}
