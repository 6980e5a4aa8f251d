package io.aiosedge.wires.internal.task;

/**
 * A record cannot become a task (a missing property, a value of the wrong type); the message names the property.
 * Answered with a FAILED record of reason {@value #REASON}, never thrown out of the component.
 */
final class InvalidRecordException extends Exception {

    /** The failure.reason of a record that could not become a task. */
    static final String REASON = "INVALID_INPUT";

    private static final long serialVersionUID = 1L;

    InvalidRecordException(String message) {
        super(message);
    }
}
