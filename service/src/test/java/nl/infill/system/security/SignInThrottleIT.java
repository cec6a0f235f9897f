package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sign-in throttling over HTTP, with small numbers: 3 free failures per account, 8 per client, a
 * first wait of 60 s (long enough that no test machine is slow enough to see it expire). A known
 * and an unknown account are throttled alike, by the web map's sign-in and by HTTP Basic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "infill.security.sign-in-throttle.account-free-failures=3",
        "infill.security.sign-in-throttle.client-free-failures=8",
        "infill.security.sign-in-throttle.first-delay=60s"})
class SignInThrottleIT {

    @LocalServerPort
    int port;

    private Http.Response signIn(String user, String password) {
        return WebSession.start(port).on(Http.request(port, "POST", "/api/session"))
                .json("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}").send();
    }

    @Test
    void failedSignInsOfKnownAndUnknownAccountsBackOffWith429AndRetryAfterThenTheClientToo() {
        for (String account : new String[] {"editor", "nobody-" + System.nanoTime()}) {
            // 3 free failures, the 4th starts the wait
            for (int i = 0; i < 4; i++) {
                assertThat(signIn(account, "wrong" + i).status()).as(account + " try " + i).isEqualTo(401);
            }
            Http.Response locked = signIn(account, "wrong");
            assertThat(locked.status()).as(account).isEqualTo(429);
            assertThat(locked.contentType()).startsWith("application/problem+json");
            assertThat(Long.parseLong(locked.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(locked.body()).contains("Too many failed sign-ins");
            // HTTP Basic for the same account waits as well, before any password check
            Http.Response basic = Http.request(port, "GET", "/api/loads").basic(account, "wrong").send();
            assertThat(basic.status()).as(account + " over Basic").isEqualTo(429);
            assertThat(basic.header("Retry-After")).isPresent();
        }
        // the right password of a locked account waits too: the wait is not a hint about the password
        assertThat(signIn("editor", "editor").status()).isEqualTo(429);
        // 8 failures from this address (4 + 4): the 9th of any account, even the right password, waits
        assertThat(signIn("admin", "wrong").status()).isEqualTo(401);
        Http.Response client = signIn("admin", "admin");
        assertThat(client.status()).isEqualTo(429);
        assertThat(client.header("Retry-After")).isPresent();
    }
}
