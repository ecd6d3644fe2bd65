package io.ontobridge.streams.inference;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceLoopTest {
    @Test
    void aFenceOrAnOldEpochAnywhereInTheChainReplacesTheProducer() {
        assertTrue(InferenceLoop.isEpochFault(new ProducerFencedException("fenced")));
        assertTrue(InferenceLoop.isEpochFault(new KafkaException("commit failed",
                new InvalidProducerEpochException("Producer attempted to produce with an old epoch"))));
    }

    @Test
    void otherTransactionFaultsAreAbortedOnTheSameProducer() {
        assertFalse(InferenceLoop.isEpochFault(new KafkaException("aborted", new TimeoutException("slow"))));
        assertFalse(InferenceLoop.isEpochFault(new KafkaException("no cause")));
    }
}
