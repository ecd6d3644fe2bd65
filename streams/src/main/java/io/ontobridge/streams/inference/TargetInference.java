package io.ontobridge.streams.inference;

import io.ontobridge.core.concept.ConceptSpec;
import io.ontobridge.core.kafka.ClientTuning;
import io.ontobridge.core.kafka.ConceptCatalog;
import io.ontobridge.core.kafka.DeadLetters;
import io.ontobridge.core.kafka.ProbeKeys;
import io.ontobridge.core.kafka.RegistrySerdes;
import io.ontobridge.core.kafka.Topics;
import io.ontobridge.core.model.Encoding;
import io.ontobridge.core.model.InputEncoder;
import io.ontobridge.core.model.InputEncoders;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.Float32Tensor;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.Sample;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Target inference: a consume-transform-produce loop in Kafka transactions. Each poll is one batch:
 * the samples are run through the target model together, their activations (or dead letters) are
 * written and the input offsets committed in one transaction, so every sample is activated exactly
 * once even across crashes. A poll is the natural batch here, which is why this is a transactional
 * client loop rather than a Streams topology (Streams hands records over one at a time).
 */
public final class TargetInference implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TargetInference.class);
    private static final String SERVICE = "inference";

    private final InferenceConfig config;
    private final Topics topics;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public TargetInference(InferenceConfig config) {
        this.config = config;
        this.topics = config.settings().topics();
    }

    @Override
    public void run() {
        ConceptSpec spec = config.concept();
        RegistrySerdes serdes = new RegistrySerdes(config.settings());
        Deserializer<Sample> samples = serdes.deserializer();
        Serializer<ActivatedSample> activations = serdes.serializer();
        Serializer<DeadLetter> deadLetters = serdes.serializer();
        try (InputEncoder target = InputEncoders.open(spec.target(), config.settings().modelCache());
             KafkaConsumer<String, byte[]> consumer = createConsumer(spec.target().batchSize());
             KafkaProducer<byte[], byte[]> producer = createProducer();
             ConceptCatalog catalog = new ConceptCatalog(config.settings())) {
            this.consumer = consumer;
            ModelRef targetRef = new ModelRef(spec.target().name(), spec.target().version(), target.sha256(),
                    spec.target().layer());
            producer.initTransactions();
            ConceptCatalog.register(config.settings(), spec, SERVICE);
            SampleScope scope = SampleScope.of(spec, catalog);
            consumer.subscribe(List.of(topics.samples()));
            log.info("target inference ({}) for concept '{}' reading {}", targetRef.getName(), spec.concept(), topics.samples());
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(config.pollTimeout());
                if (records.isEmpty()) {
                    continue;
                }
                SampleBatch batch = new SampleBatch(samples, scope, SERVICE);
                records.forEach(batch::add);
                List<Encoding> encodings = target.encode(batch.inputs());

                producer.beginTransaction();
                for (int i = 0; i < batch.samples().size(); i++) {
                    ConsumerRecord<String, byte[]> record = batch.records().get(i);
                    Sample sample = batch.samples().get(i);
                    Encoding encoding = encodings.get(i);
                    if (encoding.ok()) {
                        ActivatedSample activated = activate(sample, targetRef, encoding);
                        String key = ProbeKeys.of(sample.getConcept(), targetRef);
                        producer.send(new ProducerRecord<>(topics.activations(), utf8(key),
                                activations.serialize(topics.activations(), activated)));
                    } else {
                        batch.reject(record, sample.getSampleId(), encoding.errorType(), encoding.rejection());
                    }
                }
                for (DeadLetter letter : batch.deadLetters()) {
                    producer.send(new ProducerRecord<>(topics.deadLetters(), utf8(letter.getSampleId()),
                            deadLetters.serialize(topics.deadLetters(), letter)));
                }
                producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
                producer.commitTransaction();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            this.consumer = null;
        }
        log.info("target inference stopped");
    }

    /** Stops the loop after the batch in hand; an uncommitted batch is redone by the next instance. */
    public void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private static ActivatedSample activate(Sample sample, ModelRef target, Encoding encoding) {
        return ActivatedSample.newBuilder()
                .setSampleId(sample.getSampleId())
                .setConcept(sample.getConcept())
                .setSource(sample.getSource())
                .setTarget(target)
                .setInput(sample.getInput())
                .setFeatureValue(sample.getFeatureValue())
                .setGeneratorMode(sample.getGeneratorMode())
                .setFactors(sample.getFactors())
                .setActivations(Float32Tensors.vector(encoding.vector()))
                .setBaselines(baselines(encoding))
                .setTokens(encoding.tokens())
                .setTruncated(encoding.truncated())
                .setCreatedAt(sample.getCreatedAt())
                .setActivatedAt(Instant.now())
                .build();
    }

    private static Map<String, Float32Tensor> baselines(Encoding encoding) {
        Map<String, Float32Tensor> tensors = new HashMap<>();
        encoding.baselines().forEach((name, values) -> tensors.put(name, Float32Tensors.vector(values)));
        return tensors;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private KafkaConsumer<String, byte[]> createConsumer(int batchSize) {
        Map<String, Object> props = config.settings().connectionProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One poll is one model batch.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        ClientTuning.consumer(props);
        return new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> createProducer() {
        Map<String, Object> props = config.settings().connectionProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + "." + config.instanceId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        ClientTuning.producer(props);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
