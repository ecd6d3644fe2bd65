package io.ontobridge.platform.kafka;

import io.ontobridge.platform.observe.CounterFamily;
import io.ontobridge.schema.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds dead-letter records: the reason, a stable error code ({@link ErrorType}), and the original bytes with their origin. */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final CounterFamily MADE = new CounterFamily("ontobridge.dead.letters", "error_type");

    private DeadLetters() {
    }

    public static DeadLetter of(String service, ErrorType errorType, String reason, String topic, int partition,
                                long offset, byte[] key, byte[] value, String sampleId) {
        // Counted when made; a dead letter of a transaction that aborts is made again when the input is redone.
        MADE.with(errorType.wireName()).increment();
        // One line per bad record; where decoding failed, the stack is at debug (RegistryRecordDeserializer).
        log.warn("{}: dead letter ({}) for {}-{}@{}: {}", service, errorType.wireName(), topic, partition, offset, reason);
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

    /**
     * What went wrong, for people, on one line: the message of {@code error} and of each cause that adds to it.
     * A cause whose message its wrapper already holds is left out (wrappers often repeat it), a wrapper that only
     * repeats its cause ({@code new RuntimeException(cause)}) gives way to it, a missing file reads "no such
     * file: PATH" (the path once), and line breaks become spaces. Every error a user sees is rendered here.
     */
    public static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            Throwable cause = t.getCause();
            if (cause != null && cause != t && cause.toString().equals(t.getMessage())) {
                continue;
            }
            String part = ownMessage(t, text.toString());
            if (part != null) {
                text.append(text.isEmpty() ? "" : ": ").append(part);
            }
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    /** What {@code t} says beyond {@code said}, or null when it says nothing new. */
    private static String ownMessage(Throwable t, String said) {
        String message = t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage().strip();
        String path = null;
        String reason = null;
        if (t instanceof NoSuchFileException missing) {
            path = missing.getFile();
            reason = missing.getReason();
        } else if (t instanceof FileNotFoundException && message != null) {
            // FileInputStream and friends: "PATH (No such file or directory)"
            Matcher m = Pattern.compile("(.+) \\(No such file or directory\\)").matcher(message);
            if (m.matches()) {
                path = m.group(1);
            }
        }
        if (path != null) {
            if (said.contains(path) && said.toLowerCase(Locale.ROOT).contains("no such file")) {
                return null;
            }
            return "no such file" + (said.contains(path) ? "" : ": " + path) + (reason == null ? "" : " (" + reason + ")");
        }
        String own = message != null ? message : t.getClass().getSimpleName();
        return said.contains(own) ? null : own;
    }
}
