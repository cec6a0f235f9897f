package nl.infill.system;

import java.util.Map;

/**
 * The input is larger than a configured limit (file size, features, staged bytes) (HTTP 413).
 * {@code title} names which limit ("Too many features"); {@code extra} carries the limit itself.
 */
public final class LimitExceeded extends DomainException {

    private final String title;

    public LimitExceeded(String title, String where, String detail, Map<String, Object> extra) {
        super(detail, where, extra);
        this.title = title;
    }

    public String title() {
        return title;
    }
}
