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
        // 1. The map asks who is signed in and receives the CSRF token (body and XSRF-TOKEN cookie).
        var hello = http("GET", "/api/session").send();
        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.body()).contains("\"user\":null").contains("\"csrfHeader\":\"X-XSRF-TOKEN\"");
        String csrf = hello.cookie("XSRF-TOKEN").orElseThrow();
        assertThat(hello.body()).contains(csrf);
        String csrfCookie = "XSRF-TOKEN=" + csrf;

        // 2. Signing in without echoing the token is refused; with it, 204 and a session cookie.
        String credentials = "{\"username\":\"editor\",\"password\":\"editor\"}";
        var noToken = http("POST", "/api/session").header("Cookie", csrfCookie).json(credentials).send();
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-XSRF-TOKEN");
        var signIn = http("POST", "/api/session").header("Cookie", csrfCookie).header("X-XSRF-TOKEN", csrf)
                .json(credentials).send();
        assertThat(signIn.status()).isEqualTo(204);
        String session = "JSESSIONID=" + signIn.cookie("JSESSIONID").orElseThrow();
        String newCsrf = signIn.cookie("XSRF-TOKEN").orElseThrow();
        assertThat(newCsrf).as("token renewed at sign-in").isNotEqualTo(csrf);
        String cookies = session + "; XSRF-TOKEN=" + newCsrf;

        // 3. The session knows the user and roles.
        var me = http("GET", "/api/session").header("Cookie", cookies).send();
        assertThat(me.body()).contains("\"user\":\"editor\"").contains("\"roles\":[\"editor\"]");

        // 4. A write with the cookie but without the header is what a forged cross-site form sends.
        var forged = http("POST", "/api/scenarios").header("Cookie", cookies).json(SCENARIO).send();
        assertThat(forged.status()).isEqualTo(403);
        var mismatch = http("POST", "/api/scenarios").header("Cookie", cookies)
                .header("X-XSRF-TOKEN", "guessed-token").json(SCENARIO).send();
        assertThat(mismatch.status()).as("header must equal the cookie").isEqualTo(403);
        var genuine = http("POST", "/api/scenarios").header("Cookie", cookies).header("X-XSRF-TOKEN", newCsrf)
                .json(SCENARIO).send();
        assertThat(genuine.status()).isNotIn(401, 403);

        // 5. Sign out; the old session cookie is worth nothing afterwards.
        var out = http("DELETE", "/api/session").header("Cookie", cookies).header("X-XSRF-TOKEN", newCsrf).send();
        assertThat(out.status()).isEqualTo(204);
        var after = http("GET", "/api/session").header("Cookie", cookies).send();
        assertThat(after.body()).contains("\"user\":null");
    }

    @Test
    void signInWithAWrongPasswordIs401ProblemNamingThePassword() {
        var hello = http("GET", "/api/session").send();
        String csrf = hello.cookie("XSRF-TOKEN").orElseThrow();
        var r = http("POST", "/api/session").header("Cookie", "XSRF-TOKEN=" + csrf).header("X-XSRF-TOKEN", csrf)
                .json("{\"username\":\"editor\",\"password\":\"guess\"}").send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("\"where\":\"password\"");
        assertThat(r.cookie("JSESSIONID")).isEmpty();
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
