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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Text candidates: sentences from the sources the spec's mode names (its corpus, its example sentences,
 * the built-in sentiment templates where named), run through the source text encoder; the feature is
 * read off its layer.
 */
public final class TextCandidates implements CandidateSource {
    private static final Logger log = LoggerFactory.getLogger(TextCandidates.class);
    /** Requests whose emitted edits are remembered, so none is emitted twice. */
    private static final int REMEMBERED_REQUESTS = 1024;

    private final TextEncoder encoder;
    private final SourceFeature feature;
    private final ModelRef sourceRef;
    private final int batchSize;
    private final SentenceSources sentences;
    private final WordSubstitutions substitutions;
    private final Map<String, Long> skipped;
    private final Random random;
    private final Map<String, Set<String>> emittedEdits = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > REMEMBERED_REQUESTS;
        }
    };

    public TextCandidates(ConceptSpec spec, Path modelCache) {
        this.encoder = TextEncoder.open(EncoderSpec.of(spec.source()), modelCache);
        try {
            this.feature = SourceFeature.fromSpec(spec, encoder.dimension(), this::vectors);
            GeneratorSpec generator = spec.generator();
            List<String> examples = spec.feature().exampleSentences();
            List<String> named = generator.textSources(!examples.isEmpty());
            CorpusSentences corpus = named.contains("corpus") ? new CorpusSentences(
                    generator.corpus().stream().map(spec::resolve).toList(), generator.corpusField(), encoder::vet,
                    spec.source().maxTokens()) : null;
            this.skipped = corpus == null ? Map.of() : Map.of("blank", corpus.blank(), "too_long", corpus.tooLong());
            if (corpus != null && corpus.blank() + corpus.tooLong() > 0) {
                log.warn("corpus {}: {} usable lines; left out {} blank and {} longer than max_tokens {}",
                        generator.corpus(), corpus.texts().size(), corpus.blank(), corpus.tooLong(), spec.source().maxTokens());
            }
            this.sentences = new SentenceSources(corpus == null ? List.of() : corpus.texts(),
                    named.contains("examples") ? examples : List.of(), named.contains("templates"), generator.seed());
            this.substitutions = new WordSubstitutions(sentences.vocabulary());
            this.random = new Random(generator.seed() + 17);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        this.sourceRef = new ModelRef(spec.source().name(), spec.source().version(), encoder.sha256(), spec.source().layer());
        this.batchSize = spec.source().batchSize();
    }

    @Override
    public Map<String, Long> skippedInputs() {
        return skipped;
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
            SentenceSources.Drawn drawn = sentences.next();
            texts.add(drawn.text());
            modes.add(drawn.mode());
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
     * Sentences near requested examples: the example with one content word replaced by a word the spec's
     * own texts use in the same slot ({@link WordSubstitutions}). An edit is never the example itself nor
     * one already emitted for it; an example with no edit left gives none, so this may return fewer.
     */
    @Override
    public List<Candidate> nearBatch(List<RequestExample> examples, int count) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String text = examples.get(i % examples.size()).getInput().getText();
            if (text == null) {
                continue;
            }
            Set<String> emitted = emittedEdits.computeIfAbsent(text, k -> new HashSet<>());
            String edit = substitutions.edit(text, emitted, random);
            if (edit != null) {
                emitted.add(edit);
                texts.add(edit);
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
