package io.ontobridge.platform.concept;

import java.util.List;

/**
 * Where the generator's inputs come from and how they are spread over the feature's range.
 *
 * @param mode        text: the sources named, joined by {@code +}: {@code corpus} (the files in
 *                    {@code corpus}), {@code examples} (the feature's positive and negative sentences),
 *                    {@code templates} (the built-in sentiment templates, for a sentiment concept: they
 *                    are never drawn unless named); {@code mixed} (the default) is the spec's own
 *                    sources, {@code corpus} where it has files and {@code examples} where it has
 *                    sentences. Image: {@code world}
 *                    (scenes rendered from {@code world}), {@code decoder} (the source model decodes
 *                    latents drawn from its prior, the concept swept over its range) or
 *                    {@code world+decoder} (both, {@code decoder_share} of them decoded). Language model ({@code lm}):
 *                    {@code world} (stories told from {@code world}, with their true factors), {@code steered} (texts the
 *                    source writes with the concept added to its residual stream, {@link SteeringSpec}) or
 *                    {@code world+steered} (both, {@code steered_share} of them steered)
 * @param corpus      text files: {@code .txt} is one input per line, {@code .jsonl} one JSON object
 *                    per line with the text in {@code corpus_field}; relative paths are resolved
 *                    against the spec file's folder
 * @param corpusField the JSON field holding the text in {@code .jsonl} files
 * @param seed        seed of the built-in generator, so a run can be repeated
 * @param ratePerS    most samples published per second; 0 means no limit
 * @param stratify    balancing of the published samples over the feature's range
 * @param world       image: the world config file that world scenes (and image feature examples) come from;
 *                    lm: the story world config that world stories, prompts and the feature's examples come from
 * @param decoderShare image, mode world+decoder: the share of samples decoded from the prior
 * @param requestedShare active sampling: while the monitor has open requests (disagreement groups), this
 *                     share of candidates is drawn near their examples
 * @param openRequests how many of the latest requests are kept open
 * @param steeredShare lm, mode world+steered: the share of samples the source writes steered
 * @param promptShare  lm, steered: the share of steered samples that continue a world story's first sentences (left
 *                     unsteered) rather than start from nothing
 * @param promptSentences lm, steered: such a prompt is the first 1 to this many sentences of a world story
 * @param steering     lm, steered: where, along what and how hard the concept is added
 * @param sampling     lm: how the source samples (steered, and requested continuations)
 * @param maxLag       backpressure: the generator holds while target inference has more than this many
 *                     samples not yet processed; 0 turns it off
 */
