package nl.infill.system;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The single error path: every failure leaves as RFC 9457 problem+json. Responses never carry a
 * stack trace, class name or SQL text (the mistake of pg_tileserv's and GeoServer's error
 * texts); the full cause goes to the log only.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final ObjectProvider<DataSource> dataSource;

    ProblemHandler(ObjectProvider<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** What domain code refused, by meaning; {@link ProblemResponses} picks the status. */
    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> refused(DomainException e) {
        return ProblemResponses.of(e);
    }

    /** The web layer's own answers that have no domain meaning (sign-in: 401, 429). */
    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem e) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        pd.setTitle(e.title());
        pd.setType(e.type());
        if (e.where() != null) {
            pd.setProperty("where", e.where());
        }
        e.extra().forEach(pd::setProperty);
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            return retryLater(problem(pd));
        }
        if (e.extra().get("retryAfterSeconds") instanceof Number wait) {
            return ResponseEntity.status(pd.getStatus()).header(org.springframework.http.HttpHeaders.RETRY_AFTER,
                    String.valueOf(wait.longValue())).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
        }
        return problem(pd);
    }

    /** The security firewall refusing a parameter name or value only when a controller reads it. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request contains a parameter name or value that is not acceptable (control character).");
        pd.setTitle("Bad request");
        return problem(pd);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.getName() + "' has a value of the wrong type.");
        pd.setTitle("Bad request");
        pd.setProperty("where", e.getName());
        return problem(pd);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class, RecoverableDataAccessException.class,
            TransientDataAccessResourceException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        if (poolBusy(e)) {
            // every connection is in use and none came free within the connection timeout: the database
            // is there, only busy. Evicting would close the live connections under the very burst that
            // filled the pool (the cluster harness saw a replica's 16 go to 0 with 28 requests waiting).
            log.warn("database connections all busy: {}", e.toString());
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service is busy right now. Nothing was changed; try again shortly.");
            pd.setTitle("Service unavailable");
            return retryLater(problem(pd));
        }
        log.warn("database unavailable: {}", e.toString());
        evictPooledConnections();
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The database is not reachable right now. Nothing was changed; try again shortly.");
        pd.setTitle("Service unavailable");
        return retryLater(problem(pd));
    }

    /**
     * Whether {@code e} is Hikari's timeout waiting for a pooled connection with no failure to connect
     * behind it: Hikari puts the last connection failure as the cause when there was one (a database
     * gone), and none when the pool was merely full.
     */
    static boolean poolBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getCause() == null
                    && String.valueOf(t.getMessage()).contains("Connection is not available")) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a restart every pooled connection is dead, but Hikari checks a connection only when it
     * has been idle for a while, and the run queue's heartbeat and claimer keep them busy: without
     * this, each dead connection would fail one more request before the pool noticed. Soft eviction
     * replaces them as they come back; connections in use finish what they do.
     */
    private void evictPooledConnections() {
        DataSource ds = dataSource.getIfAvailable();
        try {
            if (ds != null && ds.isWrapperFor(HikariDataSource.class)) {
                HikariPoolMXBean pool = ds.unwrap(HikariDataSource.class).getHikariPoolMXBean();
                if (pool != null) {
                    pool.softEvictConnections();
                }
            }
        } catch (SQLException | RuntimeException notAHikariPool) {
            log.debug("could not evict pooled connections: {}", notAHikariPool.toString());
        }
    }

    /** A database that went away is usually back within seconds (a restart, a fail-over). */
    private static ResponseEntity<ProblemDetail> retryLater(ResponseEntity<ProblemDetail> r) {
        return ResponseEntity.status(r.getStatusCode()).headers(h -> {
            h.putAll(r.getHeaders());
            h.set(HttpHeaders.RETRY_AFTER, "5");
        }).body(r.getBody());
    }

    /** PostgreSQL going away: a 503 the client may retry, not a 500 (see {@link DatabaseAway}). */
    static boolean databaseAway(Throwable e) {
        return DatabaseAway.causedBy(e);
    }

    /** PostgreSQL refusing a value's bytes (NUL in text, 22021; untranslatable character, 22P05). */
    static boolean unstorableText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<ProblemDetail> timeout(QueryTimeoutException e) {
        log.warn("statement timeout: {}", e.getMessage());
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The request took longer than the configured statement timeout and was cancelled.");
        pd.setTitle("Request timed out");
        return problem(pd);
    }

    /**
     * Tomcat decodes query and form parameters lazily, on the first getParameter: percent-encoded
     * bytes that are not UTF-8 ({@code %C3%28}) fail there, wherever that is.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(Exception e) {
        log.info("refused undecodable parameter: {}", e.getMessage());
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "A query parameter is not valid: its percent-encoded bytes are not UTF-8 text.");
        pd.setTitle("Bad request");
        pd.setProperty("where", "query");
        return problem(pd);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (databaseAway(e)) {
            return databaseUnavailable(e);
        }
        if (unstorableText(e)) {
            log.info("refused unstorable text: {}", e.toString());
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "The input contains a character the database cannot store (such as a NUL byte).");
            pd.setTitle("Bad request");
            return problem(pd);
        }
        log.error("unexpected error", e);
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred. It has been logged.");
        pd.setTitle("Internal server error");
        return problem(pd);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail pd = ex.getBody();
        var first = ex.getBindingResult().getFieldErrors().stream().findFirst();
        first.ifPresent(f -> {
            pd.setDetail("Field '" + f.getField() + "' " + f.getDefaultMessage() + ".");
            pd.setProperty("where", f.getField());
        });
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    /** A body cut off at {@code infill.security.max-json-body} fails to parse; say why: 413. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (Boolean.TRUE.equals(request.getAttribute("infill.body-too-large", WebRequest.SCOPE_REQUEST))) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The JSON body is larger than the configured limit.");
            pd.setTitle("Content too large");
            pd.setProperty("where", "body");
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(pd);
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail pd && pd.getType() == null) {
            pd.setType(URI.create("about:blank"));
        }
        HttpHeaders h = new HttpHeaders();
        h.putAll(headers);
        h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, h, statusCode);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail pd) {
        return ResponseEntity.status(pd.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }
}
