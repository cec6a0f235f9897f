package nl.infill.system;

import java.util.Map;

/**
 * A server Infill reads from (an OGC API - Features server being harvested) answered wrongly
 * (HTTP 502) or not in time (HTTP 504). {@code title} says what failed ("Harvest failed").
 */
public final class UpstreamFailure extends DomainException {

    private final String title;
    private final boolean timedOut;

    public UpstreamFailure(String title, boolean timedOut, String where, String detail, Map<String, Object> extra) {
        super(detail, where, extra);
        this.title = title;
        this.timedOut = timedOut;
    }

    public String title() {
        return title;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
