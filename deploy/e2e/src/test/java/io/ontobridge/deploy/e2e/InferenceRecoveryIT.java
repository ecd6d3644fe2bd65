package io.ontobridge.deploy.e2e;

import io.ontobridge.deploy.demo.RunTally;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.platform.service.RestartBudget;
import io.ontobridge.producers.Generator;
import io.ontobridge.producers.GeneratorConfig;
import io.ontobridge.streams.inference.InferenceConfig;
import io.ontobridge.streams.inference.TargetInference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Target inference under a fatal transaction error, on a real broker and registry: a second producer with
 * inference's transactional id fences its producer mid-stream (what a zombie instance, or a transaction the broker
 * timed out across a restart, does). Inference must recover in-process, abort, rewind to the committed offsets and
 * redo the batch, so that every sample is activated exactly once; past its recovery budget it must stop and report
 * itself not alive.
 */
class InferenceRecoveryIT {
    private static final Path WORK = Path.of("target", "it-recovery").toAbsolutePath();
    @RegisterExtension
    static final SharedStack stack = new SharedStack(WORK);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aFencedProducerIsReplacedInProcessAndNoSampleIsLostOrActivatedTwice() throws Exception {
        int samples = 1500;
        ServiceSettings settings = freshTopics();
        Topics topics = settings.topics();
        ConceptSpec spec = ItSupport.shapesSpec(WORK, "recovery", yaml -> yaml.replace("rate_per_s: 0", "rate_per_s: 300"));
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);
        InferenceConfig config = new InferenceConfig(settings, spec, "r1", null);
        try (RunTally tally = new RunTally(settings, runId, Instant.now());
             TargetInference inference = new TargetInference(config);
             Generator generator = new Generator(new GeneratorConfig(settings, spec, samples, runId))) {
            Thread counting = new Thread(tally, "tally");
            counting.setDaemon(true);
            counting.start();
            inference.start();
            generator.start();
            ItSupport.awaitTrue("a first share activated", Duration.ofMinutes(1),
                    () -> tally.distinct(topics.activations()) >= 300);

            fence(settings, config.transactionalId());
            ItSupport.awaitTrue("a recovery", Duration.ofMinutes(1), () -> inference.recoveries() >= 1);
            // Once its new producer commits again, fence that one too.
            long recovered = tally.distinct(topics.activations());
            ItSupport.awaitTrue("activations after the recovery", Duration.ofMinutes(1),
                    () -> tally.distinct(topics.activations()) >= recovered + 200);
            fence(settings, config.transactionalId());
            ItSupport.awaitTrue("every sample activated", Duration.ofMinutes(2),
                    () -> tally.distinct(topics.activations()) >= samples);

            assertTrue(inference.isAlive(), "inference recovered in-process: " + inference.failure());
            assertTrue(inference.recoveries() >= 2, "recoveries: " + inference.recoveries());
            Thread.sleep(2000); // anything still in flight would show as a second record now
            assertEquals(samples, tally.distinct(topics.activations()), "every sample activated");
            assertEquals(samples, tally.records(topics.activations()), "and none twice");
            assertEquals(0, tally.records(topics.deadLetters()), "nothing dead-lettered");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void pastItsRecoveryBudgetInferenceStopsWithItsLivenessDown() throws Exception {
        ServiceSettings settings = freshTopics();
        Topics topics = settings.topics();
        ConceptSpec spec = ItSupport.shapesSpec(WORK, "recovery-budget", yaml -> yaml.replace("rate_per_s: 0", "rate_per_s: 200"));
        String runId = "run" + UUID.randomUUID().toString().substring(0, 6);
        InferenceConfig config = new InferenceConfig(settings, spec, "r2", null, new RestartBudget(1, Duration.ofMinutes(5)));
        try (RunTally tally = new RunTally(settings, runId, Instant.now());
             TargetInference inference = new TargetInference(config);
             Generator generator = new Generator(new GeneratorConfig(settings, spec, 0, runId))) {
            Thread counting = new Thread(tally, "tally");
            counting.setDaemon(true);
            counting.start();
            inference.start();
            generator.start();
            ItSupport.awaitTrue("activations flowing", Duration.ofMinutes(1), () -> tally.distinct(topics.activations()) >= 100);
            fence(settings, config.transactionalId());
            ItSupport.awaitTrue("the one recovery the budget allows", Duration.ofMinutes(1), () -> inference.recoveries() == 1);
            ItSupport.awaitTrue("activations flowing again", Duration.ofMinutes(1),
                    () -> tally.distinct(topics.activations()) >= 300);
            assertTrue(inference.isAlive());
            fence(settings, config.transactionalId());
            ItSupport.awaitTrue("inference stopped", Duration.ofMinutes(1), () -> !inference.isAlive());
            assertFalse(inference.isAlive());
            assertTrue(inference.failure().getMessage().contains("recovery budget (at most 1 within 5 min) is spent"),
                    inference.failure().getMessage());
        }
    }

    private static ServiceSettings freshTopics() {
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 6);
        ServiceSettings settings = new ServiceSettings(stack.bootstrap(), stack.registryUrl(), prefix, 3, WORK, Map.of());
        TopicSetup.ensureTopics(settings);
        return settings;
    }

    /**
     * Initializes transactions on a producer with {@code transactionalId}: the broker bumps the id's epoch, aborts
     * the transaction in flight and fences the producer that had it.
     */
    private static void fence(ServiceSettings settings, String transactionalId) {
        Map<String, Object> props = settings.connectionProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> zombie = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            zombie.initTransactions();
        }
    }
}
