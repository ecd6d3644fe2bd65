package io.ontobridge.producers.story;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
import io.ontobridge.platform.concept.FeatureSpec;
import io.ontobridge.platform.concept.GeneratorSpec;
import io.ontobridge.producers.candidate.Candidate;
import io.ontobridge.worlds.story.StoryConfig;
import io.ontobridge.worlds.story.StoryWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steered mode on the shipped story spec and zoo/story-lm: what the source writes at each of 7 strengths over the
 * spec's range (200 texts each, the same random draws at every strength, so strengths are compared and not draws),
 * read back by the source (the feature) and by the grammar (the parse rate). The starts are the spec's mix: a share of
 * world story prefixes, the rest nothing. Measured 2026-12-08 (resid.1, mean_difference, [-1, 1]): parse rate
 * 0.745 / 0.94 / 0.745 at -1 / 0 / +1; hero_wins among parsed 0.57 at -1 down to 0.46 at +1, the mean feature
 * 0.0477 down to 0.0460 (Spearman -0.86); the tense, steered the same way, goes from 6% to 92% past.
 */
@ExtendWith(OneTorchThread.class)
class SteeringTest {
    static final Path SPEC = Path.of("..", "concepts", "story.yaml");
    private static final int STRENGTHS = 7;
    private static final int PER_STRENGTH = 200;

    private static Sweep heroWins;

    /** Per strength: the mean feature read back, the share of texts that are stories, the factor among those. */
    record Sweep(double[] strengths, double[] meanFeature, double[] parseRate, double[] factorShare) {
    }

    @BeforeAll
    static void sweepTheShippedSpec() {
        heroWins = sweep(ConceptSpecs.load(SPEC));
    }

    static Sweep sweep(ConceptSpec spec) {
        GeneratorSpec generator = spec.generator();
        List<String> starts = new ArrayList<>();
        StoryWorld prompts = new StoryWorld(StoryConfig.load(spec.resolve(generator.world())), 99);
        for (int i = 0; i < PER_STRENGTH; i++) {
            starts.add(i < generator.promptShare() * PER_STRENGTH
                    ? prompts.next().prefix(1 + i % generator.promptSentences()) : "");
        }
        double min = generator.steering().minStrength();
        double max = generator.steering().maxStrength();
        Sweep sweep = new Sweep(new double[STRENGTHS], new double[STRENGTHS], new double[STRENGTHS], new double[STRENGTHS]);
        String factor = spec.feature().factor();
        try (StoryCandidates candidates = new StoryCandidates(spec)) {
            for (int k = 0; k < STRENGTHS; k++) {
                double strength = min + k * (max - min) / (STRENGTHS - 1);
                List<Candidate> written = candidates.steered(starts, strength, 2024);
                List<Candidate> read = written.stream().filter(Candidate::ok).toList();
                List<Candidate> parsed = read.stream().filter(c -> !c.factors().isEmpty()).toList();
                sweep.strengths()[k] = strength;
                sweep.meanFeature()[k] = read.stream().mapToDouble(Candidate::featureValue).average().orElse(Double.NaN);
                sweep.parseRate()[k] = parsed.size() / (double) written.size();
                sweep.factorShare()[k] = parsed.stream().mapToDouble(c -> c.factors().get(factor)).average().orElse(Double.NaN);
                assertTrue(written.stream().allMatch(c -> !c.ok() || c.sourceConcepts().get(StoryCandidates.STRENGTH) == strength));
                System.out.printf("%s: steering %s at %s, strength %+.2f: mean feature %.5f, parse rate %.3f, %s among"
                                + " parsed %.3f (%d of %d read)%n", spec.concept(), generator.steering().vector(),
                        candidates.steering().layer(), strength, sweep.meanFeature()[k], sweep.parseRate()[k], factor,
                        sweep.factorShare()[k], read.size(), written.size());
            }
        }
        System.out.printf("%s: Spearman(strength, mean feature) = %.3f, Spearman(strength, %s among parsed) = %.3f%n",
                spec.concept(), spearman(sweep.strengths(), sweep.meanFeature()), factor,
                spearman(sweep.strengths(), sweep.factorShare()));
        return sweep;
    }

    /**
     * The concept steers: the source's own feature read back on what it writes rises with the strength (the
     * vector's sign set by the generator's pilot), and so does the share of parsed stories the hero wins.
     * Measured on zoo/story-lm (active voice only): feature 0.0177 -> 0.0584 and the share 0.31 -> 0.75 over
     * [-2, 2], Spearman 1.0 for both. On a source trained with the passive voice too, who won is an XOR of order
     * and voice that it never plans, and nothing moved it (docs/story-world.md).
     */
    @Test
    void theHeroWinsFeatureReadBackRisesWithTheStrength() {
        double rho = spearman(heroWins.strengths(), heroWins.meanFeature());
        assertTrue(rho >= 0.9, "Spearman between strength and the mean feature read back: " + rho
                + " " + Arrays.toString(heroWins.meanFeature()));
        double share = spearman(heroWins.strengths(), heroWins.factorShare());
        assertTrue(share >= 0.9, "Spearman between strength and the share the hero wins: " + share);
        assertTrue(heroWins.factorShare()[STRENGTHS - 1] - heroWins.factorShare()[0] > 0.2,
                "the share the hero wins, low to high end: " + Arrays.toString(heroWins.factorShare()));
    }

    /** The machinery steers what the source writes by: the tense, along its own class-mean difference. */
    @Test
    void steeringAlongThePastTenseWritesThePastTense() {
        ConceptSpec base = ConceptSpecs.load(SPEC);
        Sweep past = sweep(variant(base, "past", false));
        double rho = spearman(past.strengths(), past.factorShare());
        assertTrue(rho >= 0.9, "Spearman(strength, past share among parsed stories) " + rho + ": "
                + Arrays.toString(past.factorShare()));
        assertTrue(past.factorShare()[0] < 0.25 && past.factorShare()[STRENGTHS - 1] > 0.75,
                "past share at the ends: " + Arrays.toString(past.factorShare()));
    }

    @Test
    void mostSteeredTextsAreStoriesAtTheCentreAndAtLeastTwoInFiveAtTheEnds() {
        // Measured: 0.945 unsteered, 0.78 and 0.94 at -+1.33 and -+0.67, 0.48 and 0.785 at the ends (-2, +2).
        double[] rate = heroWins.parseRate();
        assertTrue(rate[STRENGTHS / 2] >= 0.85, "parse rate at the centre: " + rate[STRENGTHS / 2]);
        assertTrue(rate[0] >= 0.4 && rate[STRENGTHS - 1] >= 0.4, "parse rates: " + Arrays.toString(rate));
    }

    /** The shipped spec with another 0/1 factor for the feature (and so for the steering vector). */
    static ConceptSpec variant(ConceptSpec base, String factor, boolean whiten) {
        var f = base.feature();
        var feature = new FeatureSpec(f.kind(), f.positive(), f.negative(), f.index(), f.file(), factor, f.examples(),
                whiten, f.catalogue());
        return new ConceptSpec(factor, base.description(), base.source(), feature, base.generator(), base.target(),
                base.probe(), base.monitor(), base.follow(), base.baseDir());
    }

    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElse(0);
        double my = Arrays.stream(ry).average().orElse(0);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks from 1, ties given their mean rank. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }
}
