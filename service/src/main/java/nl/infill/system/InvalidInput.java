package nl.infill.system;

/** A parameter or field the client gave is malformed or out of its allowed range (HTTP 400). */
public final class InvalidInput extends DomainException {

    public InvalidInput(String where, String detail) {
        super(detail, where, null);
    }
}
