package io.ontobridge.streams.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.CheckpointFollower;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.kafka.RepeatingFaults;
import io.ontobridge.platform.observe.CounterFamily;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Sample;
import io.ontobridge.streams.inference.BatchEncoder.Activation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Target inference's transactional loop: poll a batch, activate it, write activations, dead letters and the input
 * offsets (with each partition's version plan) in one transaction. When a step fails with a Kafka error the loop
 * recovers in-process within the config's budget: it aborts the transaction (a producer that cannot abort, fenced
 * or in a fatal state, is replaced by a new one with the same transactional id, whose initialization fences the old
 * one), pauses (doubling from {@value #FIRST_PAUSE_MS} ms), rewinds the consumer to the committed offsets and the
 * version plans to the committed ones, and redoes the batch. Nothing is lost (the batch is redone) and nothing is
 * doubled (its output was never committed). Past the budget it throws, and the service stops.
 */
final class InferenceLoop {
    private static final Logger log = LoggerFactory.getLogger(InferenceLoop.class);
    private static final String SERVICE = TargetInference.SERVICE;
    private static final CounterFamily ACTIVATIONS = new CounterFamily("ontobridge.activations", "version");
    /** First pause after a failed step; it doubles with each further failure in a row, up to the cap. */
    private static final long FIRST_PAUSE_MS = 250;
    private static final long MAX_PAUSE_MS = 8_000;

    private final InferenceConfig config;
    private final Topics topics;
    private final BooleanSupplier stopping;
    private final AtomicLong recovered;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TargetVersions targets;
    private final CheckpointFollower<TargetVersions.Loaded> follower;
    private final SampleScope scope;
    private final Deserializer<Sample> samples;
    private final Serializer<ActivatedSample> activations;
    private final Serializer<DeadLetter> deadLetters;
    private final Counter recordsIn = Metrics.counter("ontobridge.records.in", "topic", "samples");
    private final DistributionSummary batchSize = DistributionSummary.builder("ontobridge.inference.batch.size")
            .description("records per poll, one model batch").register(Metrics.globalRegistry);
    /** Announcements that failed to load: dead-lettered in the next transaction that commits. */
    private final List<DeadLetter> badModels = new ArrayList<>();
    /** The offset committed last for each partition this loop has read or rewound: what an idle poll compares with. */
    private final Map<TopicPartition, Long> committedNext = new HashMap<>();
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    private boolean inTransaction;
    private boolean rewind;
    private int failuresInARow;

    InferenceLoop(InferenceConfig config, KafkaConsumer<String, byte[]> consumer, TargetVersions targets,
                  CheckpointFollower<TargetVersions.Loaded> follower, SampleScope scope, BooleanSupplier stopping,
                  AtomicLong recovered) {
        this.recovered = recovered;
        this.config = config;
        this.topics = config.settings().topics();
        this.stopping = stopping;
        this.consumer = consumer;
        this.targets = targets;
        this.follower = follower;
        this.scope = scope;
        RegistrySerdes serdes = new RegistrySerdes(config.settings());
        this.samples = serdes.deserializer();
        this.activations = serdes.serializer();
        this.deadLetters = serdes.serializer();
    }

    void run() throws InterruptedException {
        try {
            while (!stopping.getAsBoolean()) {
                try {
                    step();
                    failuresInARow = 0;
                } catch (WakeupException e) {
                    if (!stopping.getAsBoolean()) {
                        throw e;
                    }
                } catch (KafkaException e) {
                    recover(e);
                }
            }
        } finally {
            closeProducer(Duration.ofSeconds(5));
        }
    }

    /** One poll: its batch activated and committed in one transaction (nothing to do for an empty poll). */
    private void step() {
        if (producer == null) {
            producer = InferenceClients.transactionalProducer(config);
            producerMetrics = new KafkaClientMetrics(producer);
            producerMetrics.bindTo(Metrics.globalRegistry);
        }
        if (rewind) {
            rewindToCommitted();
            rewind = false;
        }
        badModels.addAll(takeFollowerEvents());
        ConsumerRecords<String, byte[]> records = consumer.poll(config.pollTimeout());
        if (records.isEmpty() && badModels.isEmpty()) {
            commitPositionsPastMarkers();
            return;
        }
        SampleBatch batch = new SampleBatch(samples, scope, SERVICE);
        records.forEach(batch::add);
        recordsIn.increment(records.count());
        batchSize.record(records.count());
        List<List<Activation>> perSample = BatchEncoder.encode(batch, targets);

        producer.beginTransaction();
        inTransaction = true;
        for (int i = 0; i < batch.samples().size(); i++) {
            ConsumerRecord<String, byte[]> record = batch.records().get(i);
            Sample sample = batch.samples().get(i);
            // All versions of one target model share a partition key: their probes are compared in one task.
            byte[] key = utf8(ProbeKeys.partition(sample.getConcept(), config.concept().target().name()));
            for (Activation activation : perSample.get(i)) {
                if (activation.encoding().ok()) {
                    ACTIVATIONS.with(activation.target().getVersion()).increment();
                    producer.send(new ProducerRecord<>(topics.activations(), key, activations.serialize(
                            topics.activations(),
                            BatchEncoder.activate(sample, activation.target(), activation.encoding()))));
                } else {
                    batch.reject(record, sample.getSampleId(), activation.encoding().errorType(),
                            BatchEncoder.rejection(activation, perSample.get(i).size()));
                }
            }
        }
        List<DeadLetter> letters = new ArrayList<>(batch.deadLetters());
        letters.addAll(badModels);
        for (DeadLetter letter : letters) {
            producer.send(new ProducerRecord<>(topics.deadLetters(), utf8(letter.getSampleId()),
                    deadLetters.serialize(topics.deadLetters(), letter)));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(records);
        if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        }
        producer.commitTransaction();
        inTransaction = false;
        offsets.forEach((partition, offset) -> committedNext.put(partition, offset.offset()));
        badModels.clear();
        targets.retireUnused();
    }

    /**
     * After a failed step: on a fault a retry would meet again, stop; within the budget, abort the transaction (or drop a producer that cannot abort), pause,
     * and redo from the committed offsets; past the budget, stop.
     */
    private void recover(KafkaException error) throws InterruptedException {
        Throwable repeating = RepeatingFaults.find(error);
        if (repeating != null) {
            throw new IllegalStateException("stopped: " + repeating.getMessage() + " (retrying cannot get past this)",
                    error);
        }
        if (!config.recoveries().allow()) {
            throw new IllegalStateException("a transaction failed again (" + DeadLetters.describe(error)
                    + ") and the recovery budget (" + config.recoveries() + ") is spent; stopping", error);
        }
        recovered.incrementAndGet();
        log.warn("{}: a transaction failed ({}); aborting it and redoing the batch from the committed offsets",
                SERVICE, DeadLetters.describe(error));
        if (producer != null && isEpochFault(error)) {
            // Another producer took its epoch: this one can never commit again, even where a local abort appears
            // to succeed (it would fail the next transaction with the same fault and spend a second recovery on
            // one fence). A new producer with the same transactional id takes the newest epoch.
            closeProducer(Duration.ZERO);
        } else if (inTransaction && producer != null) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException fatal) {
                // Fenced, or in a fatal state: a new producer with the same transactional id takes over (its
                // initialization fences this one and aborts whatever it left open).
                closeProducer(Duration.ZERO);
            }
        }
        inTransaction = false;
        rewind = true;
        failuresInARow++;
        pause(Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS << Math.min(10, failuresInARow - 1)));
    }

    /** Whether {@code error} says the producer's epoch is no longer the transactional id's newest. */
    static boolean isEpochFault(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /**
     * After an empty poll: a partition whose position moved past a transaction's commit marker only (the generator
     * writes a batch per transaction, so a marker ends every batch) has its position committed, alone in a
     * transaction. Otherwise an idle group's committed offset stays one short of the partition's end per marker, and
     * its lag never reads 0 (the bench waits for 0).
     */
    private void commitPositionsPastMarkers() {
        Map<TopicPartition, OffsetAndMetadata> advanced = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            Long committed = committedNext.get(partition);
            if (committed != null) {
                long position = consumer.position(partition);
                if (position > committed) {
                    advanced.put(partition, targets.offset(partition, position));
                }
            }
        }
        if (advanced.isEmpty()) {
            return;
        }
        producer.beginTransaction();
        inTransaction = true;
        producer.sendOffsetsToTransaction(advanced, consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        advanced.forEach((partition, offset) -> committedNext.put(partition, offset.offset()));
    }

    /** Every assigned partition back to its committed offset, and its version plan to the committed one. */
    private void rewindToCommitted() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(consumer.committed(assigned));
        List<TopicPartition> uncommitted = new ArrayList<>();
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                uncommitted.add(partition);
                committed.put(partition, null);
            } else {
                consumer.seek(partition, offset.offset());
                committedNext.put(partition, offset.offset());
            }
        }
        if (!uncommitted.isEmpty()) {
            consumer.seekToBeginning(uncommitted); // as auto.offset.reset=earliest does for a first start
        }
        targets.assigned(committed);
    }

    /** The next offset of each partition read, with the partition's version plan as its metadata. */
    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, targets.offset(partition, inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** New versions become the newest; failed announcements become dead letters. */
    private List<DeadLetter> takeFollowerEvents() {
        List<DeadLetter> letters = new ArrayList<>();
        for (var event = follower.poll(); event != null; event = follower.poll()) {
            if (event instanceof CheckpointFollower.Ready<TargetVersions.Loaded> ready) {
                targets.serve(ready.loaded());
            } else if (event instanceof CheckpointFollower.Failed<TargetVersions.Loaded> failed) {
                letters.add(failed.deadLetter(SERVICE));
            }
        }
        return letters;
    }

    private void closeProducer(Duration timeout) {
        if (producerMetrics != null) {
            producerMetrics.close();
            producerMetrics = null;
        }
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                log.debug("closing the producer failed", e);
            }
            producer = null;
        }
    }

    /** Sleeps, unless the service is asked to stop meanwhile. */
    private void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!stopping.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(Math.min(50, millis));
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
