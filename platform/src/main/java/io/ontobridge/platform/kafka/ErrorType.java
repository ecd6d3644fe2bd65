package io.ontobridge.platform.kafka;

import java.util.Arrays;

/**
 * Why a record went to the dead-letter topic: a stable code that subscribers and alerts can match on. The
 * {@link #wireName()} is what {@code DeadLetter.errorType} carries (Avro keeps a plain string, so new codes never
 * break a reader of the schema).
 */
public enum ErrorType {
    /** The record's bytes are not a record of the topic's schema (or not Avro at all). */
    UNDECODABLE("undecodable"),
    /** A text sample with no text (or nothing left after tokenizing). */
    EMPTY_INPUT("empty-input"),
    /** A text sample longer than the target model reads. */
    INPUT_TOO_LONG("input-too-long"),
    /** A text with fewer tokens than the model's pooling position reads (e.g. {@code position:5} on 3 tokens). */
    INPUT_TOO_SHORT("input-too-short"),
    /** An image for a text model, or the reverse. */
    UNSUPPORTED_INPUT("unsupported-input"),
    /** Not a PNG, or not of the size the model reads. */
    BAD_IMAGE("bad-image"),
    /** The source feature value is NaN or infinite. */
    BAD_FEATURE_VALUE("bad-feature-value"),
    /** Activations that do not decode to finite float32 values. */
    BAD_ACTIVATIONS("bad-activations"),
    /** Activations of another size than the probe (or a baseline's probe) takes. */
    DIMENSION_MISMATCH("dimension-mismatch"),
    /** A sample naming a concept that no generator or target inference of this deployment serves. */
    UNKNOWN_CONCEPT("unknown-concept"),
    /** A model (or a version of it) other than the concept's spec names or the models topic announced. */
    UNKNOWN_MODEL("unknown-model"),
    /** An announced checkpoint that does not load (missing file, wrong sha256, missing layer). */
    BAD_MODEL("bad-model"),
    /** A version announced again with other weights. */
    CONFLICTING_ANNOUNCEMENT("conflicting-announcement"),
    /** A webhook still refused an event after its last try. */
    WEBHOOK_FAILED("webhook-failed");

    private final String wireName;

    ErrorType(String wireName) {
        this.wireName = wireName;
    }

    /** The code on the dead-letter record, e.g. {@code bad-feature-value}. */
    public String wireName() {
        return wireName;
    }

    /** The error type a dead-letter record names; IllegalArgumentException for a code this version does not know. */
    public static ErrorType fromWire(String code) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dead-letter error type '" + code + "'"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
