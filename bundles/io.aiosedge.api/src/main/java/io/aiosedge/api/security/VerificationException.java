package io.aiosedge.api.security;

/**
 * A signature, a key or a signed value was refused; the message says which and why, in words an operator can act
 * on (it is sent back in the command's reply and written to the audit log).
 */
public class VerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }
}
