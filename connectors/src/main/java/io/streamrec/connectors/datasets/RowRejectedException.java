package io.streamrec.connectors.datasets;

/**
 * Signals that one row cannot be used. Readers catch it and turn it into a rejected
 * {@link ParsedRow}, so it never leaves a {@link DatasetReader}.
 */
final class RowRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    RowRejectedException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
