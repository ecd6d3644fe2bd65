package io.ontobridge.platform.concept;

/** A concept spec that cannot be used; the message names the field and what is wrong, in one line. */
public class ConceptSpecException extends RuntimeException {
    public ConceptSpecException(String message) {
        super(message);
    }

    public ConceptSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