public record GeneratorSpec(String mode, List<String> corpus, String corpusField, Long seed, Double ratePerS,
                            StratifySpec stratify, String world, Double decoderShare, Double requestedShare,
                            Integer openRequests, Long maxLag, Double steeredShare, Double promptShare,
                            Integer promptSentences, SteeringSpec steering, SamplingSpec sampling) {
    /** The text sources a mode may name; {@value #MIXED} stands for the spec's own ones. */
    public static final List<String> TEXT_SOURCES = List.of("corpus", "examples", "templates");
    public static final String MIXED = "mixed";
    public static final List<String> IMAGE_MODES = List.of("world", "decoder", "world+decoder");
    public static final List<String> LM_MODES = List.of("world", "steered", "world+steered");

    public GeneratorSpec {
        mode = mode == null ? MIXED : mode;
        decoderShare = decoderShare == null ? 0.5 : decoderShare;
        requestedShare = requestedShare == null ? 0.2 : requestedShare;
        openRequests = openRequests == null ? 8 : openRequests;
        maxLag = maxLag == null ? 2000L : maxLag;
        corpus = corpus == null ? List.of() : List.copyOf(corpus);
        corpusField = corpusField == null ? "text" : corpusField;
        seed = seed == null ? 7L : seed;
        ratePerS = ratePerS == null ? 0.0 : ratePerS;
        stratify = stratify == null ? new StratifySpec(null, null, null) : stratify;
        steeredShare = steeredShare == null ? 0.5 : steeredShare;
        promptShare = promptShare == null ? 0.5 : promptShare;
        promptSentences = promptSentences == null ? 2 : promptSentences;
        steering = steering == null ? SteeringSpec.defaults() : steering;
        sampling = sampling == null ? SamplingSpec.defaults() : sampling;
    }

    /** A spec as image and text sources write it (no language-model fields). */
    public GeneratorSpec(String mode, List<String> corpus, String corpusField, Long seed, Double ratePerS,
                         StratifySpec stratify, String world, Double decoderShare, Double requestedShare,
                         Integer openRequests, Long maxLag) {
        this(mode, corpus, corpusField, seed, ratePerS, stratify, world, decoderShare, requestedShare, openRequests,
                maxLag, null, null, null, null, null);
    }

    public static GeneratorSpec defaults() {
        return new GeneratorSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /**
     * The text sources this mode draws from, in the order named: {@value #MIXED} is the corpus (where
     * there are files) and the examples (where the feature has sentences).
     */
    public List<String> textSources(boolean hasExamples) {
        if (!mode.equals(MIXED)) {
            return List.of(mode.split("\\+"));
        }
        List<String> own = new java.util.ArrayList<>();
        if (!corpus.isEmpty()) {
            own.add("corpus");
        }
        if (hasExamples) {
            own.add("examples");
        }
        return List.copyOf(own);
    }

    /**
     * @param source      the source model: its kind decides which modes there are
     * @param hasExamples the feature has example sentences (a text direction's positive and negative)
     */
    void validate(ModelSpec source, boolean hasExamples) {
        boolean imageSource = source.isImage();
        if (imageSource) {
            if (!IMAGE_MODES.contains(mode)) {
                throw new ConceptSpecException("generator.mode: '" + mode + "' is not one of " + IMAGE_MODES
                        + " for an image source model");
            }
        } else if (source.isLanguageModel()) {
            validateLanguageModel();
        } else {
            validateTextMode(hasExamples);
        }
        if (imageSource && world == null) {
            throw new ConceptSpecException("generator.world: an image source needs a world config file");
        }
        if (!(requestedShare >= 0 && requestedShare <= 1)) {
            throw new ConceptSpecException("generator.requested_share: must be in [0, 1], got " + requestedShare);
        }
        Validation.range("generator.open_requests", openRequests, 1, 1000);
        if (maxLag < 0) {
            throw new ConceptSpecException("generator.max_lag: must be >= 0 (0 = off), got " + maxLag);
        }
        if (!(decoderShare >= 0 && decoderShare <= 1)) {
            throw new ConceptSpecException("generator.decoder_share: must be in [0, 1], got " + decoderShare);
        }
        if (ratePerS < 0 || ratePerS.isNaN()) {
            throw new ConceptSpecException("generator.rate_per_s: must be >= 0 (0 = no limit), got " + ratePerS);
        }
        stratify.validate();
    }

    private void validateLanguageModel() {
        if (!LM_MODES.contains(mode)) {
            throw new ConceptSpecException("generator.mode: '" + mode + "' is not one of " + LM_MODES
                    + " for a language model source (kind lm)");
        }
        if (world == null) {
            throw new ConceptSpecException("generator.world: a language model source needs a story world config"
                    + " (worlds/story/*.yaml): world stories, prompts and the feature's examples come from it");
        }
        for (var share : List.of(java.util.Map.entry("steered_share", steeredShare),
                java.util.Map.entry("prompt_share", promptShare))) {
            if (!(share.getValue() >= 0 && share.getValue() <= 1)) {
                throw new ConceptSpecException("generator." + share.getKey() + ": must be in [0, 1], got " + share.getValue());
            }
        }
        Validation.range("generator.prompt_sentences", promptSentences, 1, 3);
        steering.validate();
        sampling.validate();
    }

    private void validateTextMode(boolean hasExamples) {
        List<String> sources = textSources(hasExamples);
        if (mode.equals(MIXED) && sources.isEmpty()) {
            throw new ConceptSpecException("generator.mode: 'mixed' draws from the spec's own corpus files and example"
                    + " sentences, and this spec has neither: add generator.corpus files");
        }
        for (String source : sources) {
            if (!TEXT_SOURCES.contains(source) || sources.indexOf(source) != sources.lastIndexOf(source)) {
                throw new ConceptSpecException("generator.mode: '" + mode + "' is not 'mixed' or sources of " + TEXT_SOURCES
                        + " joined by '+' (each once) for a text source model");
            }
        }
        if (sources.contains("corpus") && corpus.isEmpty()) {
            throw new ConceptSpecException("generator.corpus: mode '" + mode + "' needs at least one corpus file");
        }
        if (sources.contains("examples") && !hasExamples) {
            throw new ConceptSpecException("generator.mode: '" + mode + "' draws the feature's example sentences, and"
                    + " this feature has none (only a text 'direction' has positive and negative sentences)");
        }
    }

    /**
     * Spreads samples over the feature's range: candidates fall into {@code bins} equal-width bins
     * between running low and high quantiles, and a candidate from an over-full bin is kept only
     * with a probability that evens the bins out, never below {@code min_accept}.
     *
     * @param enabled   false publishes every candidate as generated
     * @param bins      number of equal-width bins over the running range
     * @param minAccept lowest keep probability, which bounds the extra source-model work
     */
    public record StratifySpec(Boolean enabled, Integer bins, Double minAccept) {
        public StratifySpec {
            enabled = enabled == null || enabled;
            bins = bins == null ? 10 : bins;
            minAccept = minAccept == null ? 0.25 : minAccept;
        }

        void validate() {
            Validation.range("generator.stratify.bins", bins, 2, 1000);
            if (!(minAccept > 0 && minAccept <= 1)) {
                throw new ConceptSpecException("generator.stratify.min_accept: must be in (0, 1], got " + minAccept);
            }
        }
    }
}
