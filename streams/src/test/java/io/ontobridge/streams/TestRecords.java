package io.ontobridge.streams;

import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.Float32Tensors;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.schema.Score;

import java.time.Instant;

/** Records for topology tests. */
public final class TestRecords {
    public static final ModelRef SOURCE = new ModelRef("src", "1", "a".repeat(64), "layer-s");
    public static final ModelRef TARGET = new ModelRef("tgt", "1", "b".repeat(64), "layer-t");

    private TestRecords() {
    }

    public static ActivatedSample activated(String concept, String id, float[] activations, double feature) {
        return ActivatedSample.newBuilder()
                .setSampleId(id).setConcept(concept).setSource(SOURCE).setTarget(TARGET)
                .setInput(SampleInput.newBuilder().setText("text " + id).build())
                .setFeatureValue(feature)
                .setActivations(Float32Tensors.vector(activations))
                .setTokens(5).setTruncated(false)
                .setCreatedAt(Instant.ofEpochMilli(1000)).setActivatedAt(Instant.ofEpochMilli(2000))
                .build();
    }

    /** An activated sample with control read-outs, a generator mode and ground-truth factors. */
    public static ActivatedSample activated(String concept, String id, float[] activations, double feature,
                                            java.util.Map<String, float[]> baselines, String mode,
                                            java.util.Map<String, Double> factors) {
        java.util.Map<String, io.ontobridge.schema.Float32Tensor> tensors = new java.util.HashMap<>();
        baselines.forEach((name, values) -> tensors.put(name, Float32Tensors.vector(values)));
        ActivatedSample sample = activated(concept, id, activations, feature);
        sample.setBaselines(tensors);
        sample.setGeneratorMode(mode);
        sample.setFactors(factors);
        return sample;
    }

    public static Score score(String concept, String id, double feature, double prediction, long trainedOn,
                              double residualThreshold, String status) {
        return Score.newBuilder()
                .setSampleId(id).setConcept(concept).setSource(SOURCE).setTarget(TARGET)
                .setInput(SampleInput.newBuilder().setText("text " + id).build())
                .setFeatureValue(feature).setPrediction(prediction).setHeldOut(false)
                .setProbeVersion(trainedOn / 32).setProbeTrainedOn(trainedOn).setResidualScale(residualThreshold / 3)
                .setProbeStatus(status).setResidualThreshold(residualThreshold)
                .setCreatedAt(Instant.ofEpochMilli(1000)).setScoredAt(Instant.ofEpochMilli(2000))
                .build();
    }
}
