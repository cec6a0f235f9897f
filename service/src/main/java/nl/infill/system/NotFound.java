package nl.infill.system;

/** The named thing (layer, scenario, load, collection) does not exist (HTTP 404). */
public final class NotFound extends DomainException {

    public NotFound(String where, String detail) {
        super(detail, where, null);
    }
}
