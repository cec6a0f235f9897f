package nl.infill.system;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * The one exception type features throw for a client-facing problem. {@link ProblemHandler}
 * turns it into RFC 9457 problem+json; {@code where} names the parameter, field, feature index or
 * file position that was wrong, so a user can fix the input without guessing.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final String where;
    private final transient Map<String, Object> extra;

    public ApiProblem(HttpStatus status, String title, String detail, String where, Map<String, Object> extra) {
        super(detail);
        this.status = status;
        this.title = title;
        this.where = where;
        this.extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static ApiProblem badRequest(String where, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail, where, null);
    }

    public static ApiProblem notFound(String where, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail, where, null);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, null, null);
    }

    public static ApiProblem unprocessable(String where, String detail, Map<String, Object> extra) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable input", detail, where, extra);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String where() {
        return where;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public URI type() {
        return URI.create("https://infill.example/problems/" + status.value());
    }
}
