package nl.infill.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a request, file or run was refused, in the domain's words: what was wrong ({@code
 * getMessage()}), where ({@code where}: the parameter, field, feature index or file position) and
 * any figures a client can act on ({@code extra}: a limit, a load id, a page). Domain code throws
 * one of its subtypes, one per meaning, and never names an HTTP status: {@link ProblemResponses}
 * alone turns each meaning into RFC 9457 problem+json.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInput, UnprocessableInput, NotFound, Conflict, LimitExceeded, Unavailable, UpstreamFailure {

    private final String where;
    private final transient Map<String, Object> extra;

    protected DomainException(String detail, String where, Map<String, Object> extra) {
        super(detail);
        this.where = where;
        this.extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    /** The parameter, field or file position that was wrong; null when the whole request was. */
    public String where() {
        return where;
    }

    public Map<String, Object> extra() {
        return Collections.unmodifiableMap(extra);
    }

    /**
     * Adds a figure on the way out (a load's id once it has one), keeping the meaning and the
     * stack trace of where it was first refused.
     */
    public DomainException with(String key, Object value) {
        extra.put(key, value);
        return this;
    }
}
