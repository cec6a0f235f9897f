package nl.infill.system;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An HTTP answer the web layer decides itself, with no meaning in the domain (sign-in refused:
 * 401; too many sign-ins: 429). Domain code never throws this: it throws a {@link DomainException}
 * (ModularityTests holds every class outside controllers and {@code system} to that), and
 * {@link ProblemHandler} turns both into RFC 9457 problem+json.
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
