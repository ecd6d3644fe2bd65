package io.ontobridge.platform.kafka;

import io.ontobridge.platform.observe.CounterFamily;
import io.ontobridge.schema.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds dead-letter records: the reason, a stable error code ({@link ErrorType}), and the original bytes with their origin. */
public final class DeadLetters {
    private static final CounterFamily MADE = new CounterFamily("ontobridge.dead.letters", "error_type");

    private DeadLetters() {
    }

    public static DeadLetter of(String service, ErrorType errorType, String reason, String topic, int partition,
                                long offset, byte[] key, byte[] value, String sampleId) {
        // Counted when made; a dead letter of a transaction that aborts is made again when the input is redone.
        MADE.with(errorType.wireName()).increment();
        return DeadLetter.newBuilder()
                .setService(service)
                .setErrorType(errorType.wireName())
                .setReason(reason)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setSampleId(sampleId)
                .setFailedAt(Instant.now())
                .build();
    }

    public static DeadLetter of(String service, ErrorType errorType, String reason, ConsumerRecord<byte[], byte[]> record,
                                String sampleId) {
        return of(service, errorType, reason, record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), sampleId);
    }

    /** The message of {@code error} and of its causes, so a reason says what really went wrong. */
    public static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (text.indexOf(message) >= 0) {
                continue; // a wrapper that repeats its cause's message: said once
            }
            if (!text.isEmpty()) {
                text.append(": ");
            }
            text.append(message);
        }
        return text.toString();
    }
}
