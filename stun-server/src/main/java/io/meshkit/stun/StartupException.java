package io.meshkit.stun;

/** The server cannot start as configured; the message says why in words meant for an operator. */
public final class StartupException extends Exception {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
