package nl.infill.system;

/** The request is valid but clashes with the current state: a run in progress, a taken slug (HTTP 409). */
public final class Conflict extends DomainException {

    public Conflict(String where, String detail) {
        super(detail, where, null);
    }

    public Conflict(String detail) {
        this(null, detail);
    }
}
