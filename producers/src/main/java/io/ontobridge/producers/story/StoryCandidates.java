package io.ontobridge.producers.story;

import io.ontobridge.models.feature.SourceFeature;
import io.ontobridge.models.lm.Continuation;
import io.ontobridge.models.lm.LanguageModel;
import io.ontobridge.models.lm.SamplingOptions;
import io.ontobridge.models.lm.Steering;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.GeneratorSpec;
import io.ontobridge.platform.concept.Pooling;
import io.ontobridge.platform.concept.SamplingSpec;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.RequestExample;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.worlds.story.Story;
import io.ontobridge.worlds.story.StoryConfig;
import io.ontobridge.worlds.story.StoryWorld;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Text candidates from a language model of the zoo and its story world, in three modes:
 * <ul>
 *   <li>{@code world}: a story told from the spec's story world; it carries its true factors;</li>
 *   <li>{@code steered}: a text the source writes with the concept's steering vector times a strength added to its
 *       residual stream ({@link SteeringVectors}), the strength drawn uniformly over the spec's range so the sweep
 *       covers it (the text counterpart of sweeping a VAE latent). A share of them continue a world story's first
 *       sentences, which are left unsteered; the rest start from nothing. Each carries the factors
 *       {@link StoryWorld#read} finds in the text (none when it is no story of the grammar) and the strength, as the
 *       source concept {@value #STRENGTH};</li>
 *   <li>{@code requested} ({@link #nearBatch}): the source's own unsteered continuations of a disagreement example's
 *       first 1-3 sentences (the request does not carry the example's strength).</li>
 * </ul>
 * In every mode the feature value is the source's unsteered reading of the text as published (its layer and
 * pooling), so it measures what the source represents, not what was asked for.
 */
public final class StoryCandidates implements CandidateSource {
    /** The source concept under which a steered sample carries its strength. */
    public static final String STRENGTH = "steering_strength";
    public static final String WORLD = "world";
    public static final String STEERED = "steered";
    /** Steered samples that share one strength (one generation call): strengths stay spread, calls stay batched. */
    private static final int STRENGTH_CHUNK = 4;
    /** Texts per sign in the pilot that orients the steering vector. */
    private static final int PILOT = 64;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StoryCandidates.class);

    private final LanguageModel lm;
    private final String layer;
    private final Pooling pooling;
    private final StoryWorld world;
    private final StoryWorld prompts;
    private final SourceFeature feature;
    private final SteeringVectors.Vector steering;
    private final ModelRef sourceRef;
    private final int batchSize;
    private final double steeredShare;
    private final GeneratorSpec generator;
    private final SamplingOptions sampling;
    private final Random random;

    public StoryCandidates(ConceptSpec spec) {
        this.lm = LanguageModel.load(Path.of(spec.source().model()), spec.source().sha256());
        try {
            this.generator = spec.generator();
            this.layer = spec.source().layer();
            if (!lm.layerNames().contains(layer)) {
                throw new IllegalArgumentException("source.layer: model '" + spec.source().name() + "' has no layer '"
                        + layer + "' (its layers: " + lm.layerNames() + ")");
            }
            this.pooling = spec.source().readOut();
            StoryConfig config = StoryConfig.load(spec.resolve(generator.world()));
            long seed = generator.seed();
            this.world = new StoryWorld(config, seed);
            // Their own world instances: prompts and examples do not shift the stream of published stories.
            this.prompts = new StoryWorld(config, seed + 3);
            SteeringVectors vectors = new SteeringVectors(lm, spec, new StoryWorld(config, seed + 1));
            this.feature = vectors.feature();
            String mode = generator.mode();
            this.steeredShare = mode.equals(WORLD) ? 0 : mode.equals(STEERED) ? 1 : generator.steeredShare();
            SamplingSpec s = generator.sampling();
            this.sampling = new SamplingOptions(s.temperature(), s.topK(), s.topP(), s.maxNewTokens());
            this.steering = steeredShare > 0 ? oriented(vectors.steering(), seed + 5) : null;
            this.random = new Random(seed ^ 0x5DEECE66DL);
        } catch (RuntimeException e) {
            lm.close();
            throw e;
        }
        this.sourceRef = new ModelRef(spec.source().name(), spec.source().version(), lm.sha256(), layer);
        this.batchSize = spec.source().batchSize();
    }

    /**
     * The steering vector signed so that a positive strength raises the feature the source reads back: a pilot of
     * {@value #PILOT} texts written from nothing at each end of the strength range compares their mean feature.
     * The class-mean difference need not point that way: adding what a story the hero won looks like made
     * zoo/story-lm write the hero lose (after a mention the model writes the other character; docs/story-world.md).
     */
    private SteeringVectors.Vector oriented(SteeringVectors.Vector vector, long seed) {
        double strength = Math.max(Math.abs(generator.steering().minStrength()), Math.abs(generator.steering().maxStrength()));
        if (strength == 0) {
            return vector;
        }
        SamplingOptions options = sampling.withMaxNewTokens(Math.min(sampling.maxNewTokens(), lm.architecture().context() - 2));
        List<String> nothing = java.util.Collections.nCopies(PILOT, "");
        double[] mean = new double[2];
        for (int k = 0; k < 2; k++) {
            Steering steer = Steering.at(vector.layer(), vector.vector(), k == 0 ? strength : -strength);
            List<String> texts = lm.generate(nothing, options, seed, steer).stream().map(Continuation::text)
                    .filter(t -> !t.isBlank()).toList();
            mean[k] = texts.isEmpty() ? 0 : java.util.Arrays.stream(lm.read(texts, layer, pooling))
                    .mapToDouble(feature::valueOf).average().orElse(0);
        }
        if (mean[0] >= mean[1]) {
            log.info("steering: + {} x the vector at {} reads {} back, - reads {}: kept as fitted", strength,
                    vector.layer(), mean[0], mean[1]);
            return vector;
        }
        log.info("steering: + {} x the vector at {} reads {} back, - reads {}: the sign is turned so that a positive"
                + " strength raises the feature", strength, vector.layer(), mean[0], mean[1]);
        float[] turned = vector.vector();
        for (int i = 0; i < turned.length; i++) {
            turned[i] = -turned[i];
        }
        return new SteeringVectors.Vector(vector.layer(), turned);
    }

    @Override
    public ModelRef sourceRef() {
        return sourceRef;
    }

    /** The steering vector (unit length) and the layer it is added at; null when no mode steers. */
    public SteeringVectors.Vector steering() {
        return steering;
    }

    @Override
    public List<Candidate> nextBatch() {
        int steered = 0;
        for (int i = 0; i < batchSize; i++) {
            steered += random.nextDouble() < steeredShare ? 1 : 0;
        }
        List<Written> written = new ArrayList<>(batchSize);
        if (steered > 0) {
            List<String> starts = new ArrayList<>(steered);
            for (int i = 0; i < steered; i++) {
                starts.add(random.nextDouble() < generator.promptShare()
                        ? prompts.next().prefix(1 + random.nextInt(generator.promptSentences())) : "");
            }
            written.addAll(writeAll(starts, STEERED, () -> generator.steering().minStrength()
                    + random.nextDouble() * (generator.steering().maxStrength() - generator.steering().minStrength()),
                    random));
        }
        for (int i = steered; i < batchSize; i++) {
            Story story = world.next();
            written.add(new Written(story.text(), WORLD, null, story.factors(), null));
        }
        return candidates(written);
    }

    /**
     * Steered texts at one strength, one written from each prompt (left unsteered; "" starts from nothing), as
     * published, sampled from {@code seed} alone: the same seed at two strengths draws the same random numbers, so
     * a sweep compares strengths, not draws. For measuring the steering itself.
     */
    public List<Candidate> steered(List<String> starts, double strength, long seed) {
        return candidates(writeAll(starts, STEERED, () -> strength, new Random(seed)));
    }

    /**
     * Continuations of requested examples: each example's first 1-3 sentences (fewer than it has where it has more
     * than one, so the source writes some of its own), continued by the source unsteered. An example without a sentence to start from, or with a word
     * the source does not know, is rejected with the reason.
     */
    @Override
    public List<Candidate> nearBatch(List<RequestExample> examples, int count) {
        List<Candidate> rejected = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = examples.get(i % examples.size()).getInput().getText();
            String problem = text == null ? "the example has no text to continue" : unknownWord(text);
            List<String> sentences = text == null ? List.of() : sentences(text);
            int complete = (int) sentences.stream().filter(x -> x.endsWith(".")).count();
            if (problem == null && complete == 0) {
                problem = "the example has no complete sentence to continue from";
            }
            if (problem != null) {
                rejected.add(Candidate.rejected(REQUESTED, problem));
                continue;
            }
            // Fewer sentences than the example has, where it has more than one, so the source writes some of its own.
            int usable = complete == sentences.size() && complete > 1 ? complete - 1 : complete;
            int n = 1 + random.nextInt(Math.min(Story.PROMPT_SENTENCES, usable));
            starts.add(String.join(" ", sentences.subList(0, n)));
        }
        List<Candidate> out = new ArrayList<>(rejected);
        out.addAll(candidates(writeAll(starts, REQUESTED, null, random)));
        return out;
    }

    private record Written(String text, String mode, Double strength, Map<String, Double> factors, String rejection) {
    }

    /**
     * The source's continuations of {@code starts}: prompts grouped by length, so that each group is steered from its
     * own first written position; {@code strength} (null: unsteered) is drawn once per {@value #STRENGTH_CHUNK}.
     */
    private List<Written> writeAll(List<String> starts, String mode, java.util.function.DoubleSupplier strength,
                                   Random draws) {
        Map<Integer, List<String>> byLength = new TreeMap<>();
        for (String start : starts) {
            byLength.computeIfAbsent(Story.tokens(start).size(), k -> new ArrayList<>()).add(start);
        }
        List<Written> out = new ArrayList<>(starts.size());
        for (Map.Entry<Integer, List<String>> group : byLength.entrySet()) {
            int words = group.getKey();
            // The text must fit the context when read back: <bos>, the words, <eos>.
            int room = lm.architecture().context() - 2 - words;
            if (room < 1) {
                group.getValue().forEach(p -> out.add(new Written(p, mode, null, Map.of(),
                        "too_long: a prompt of " + words + " words leaves no room in the source's context")));
                continue;
            }
            SamplingOptions options = sampling.withMaxNewTokens(Math.min(sampling.maxNewTokens(), room));
            List<String> texts = group.getValue();
            int chunk = strength == null ? texts.size() : STRENGTH_CHUNK;
            for (int from = 0; from < texts.size(); from += chunk) {
                List<String> part = texts.subList(from, Math.min(texts.size(), from + chunk));
                Double s = strength == null ? null : strength.getAsDouble();
                // Positions count from <bos>: the prompt's words are 1..words, the first written one words + 1.
                Steering steer = s == null ? null : Steering.at(steering.layer(), steering.vector(), s)
                        .from(words == 0 ? 0 : words + 1);
                for (Continuation c : lm.generate(part, options, draws.nextLong(), steer)) {
                    out.add(written(c, mode, s));
                }
            }
        }
        return out;
    }

    private static Written written(Continuation c, String mode, Double strength) {
        if (c.generated().isBlank()) {
            return new Written(c.text(), mode, strength, Map.of(), "empty: the source wrote nothing");
        }
        Story story = StoryWorld.read(c.text());
        return new Written(c.text(), mode, strength, story == null ? Map.of() : story.factors(), null);
    }

    /** Reads every text as published (unsteered) and tags it with the feature's value. */
    private List<Candidate> candidates(List<Written> written) {
        List<Candidate> out = new ArrayList<>(written.size());
        List<String> texts = new ArrayList<>();
        List<Written> readable = new ArrayList<>();
        for (Written w : written) {
            String problem = w.rejection() != null ? w.rejection() : fits(w.text());
            if (problem != null) {
                out.add(Candidate.rejected(w.mode(), problem));
            } else {
                texts.add(w.text());
                readable.add(w);
            }
        }
        if (texts.isEmpty()) {
            return out;
        }
        float[][] readouts = lm.read(texts, layer, pooling);
        for (int i = 0; i < readouts.length; i++) {
            Written w = readable.get(i);
            out.add(new Candidate(SampleInput.newBuilder().setText(w.text()).build(), feature.valueOf(readouts[i]),
                    w.factors(), w.mode(), null, w.strength() == null ? Map.of() : Map.of(STRENGTH, w.strength())));
        }
        return out;
    }

    /** Why the source cannot read {@code text}, or null. */
    private String fits(String text) {
        int words = Story.tokens(text).size();
        if (words == 0) {
            return "empty: no words";
        }
        if (words > lm.architecture().context() - 2) {
            return "too_long: " + words + " words, more than the source's context of " + lm.architecture().context()
                    + " tokens holds with <bos> and <eos>";
        }
        return null;
    }

    private String unknownWord(String text) {
        for (String word : Story.tokens(text)) {
            if (!lm.vocabulary().contains(word)) {
                return "word outside the source's vocabulary: '" + word + "'";
            }
        }
        return fits(text);
    }

    /** The text's complete sentences (each ending in "."), a trailing unfinished one as the last. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String token : Story.tokens(text)) {
            current.add(token);
            if (token.equals(".")) {
                out.add(String.join(" ", current));
                current.clear();
            }
        }
        if (!current.isEmpty()) {
            out.add(String.join(" ", current));
        }
        return out;
    }

    @Override
    public void close() {
        lm.close();
    }
}
