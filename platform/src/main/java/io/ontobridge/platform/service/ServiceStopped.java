package io.ontobridge.platform.service;

/**
 * A service stopping for a reason its message says in full, for people (another instance took over, a fault
 * that outlasted the recovery budget): logged as that one line, without a stack trace.
 */
public final class ServiceStopped extends RuntimeException {
    public ServiceStopped(String message) {
        super(message, null, false, false);
    }
}
