package nl.infill.system;

import java.util.Map;

/**
 * The service cannot do it right now but may shortly: all harvest slots taken, the database gone
 * (HTTP 503 with Retry-After). Nothing was changed.
 */
public final class Unavailable extends DomainException {

    public Unavailable(String detail, Map<String, Object> extra) {
        super(detail, null, extra);
    }
}
