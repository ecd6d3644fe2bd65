package io.ontobridge.platform.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class RepeatingFaultsTest {
    @Test
    void aRecordOverTheSizeLimitDeepInTheChainRepeatsOnRetry() {
        RecordTooLargeException tooLarge = new RecordTooLargeException("The message is 1304327 bytes");
        // As Kafka Streams reports it: a StreamsException around a KafkaException around the producer's error.
        Throwable error = new KafkaException("Error encountered sending record to topic x-changelog",
                new KafkaException("send failed", tooLarge));
        assertSame(tooLarge, RepeatingFaults.find(error));
    }

    @Test
    void faultsAFreshAttemptMayGetPastDoNot() {
        assertNull(RepeatingFaults.find(new KafkaException("aborted", new ProducerFencedException("fenced"))));
        assertNull(RepeatingFaults.find(new TimeoutException("broker restarting")));
        assertNull(RepeatingFaults.find(null));
    }
}
