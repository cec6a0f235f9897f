package nl.infill.system;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every pooled connection runs with {@code infill.security.statement-timeout} (60 s by default),
 * so no web request can keep PostgreSQL busy for long. A load or a run, which may legitimately take
 * longer, raises the timeout for its own transaction only (the {@code SET LOCAL} form: it ends
 * with the transaction and never leaks to the next user of the connection).
 */
public final class StatementTimeout {

    private StatementTimeout() {
    }

    /** Call inside the transaction of a load or run; {@code timeout} e.g. the configured long timeout. */
    public static void extendForTransaction(JdbcClient jdbc, Duration timeout) {
        jdbc.sql(Sql.load("system/extend-statement-timeout.sql"))
                .param(timeout.toMillis() + "ms")
                .query().singleValue();
    }
}
