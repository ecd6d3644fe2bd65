package io.ontobridge.streams.inference;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.ontobridge.models.encoder.Encoding;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.Float32Tensor;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.SampleInput;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one poll's samples through the target versions their partitions' plans name: one model call per version
 * (a poll is the model's batch), and each sample's read-outs in plan order (oldest version first).
 */
final class BatchEncoder {
    private BatchEncoder() {
    }

    /** One sample's read-out from one target version. */
    record Activation(ModelRef target, Encoding encoding) {
    }

    /** The activations of every sample of {@code batch}, in the batch's order; the plans count the samples. */
    static List<List<Activation>> encode(SampleBatch batch, TargetVersions targets) {
        int n = batch.samples().size();
        List<List<TargetVersions.Loaded>> plans = new ArrayList<>(n);
        Map<TargetVersions.Loaded, List<Integer>> byVersion = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ConsumerRecord<String, byte[]> record = batch.records().get(i);
            List<TargetVersions.Loaded> versions = targets.next(new TopicPartition(record.topic(), record.partition()));
            plans.add(versions);
            for (TargetVersions.Loaded version : versions) {
                byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(i);
            }
        }
        Map<TargetVersions.Loaded, Encoding[]> encoded = new HashMap<>();
        byVersion.forEach((version, indices) -> {
            List<SampleInput> inputs = indices.stream().map(i -> batch.samples().get(i).getInput()).toList();
            Timer.Sample started = Timer.start();
            List<Encoding> encodings = version.encoder().encode(inputs);
            started.stop(Metrics.timer("ontobridge.inference.batch", "version", version.version()));
            Encoding[] bySample = new Encoding[n];
            for (int j = 0; j < indices.size(); j++) {
                bySample[indices.get(j)] = encodings.get(j);
            }
            encoded.put(version, bySample);
        });
        List<List<Activation>> perSample = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int sample = i;
            perSample.add(plans.get(i).stream()
                    .map(version -> new Activation(version.ref(), encoded.get(version)[sample])).toList());
        }
        return perSample;
    }

    /** With several versions side by side, the reason names the one that turned the input down. */
    static String rejection(Activation activation, int versions) {
        String reason = activation.encoding().rejection();
        return versions == 1 ? reason : "target version " + activation.target().getVersion() + ": " + reason;
    }

    /** The sample with the target's read-out (and control read-outs) appended. */
    static ActivatedSample activate(Sample sample, ModelRef target, Encoding encoding) {
        Map<String, Float32Tensor> baselines = new HashMap<>();
        encoding.baselines().forEach((name, values) -> baselines.put(name, Float32Tensors.vector(values)));
        return ActivatedSample.newBuilder()
                .setSampleId(sample.getSampleId())
                .setConcept(sample.getConcept())
                .setSource(sample.getSource())
                .setTarget(target)
                .setInput(sample.getInput())
                .setFeatureValue(sample.getFeatureValue())
                .setGeneratorMode(sample.getGeneratorMode())
                .setFactors(sample.getFactors())
                .setSourceConcepts(sample.getSourceConcepts())
                .setActivations(Float32Tensors.vector(encoding.vector()))
                .setBaselines(baselines)
                .setTokens(encoding.tokens())
                .setTruncated(encoding.truncated())
                .setCreatedAt(sample.getCreatedAt())
                .setActivatedAt(Instant.now())
                .build();
    }
}
