package io.ontobridge.streams.inference;

import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.SampleInput;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One poll's records, sorted: samples of this concept for the target model, and dead letters for the
 * rest (undecodable bytes, a concept nobody serves, a source model the concept does not name, a feature
 * value that is not a number). Samples of other registered concepts are left to their own inference group.
 * Inputs the model cannot read are rejected by the model afterwards.
 */
final class SampleBatch {
    private final Deserializer<Sample> deserializer;
    private final SampleScope scope;
    private final String service;
    private final List<Sample> samples = new ArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    SampleBatch(Deserializer<Sample> deserializer, SampleScope scope, String service) {
        this.deserializer = deserializer;
        this.scope = scope;
        this.service = service;
    }

    void add(ConsumerRecord<String, byte[]> record) {
        Sample sample;
        try {
            sample = deserializer.deserialize(record.topic(), record.value());
            if (sample == null) {
                throw new IllegalArgumentException("empty record value");
            }
        } catch (RuntimeException e) {
            reject(record, null, ErrorType.UNDECODABLE, "cannot decode a sample: " + DeadLetters.describe(e));
            return;
        }
        if (!scope.ownsConcept(sample.getConcept())) {
            if (!scope.registered().test(sample.getConcept())) {
                reject(record, sample.getSampleId(), ErrorType.UNKNOWN_CONCEPT, "concept '" + sample.getConcept()
                        + "' is not registered: no generator or target inference in this deployment serves it");
            }
            return; // another concept's inference owns it
        }
        String mismatch = scope.sourceMismatch(sample.getSource());
        if (mismatch != null) {
            reject(record, sample.getSampleId(), ErrorType.UNKNOWN_MODEL, mismatch);
        } else if (!Double.isFinite(sample.getFeatureValue())) {
            reject(record, sample.getSampleId(), ErrorType.BAD_FEATURE_VALUE, "the source feature value is " + sample.getFeatureValue());
        } else {
            samples.add(sample);
            records.add(record);
        }
    }

    /** A record the model turned down (or that failed a check): dead-lettered with its origin and bytes. */
    void reject(ConsumerRecord<String, byte[]> record, String sampleId, ErrorType errorType, String reason) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        deadLetters.add(DeadLetters.of(service, errorType, reason, record.topic(), record.partition(), record.offset(),
                key, record.value(), sampleId));
    }

    /** The samples to run, in arrival order. */
    List<Sample> samples() {
        return samples;
    }

    /** The record each of {@link #samples()} came in. */
    List<ConsumerRecord<String, byte[]>> records() {
        return records;
    }

    List<SampleInput> inputs() {
        return samples.stream().map(Sample::getInput).toList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }
}
