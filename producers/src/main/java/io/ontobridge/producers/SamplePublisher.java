package io.ontobridge.producers;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.ClientTuning;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.RegistrySerdes;
import io.ontobridge.platform.service.RestartBudget;
import io.ontobridge.platform.service.ServiceStopped;
import io.ontobridge.schema.Sample;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Publishes the generator's samples a batch per transaction, under a transactional id derived from the topic
 * prefix and the run id. Starting fences any earlier producer of the same run (a killed generator's open
 * transaction is aborted, a live one can commit nothing more), so what is committed on the samples topic is
 * exactly what the run published, which is what a restart resumes from ({@link RunProgress}). A fenced
 * publisher stops the generator with one line; a passing fault (a broker restarting) aborts the batch and
 * publishes it again, the same ids, within a {@link RestartBudget}.
 */
final class SamplePublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SamplePublisher.class);

    private final KafkaProducer<String, Sample> producer;
    private final String runId;
    private final RestartBudget recoveries = new RestartBudget();

    SamplePublisher(ServiceSettings settings, String runId) {
        this.runId = runId;
        Map<String, Object> props = settings.clientProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        ClientTuning.producer(props);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ontobridge-generator-" + runId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(settings.topicPrefix(), runId));
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        props.remove("value.deserializer");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new RegistrySerdes(settings).serializer());
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** One run, one transactional id: a second generator of the run fences the first. */
    static String transactionalId(String topicPrefix, String runId) {
        return "ontobridge-generator-" + topicPrefix + "-" + runId;
    }

    /** Publishes the samples in one transaction, again after a passing fault; returns once they are committed. */
    void publish(String topic, List<Sample> samples) throws InterruptedException {
        while (true) {
            try {
                producer.beginTransaction();
                for (Sample sample : samples) {
                    producer.send(new ProducerRecord<>(topic, sample.getSampleId(), sample));
                }
                producer.commitTransaction();
                return;
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw fenced();
            } catch (OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
                throw new ServiceStopped("generator run " + runId + ": publishing samples failed for good ("
                        + DeadLetters.describe(e) + "); restart the generator with --run-id " + runId + " to resume");
            } catch (KafkaException e) {
                recover(e);
            }
        }
    }

    private void recover(KafkaException error) throws InterruptedException {
        if (!recoveries.allow()) {
            throw new ServiceStopped("generator run " + runId + ": publishing a batch failed again ("
                    + DeadLetters.describe(error) + ") and the recovery budget (" + recoveries
                    + ") is spent; restart the generator with --run-id " + runId + " to resume");
        }
        log.warn("generator run {}: publishing a batch failed ({}); aborting it and publishing it again", runId,
                DeadLetters.describe(error));
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw fenced();
        } catch (KafkaException e) {
            if (e instanceof RetriableException) {
                throw e;
            }
            // The producer is in a fatal state: no batch can be aborted or sent again with it. A KRaft broker answered
            // a commit with UNKNOWN_SERVER_ERROR when a second generator of the run fenced this one during it
            // (GeneratorRestartIT, once in two runs), so the takeover is named as the likely cause, not asserted.
            throw new ServiceStopped("generator run " + runId + ": the broker failed a batch's transaction ("
                    + DeadLetters.describe(error) + ") and this producer cannot go on; brokers answer so when another"
                    + " generator started with the same run id takes over during a commit. Stopping this one. Run one"
                    + " generator per --run-id; a restart with the same --run-id resumes where the run got to");
        }
        Thread.sleep(1000);
    }

    private ServiceStopped fenced() {
        return new ServiceStopped("generator run " + runId + ": another generator started with the same run id and"
                + " took over (or this one's transaction timed out); stopping this one. Run one generator per --run-id;"
                + " a restart with the same --run-id resumes where the run got to");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
