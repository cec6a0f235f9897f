package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import nl.infill.system.StatementTimeout;

import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Body size, nesting depth, the rate limit and statement timeouts, with small limits so each is
 * reached cheaply: 64 KB of JSON, 3 expensive requests in a burst refilled at 1 a minute, 1 s
 * per statement.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "infill.security.max-json-body=64KB",
        "infill.security.rate-limit.capacity=3",
        "infill.security.rate-limit.per-minute=1",
        "infill.security.statement-timeout=1s"})
class LimitsIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TransactionTemplate tx;

    private static String big(int bytes) {
        // {"username":"aaaa...","password":"x"}: one long string, well-formed.
        return "{\"username\":\"" + "a".repeat(bytes) + "\",\"password\":\"x\"}";
    }

    @Test
    void jsonBodyDeclaredLargerThanTheLimitIs413BeforeAnyoneReadsIt() {
        var r = Http.request(port, "POST", "/api/scenarios").basic("editor", "editor").json(big(100_000)).send();
        assertThat(r.status()).isEqualTo(413);
        Leaks.assertCleanProblem(r, "100 KB body");
        assertThat(r.body()).contains("\"where\":\"body\"");
    }

    @Test
    void chunkedJsonBodyIsCutOffAtTheLimit() {
        byte[] body = big(200_000).getBytes(StandardCharsets.UTF_8);
        var r = Http.request(port, "POST", "/api/session")
                .body("application/json", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .header("Authorization", "Basic ZWRpdG9yOmVkaXRvcg==").send();
        assertThat(r.status()).isEqualTo(413);
        Leaks.assertCleanProblem(r, "chunked 200 KB body");
    }

    @Test
    void hundredThousandNestedArraysAreRefusedAsABadRequest() {
        // 100,000 levels would be 200 KB; with the size limit raised out of the way the depth limit
        // (100) is what refuses it. Sent to the sign-in endpoint, which reads a JSON body.
        String deep = "[".repeat(30_000) + "]".repeat(30_000);
        var r = Http.request(port, "POST", "/api/session").basic("editor", "editor").json(deep).send();
        assertThat(r.status()).isEqualTo(400);
        Leaks.assertCleanProblem(r, "30,000 nested arrays");
        assertThatThrownBy(() -> json.readTree("[".repeat(100_000) + "]".repeat(100_000)))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("100");
    }

    @Test
    void nestingWithinTheLimitIsStillRead() {
        // A FeatureCollection of MultiPolygons nests 8 deep; 50 levels pass.
        assertThat(json.readTree("[".repeat(50) + "]".repeat(50)).isArray()).isTrue();
    }

    @Test
    void fourthExpensiveRequestInABurstIs429WithRetryAfter() {
        int[] statuses = new int[4];
        Http.Response last = null;
        for (int i = 0; i < 4; i++) {
            last = Http.request(port, "GET", "/api/query/within?bbox=0,0,1,1").header("X-Forwarded-For", "10.0.0." + i)
                    .send();
            statuses[i] = last.status();
        }
        assertThat(statuses[0]).isNotEqualTo(429);
        assertThat(statuses[2]).isNotEqualTo(429);
        assertThat(statuses[3]).as("X-Forwarded-For is not trusted to pick the bucket").isEqualTo(429);
        Leaks.assertCleanProblem(last, "rate limited");
        // Refill is 1 a minute: the next token is at most 60 s away.
        assertThat(Long.parseLong(last.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
        // Cheap reads are never limited.
        assertThat(Http.request(port, "GET", "/api/layers").send().status()).isEqualTo(200);
    }

    @Test
    void everyPooledConnectionCarriesTheStatementTimeoutSoPgSleepIsCancelled() {
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single()).isEqualTo("1s");
        assertThatThrownBy(() -> jdbc.sql("SELECT pg_sleep(3)").query().singleValue())
                .isInstanceOf(QueryTimeoutException.class);
    }

    @Test
    void aLoadOrRunRaisesTheTimeoutForItsOwnTransactionOnly() {
        String inside = tx.execute(s -> {
            StatementTimeout.extendForTransaction(jdbc, java.time.Duration.ofMinutes(30));
            return jdbc.sql("SHOW statement_timeout").query(String.class).single();
        });
        assertThat(inside).isEqualTo("30min");
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single()).isEqualTo("1s");
    }
}
