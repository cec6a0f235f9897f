package nl.infill.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure is PostgreSQL going away (refused, terminated by a shutdown or a crash, I/O
 * error on the socket) rather than a fault of the request or of our code: such a failure is a 503
 * the client may retry, and what was written in the lost transaction never committed.
 */
public final class DatabaseAway {

    private DatabaseAway() {
    }

    public static boolean causedBy(Throwable e) {
        return check(e, 0);
    }

    private static boolean check(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException
                || t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                || t instanceof java.net.ConnectException) {
            return true;
        }
        // SQLSTATE class 08 (connection exception) or 57P (operator intervention: shutdown, crash)
        if (t instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
            return true;
        }
        // Hikari reports a connection the server terminated as plainly "closed", without a SQLState
        if (t instanceof SQLException && t.getMessage() != null
                && t.getMessage().matches("(?is).*connection (is|has been) closed.*")) {
            return true;
        }
        // a rollback on a dead connection hides the original failure behind its own
        if (t instanceof TransactionSystemException tse && check(tse.getApplicationException(), depth + 1)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (check(s, depth + 1)) {
                return true;
            }
        }
        return check(t.getCause() == t ? null : t.getCause(), depth + 1);
    }
}
