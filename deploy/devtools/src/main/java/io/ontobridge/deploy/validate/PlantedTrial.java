package io.ontobridge.deploy.validate;

import io.ontobridge.deploy.zoo.ZooDefaults;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.concept.ConceptSpecs;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One target of the planted-difference trial: a zoo CNN trained on a world whose label rules plant a region, or
 * the control without any. The concept is the shipped shapes concept ({@code concepts/shapes.yaml}) with this
 * target in place of {@code shapes-cnn}, under the target's own name.
 *
 * @param model the zoo default that trained the target
 */
public record PlantedTrial(ZooDefaults model) {
    /** The control first: its false alarms are the yardstick for the planted targets' figures. */
    public static final List<PlantedTrial> ALL = List.of(new PlantedTrial(ZooDefaults.CNN_CONTROL),
            new PlantedTrial(ZooDefaults.CNN_PLANTED_SIZE), new PlantedTrial(ZooDefaults.CNN_PLANTED_INTENSITY));

    public String target() {
        return model.folder();
    }

    /** The label rules of the target's world: what was planted (none, for the control). */
    public List<WorldConfig.LabelRule> rules(Path home) {
        return WorldConfig.load(home.resolve(model.world())).relabel();
    }

    /** Whether a sample's ground truth lies where {@code rules} relabel it. */
    public static Predicate<Map<String, Double>> region(List<WorldConfig.LabelRule> rules) {
        return factors -> rules.stream().anyMatch(rule -> rule.condition().matches(factors));
    }

    /** The factors the rules plant their regions along (size for "triangles of size 8 and up"), beyond the shape. */
    public static java.util.Set<String> plantedFactors(List<WorldConfig.LabelRule> rules) {
        java.util.Set<String> factors = new java.util.TreeSet<>();
        for (WorldConfig.LabelRule rule : rules) {
            if (rule.size() != null) factors.add("size");
            if (rule.x() != null) factors.add("x");
            if (rule.y() != null) factors.add("y");
            if (rule.rotation() != null) factors.add("rotation");
            if (rule.intensity() != null) factors.add("intensity");
        }
        return factors;
    }

    /** The planted region in words. */
    public static String regionText(List<WorldConfig.LabelRule> rules) {
        return rules.isEmpty() ? "none (control)" : String.join("; ", rules.stream().map(PlantedTrial::describe).toList());
    }

    /**
     * Where the trial reads the targets: their decision. A label rule changes what the classifier calls a class,
     * not what it sees: its {@code hidden} layer still holds the drawn shape (a ridge probe there recovers the
     * source's triangle value on the planted region almost as well as elsewhere), so the difference shows at the
     * output (docs/validation.md, "What moved the figures").
     */
    public static final String LAYER = "probabilities";

    /**
     * The trial's share of decoded images: none. The CNNs' decision follows the source less on images the VAE
     * decodes (held-out Pearson 0.36-0.57 there against 0.84-0.89 on the world's scenes), and learning from them
     * pulls the probe off the planted region's contrast (docs/validation.md).
     */
    public static final double DECODER_SHARE = 0.0;

    /**
     * The trial's probe loss: Huber's, so the planted region pulls the probe with a bounded force and the probe keeps
     * fitting the rest (held-out AUROC of |residual| 0.89-0.90 with squared loss, 0.94-0.99 with Huber's).
     */
    public static final String LOSS = "huber";

    /**
     * The shapes concept with this target, written under {@code dir} with absolute paths, and loaded. The
     * monitor emits every disagreement ({@code emit: all}), so that the figures count each judgement it makes
     * rather than the few that open a group.
     *
     * @param layer        the target's read-out layer, or null for {@link #LAYER}
     * @param decoderShare the generator's share of decoded images, or null for the concept's own (0.25)
     * @param loss         the probe's loss, or null for the concept's own (squared)
     * @param calibration  the monitor's threshold calibration, or null for the concept's own (robust)
     */
    public ConceptSpec spec(Path home, Path dir, String layer, Double decoderShare, String loss, String calibration)
            throws IOException {
        Path zoo = home.resolve("zoo");
        String yaml = Files.readString(home.resolve("concepts/shapes.yaml"))
                .replace("../zoo/", zoo + "/")
                .replace("../worlds/", home.resolve("worlds") + "/");
        String edited = yaml.replace("  name: shapes-cnn\n", "  name: " + target() + "\n")
                .replace("  model: " + zoo.resolve("shapes-cnn") + "\n", "  model: " + zoo.resolve(target()) + "\n");
        if (edited.equals(yaml) && !target().equals("shapes-cnn")) {
            throw new IllegalStateException("concepts/shapes.yaml no longer names its target 'shapes-cnn' at"
                    + " ../zoo/shapes-cnn; the validation cannot put " + target() + " in its place");
        }
        String target = edited.substring(edited.indexOf("\ntarget:"));
        String head = edited.substring(0, edited.indexOf("\ntarget:"));
        // The layer is read at whatever width it has (the probabilities are 3 wide).
        edited = head + target.replaceFirst("\n  layer: [^\n]+\n", "\n  layer: " + (layer == null ? LAYER : layer)
                + "\n  min_width: 1\n");
        edited = edited.replaceFirst("\nmonitor:\n", "\nmonitor:\n  emit: all\n"
                + (calibration == null ? "" : "  calibration: " + calibration + "\n"));
        if (loss != null) {
            edited = edited.replaceFirst("\nprobe:\n", "\nprobe:\n  loss: " + loss + "\n");
        }
        if (decoderShare != null) {
            if (!edited.contains("\n  decoder_share: ")) {
                throw new IllegalStateException("concepts/shapes.yaml no longer sets generator.decoder_share");
            }
            edited = edited.replaceFirst("\n  decoder_share: [^\n]+\n", "\n  decoder_share: " + decoderShare + "\n");
        }
        Path file = Files.createDirectories(dir).resolve(target() + ".yaml");
        Files.writeString(file, edited);
        return ConceptSpecs.load(file);
    }

    private static String describe(WorldConfig.LabelRule rule) {
        StringBuilder text = new StringBuilder(rule.shape() == null ? "any shape" : rule.shape());
        appendRange(text, "size", rule.size());
        appendRange(text, "x", rule.x());
        appendRange(text, "y", rule.y());
        appendRange(text, "rotation", rule.rotation());
        appendRange(text, "intensity", rule.intensity());
        return text.append(" labelled ").append(rule.as()).toString();
    }

    private static void appendRange(StringBuilder text, String factor, WorldConfig.Range range) {
        if (range == null) {
            return;
        }
        text.append(", ").append(factor).append(range.min() == null ? "" : " >= " + range.min())
                .append(range.max() == null ? "" : (range.min() == null ? "" : " and") + " <= " + range.max());
    }
}
