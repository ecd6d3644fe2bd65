package io.ontobridge.deploy.bench;

import io.ontobridge.models.encoder.InputEncoder;
import io.ontobridge.models.encoder.InputEncoders;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.GeneratorSpec;
import io.ontobridge.producers.CandidateSources;
import io.ontobridge.producers.Stratifier;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.SampleInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's limit for a scenario, without Kafka: the same source and target models, batch sizes and
 * inputs as the services, in this one process. A "sample" is what the generator would publish: a candidate
 * from the source model that passed the stratifier, so the source side pays for the candidates it thins
 * out, as the generator does.
 */
final class RawInference {
    private static final int WARMUP_SAMPLES = 256;

    /** Samples per second: source model alone, target model alone, and the two back to back per batch. */
    record Figures(double sourcePerS, double targetPerS, double chainPerS, long samples) {
    }

    private RawInference() {
    }

    static Figures measure(ConceptSpec spec, Path modelCache, int samples) {
        try (CandidateSource source = CandidateSources.open(spec, modelCache);
             InputEncoder target = InputEncoders.open(spec.target(), modelCache)) {
            int targetBatch = spec.target().batchSize();
            // Warm up both models (first calls allocate and compile).
            encodeAll(target, draw(source, stratifier(spec), WARMUP_SAMPLES), targetBatch);

            long started = System.nanoTime();
            List<SampleInput> inputs = draw(source, stratifier(spec), samples);
            double sourceSeconds = seconds(started);

            started = System.nanoTime();
            encodeAll(target, inputs, targetBatch);
            double targetSeconds = seconds(started);

            // The chain: each source batch's kept samples go through the target before the next source batch.
            Stratifier stratifier = stratifier(spec);
            long done = 0;
            started = System.nanoTime();
            while (done < samples) {
                List<SampleInput> kept = keep(source.nextBatch(), stratifier);
                encodeAll(target, kept, targetBatch);
                done += kept.size();
            }
            double chainSeconds = seconds(started);
            return new Figures(inputs.size() / sourceSeconds, inputs.size() / targetSeconds, done / chainSeconds,
                    inputs.size());
        }
    }

    private static Stratifier stratifier(ConceptSpec spec) {
        GeneratorSpec.StratifySpec s = spec.generator().stratify();
        return s.enabled() ? new Stratifier(s.bins(), s.minAccept(), spec.generator().seed()) : null;
    }

    private static List<SampleInput> draw(CandidateSource source, Stratifier stratifier, int samples) {
        List<SampleInput> inputs = new ArrayList<>(samples);
        while (inputs.size() < samples) {
            inputs.addAll(keep(source.nextBatch(), stratifier));
        }
        return inputs;
    }

    /** The candidates the generator would publish, as it decides. */
    private static List<SampleInput> keep(List<Candidate> batch, Stratifier stratifier) {
        List<SampleInput> kept = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            if (candidate.ok() && Double.isFinite(candidate.featureValue())
                    && (stratifier == null || stratifier.keep(candidate.featureValue()))) {
                kept.add(candidate.input());
            }
        }
        return kept;
    }

    private static void encodeAll(InputEncoder target, List<SampleInput> inputs, int batchSize) {
        for (int from = 0; from < inputs.size(); from += batchSize) {
            target.encode(inputs.subList(from, Math.min(inputs.size(), from + batchSize)));
        }
    }

    private static double seconds(long startedNanos) {
        return Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
    }
}
