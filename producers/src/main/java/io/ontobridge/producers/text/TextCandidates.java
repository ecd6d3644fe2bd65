package io.ontobridge.producers.text;

import io.ontobridge.models.encoder.EncoderSpec;
import io.ontobridge.models.encoder.Encoding;
import io.ontobridge.models.encoder.TextEncoder;
import io.ontobridge.models.feature.SourceFeature;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.GeneratorSpec;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.SampleInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text candidates: sentences from the built-in templates and/or the spec's corpus files, run through
 * the source text encoder; the feature is read off its layer.
 */
public final class TextCandidates implements CandidateSource {
    private final TextEncoder encoder;
    private final SourceFeature feature;
    private final ModelRef sourceRef;
    private final int batchSize;
    private final TemplateSentences templates;
    private final CorpusSentences corpus;
    private final String mode;
    private final java.util.Random random;
    private long drawn;

    public TextCandidates(ConceptSpec spec, Path modelCache) {
        this.encoder = TextEncoder.open(EncoderSpec.of(spec.source()), modelCache);
        try {
            this.feature = SourceFeature.fromSpec(spec, encoder.dimension(), this::vectors);
            GeneratorSpec generator = spec.generator();
            this.mode = generator.mode();
            this.templates = new TemplateSentences(generator.seed());
            this.random = new java.util.Random(generator.seed() + 17);
            this.corpus = mode.equals("templates") ? null
                    : new CorpusSentences(generator.corpus().stream().map(spec::resolve).toList(), generator.corpusField());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        this.sourceRef = new ModelRef(spec.source().name(), spec.source().version(), encoder.sha256(), spec.source().layer());
        this.batchSize = spec.source().batchSize();
    }

    @Override
    public ModelRef sourceRef() {
        return sourceRef;
    }

    @Override
    public List<Candidate> nextBatch() {
        List<String> texts = new ArrayList<>(batchSize);
        List<String> modes = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            // mixed: alternate between the corpus and the templates.
            boolean fromCorpus = mode.equals("corpus") || (mode.equals("mixed") && drawn++ % 2 == 0);
            texts.add(fromCorpus ? corpus.get() : templates.get());
            modes.add(fromCorpus ? "corpus" : "templates");
        }
        List<Encoding> encodings = encoder.encode(texts);
        List<Candidate> candidates = new ArrayList<>(batchSize);
        for (int i = 0; i < texts.size(); i++) {
            Encoding encoding = encodings.get(i);
            candidates.add(encoding.ok()
                    ? new Candidate(SampleInput.newBuilder().setText(texts.get(i)).build(),
                    feature.valueOf(encoding.vector()), Map.of(), modes.get(i), null)
                    : Candidate.rejected(modes.get(i), encoding.rejection()));
        }
        return candidates;
    }

    /**
     * Sentences near requested examples: the example with one small edit (a word dropped, an intensifier or
     * a negation inserted, or two neighbouring words swapped).
     */
    @Override
    public List<Candidate> nearBatch(List<RequestExample> examples, int count) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String text = examples.get(i % examples.size()).getInput().getText();
            if (text != null) {
                texts.add(edit(text));
            }
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        List<Encoding> encodings = encoder.encode(texts);
        List<Candidate> candidates = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Encoding encoding = encodings.get(i);
            candidates.add(encoding.ok()
                    ? new Candidate(SampleInput.newBuilder().setText(texts.get(i)).build(),
                    feature.valueOf(encoding.vector()), Map.of(), CandidateSource.REQUESTED, null)
                    : Candidate.rejected(CandidateSource.REQUESTED, encoding.rejection()));
        }
        return candidates;
    }

    private String edit(String text) {
        List<String> words = new ArrayList<>(List.of(text.split(" ")));
        int at = random.nextInt(words.size());
        switch (random.nextInt(3)) {
            case 0 -> {
                if (words.size() > 3) {
                    words.remove(at);
                }
            }
            case 1 -> words.add(at, List.of("really", "not", "quite", "very", "hardly").get(random.nextInt(5)));
            default -> {
                if (at + 1 < words.size()) {
                    String w = words.get(at);
                    words.set(at, words.get(at + 1));
                    words.set(at + 1, w);
                }
            }
        }
        return String.join(" ", words);
    }

    /** Read-outs of the feature's example sentences; an example the model rejects is an error in the spec. */
    private float[][] vectors(List<String> texts) {
        List<Encoding> encodings = encoder.encode(texts);
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < vectors.length; i++) {
            Encoding encoding = encodings.get(i);
            if (!encoding.ok()) {
                throw new IllegalArgumentException("feature example '" + texts.get(i) + "': " + encoding.rejection());
            }
            vectors[i] = encoding.vector();
        }
        return vectors;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
