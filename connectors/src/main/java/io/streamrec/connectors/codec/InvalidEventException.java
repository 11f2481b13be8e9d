package io.streamrec.connectors.codec;

/** Raised by event parsing and validation with the reason code and a detail naming the field. */
public class InvalidEventException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public InvalidEventException(RejectReason reason, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    /** Returns the human-readable detail, naming the field and the value. */
    public String detail() {
        return getMessage();
    }
}
