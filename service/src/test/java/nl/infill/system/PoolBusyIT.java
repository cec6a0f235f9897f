package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * A full connection pool is a busy database, not a database gone (found by bench/cluster.sh: a replica
 * starting under load answered its first burst by evicting its 16 live connections, and the next
 * requests found none). The request that waited out the pool gets 503 with Retry-After; the pool keeps
 * its connections. Pool of 2, connection timeout 250 ms (Hikari's least), both connections held by the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.analysis.run-on-startup=false", "spring.datasource.hikari.maximum-pool-size=2",
                "spring.datasource.hikari.minimum-idle=2", "spring.datasource.hikari.connection-timeout=250"})
class PoolBusyIT {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    private static int backend(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRequestThatFindsEveryConnectionBusyGets503AndThePoolKeepsItsConnections() throws SQLException {
        Set<Integer> backends = new HashSet<>();
        try (Connection one = dataSource.getConnection(); Connection two = dataSource.getConnection()) {
            backends.add(backend(one));
            backends.add(backend(two));
            var answer = RestClient.create("http://localhost:" + port).get()
                    .uri("/ogc/collections/parcels/items?limit=1")
                    .exchange((req, res) -> new Object[] {res.getStatusCode().value(),
                            res.getHeaders().getFirst("Retry-After"), new String(res.getBody().readAllBytes())});
            assertThat(answer[0]).isEqualTo(503);
            assertThat(answer[1]).isEqualTo("5");
            assertThat((String) answer[2]).contains("busy").doesNotContain("Hikari").doesNotContain("SQL");
        }
        // both connections went back to the pool alive: the next ones are the same backends
        try (Connection one = dataSource.getConnection(); Connection two = dataSource.getConnection()) {
            assertThat(Set.of(backend(one), backend(two))).as("not evicted").isEqualTo(backends);
        }
    }

    @Test
    void aTimeoutWithAFailureToConnectBehindItIsADatabaseGoneNotABusyPool() {
        // as Hikari builds them: the last connection failure, when there was one, is the cause
        var gone = new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out "
                + "after 3000ms (total=0, active=0, idle=0, waiting=4)", "08001", new SQLException("Connection refused"));
        var busy = new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out "
                + "after 3000ms (total=16, active=16, idle=0, waiting=9)", (String) null, (Throwable) null);
        assertThat(ProblemHandler.poolBusy(new RuntimeException("wrapped", gone))).isFalse();
        assertThat(ProblemHandler.poolBusy(new RuntimeException("wrapped", busy))).isTrue();
    }
}
