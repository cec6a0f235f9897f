package nl.infill.system;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The one place that turns a {@link DomainException} into RFC 9457 problem+json: its status,
 * {@code type} ({@code https://infill.example/problems/{status}}), title, detail, {@code where}
 * and the extra figures as members. {@link ProblemHandler} uses it for every controller; advice
 * that catches a framework exception first (the multipart size limit) uses it too, so both give
 * the same body.
 */
public final class ProblemResponses {

    private static final String TYPE_BASE = "https://infill.example/problems/";

    private ProblemResponses() {
    }

    public static ResponseEntity<ProblemDetail> of(DomainException e) {
        HttpStatus status = status(e);
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        pd.setTitle(title(e));
        pd.setType(URI.create(TYPE_BASE + status.value()));
        if (e.where() != null) {
            pd.setProperty("where", e.where());
        }
        e.extra().forEach(pd::setProperty);
        var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e instanceof Unavailable) {
            // a full harvest queue or a database that went away is usually free again within seconds
            response.header(HttpHeaders.RETRY_AFTER, "5");
        } else if (e.extra().get("retryAfterSeconds") instanceof Number wait) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(wait.longValue()));
        }
        return response.body(pd);
    }

    static HttpStatus status(DomainException e) {
        if (e instanceof InvalidInput) {
            return HttpStatus.BAD_REQUEST;
        } else if (e instanceof UnprocessableInput) {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        } else if (e instanceof NotFound) {
            return HttpStatus.NOT_FOUND;
        } else if (e instanceof Conflict) {
            return HttpStatus.CONFLICT;
        } else if (e instanceof LimitExceeded) {
            return HttpStatus.CONTENT_TOO_LARGE;
        } else if (e instanceof Unavailable) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        } else if (e instanceof UpstreamFailure u) {
            return u.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        }
        throw new IllegalStateException("a DomainException without a status: " + e.getClass());
    }

    static String title(DomainException e) {
        if (e instanceof InvalidInput) {
            return "Bad request";
        } else if (e instanceof UnprocessableInput) {
            return "Unprocessable input";
        } else if (e instanceof NotFound) {
            return "Not found";
        } else if (e instanceof Conflict) {
            return "Conflict";
        } else if (e instanceof LimitExceeded l) {
            return l.title();
        } else if (e instanceof Unavailable) {
            return "Service unavailable";
        }
        return ((UpstreamFailure) e).title();
    }
}
