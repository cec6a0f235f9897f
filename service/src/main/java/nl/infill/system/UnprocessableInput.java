package nl.infill.system;

import java.util.Map;

/**
 * The input is well-formed but what it says cannot be used: a file that is not what it claims,
 * a feature the layer cannot take, a weight outside its range (HTTP 422).
 */
public final class UnprocessableInput extends DomainException {

    public UnprocessableInput(String where, String detail, Map<String, Object> extra) {
        super(detail, where, extra);
    }

    public UnprocessableInput(String where, String detail) {
        this(where, detail, null);
    }
}
