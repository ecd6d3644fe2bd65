package io.ontobridge.deploy.zoo;

import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.TrainOptions;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The committed default shapes models in {@code zoo/} (the language models are {@link LmDefaults}): exactly how they were trained, so that
 * {@code ./ontobridge zoo defaults} reproduces them.
 *
 * @param folder       the model folder under {@code zoo/}
 * @param architecture {@code vae} or {@code cnn}
 * @param world        the world config, relative to the project root
 * @param seed         the training seed
 * @param options      the training options
 */
public record ZooDefaults(String folder, String architecture, String world, long seed, TrainOptions options)
        implements ZooDefault {
    /** The source model: a VAE on the source world. */
    public static final ZooDefaults VAE = new ZooDefaults("shapes-vae", "vae", "worlds/source.yaml", 7,
            TrainOptions.defaults("vae"));
    /** The target model: a shape classifier on the target world. */
    public static final ZooDefaults CNN = new ZooDefaults("shapes-cnn", "cnn", "worlds/target.yaml", 7,
            TrainOptions.defaults("cnn"));

    /** A retrained target (another seed): the demo's new target version ({@code demo --swap-target-after}). */
    public static final ZooDefaults CNN_2 = new ZooDefaults("shapes-cnn-2", "cnn", "worlds/target.yaml", 11,
            TrainOptions.defaults("cnn"));

    /**
     * The control of the planted-difference trial (docs/validation.md): the target architecture and seed on the
     * unmodified world, every class labelled as drawn.
     */
    public static final ZooDefaults CNN_CONTROL = new ZooDefaults("shapes-cnn-control", "cnn",
            "worlds/planted/control.yaml", 7, TrainOptions.defaults("cnn"));
    /** A planted target: as the control, but large triangles are labelled square. */
    public static final ZooDefaults CNN_PLANTED_SIZE = new ZooDefaults("shapes-cnn-planted-size", "cnn",
            "worlds/planted/large-triangles-as-squares.yaml", 7, TrainOptions.defaults("cnn"));
    /** A planted target: as the control, but dim circles are labelled triangle. */
    public static final ZooDefaults CNN_PLANTED_INTENSITY = new ZooDefaults("shapes-cnn-planted-intensity", "cnn",
            "worlds/planted/dim-circles-as-triangles.yaml", 7, TrainOptions.defaults("cnn"));

    public static List<ZooDefaults> all() {
        return List.of(VAE, CNN, CNN_2, CNN_CONTROL, CNN_PLANTED_SIZE, CNN_PLANTED_INTENSITY);
    }

    /** Trains this default under {@code root} (the project root) into {@code root/zoo/FOLDER}. */
    public ModelMetadata train(Path root, Consumer<String> log) {
        WorldConfig config = WorldConfig.load(root.resolve(world));
        return new ZooTrainer(log).train(architecture, config, seed, options, root.resolve("zoo").resolve(folder));
    }

    @Override
    public void retrain(Path root, Consumer<String> log) {
        train(root, log);
    }

    /** {@code ZooDefaults [ROOT [FOLDER]]}: trains every default, or only the one in {@code zoo/FOLDER}. */
    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (ZooDefault d : ZooDefault.all()) {
            if (args.length < 2 || d.folder().equals(args[1])) {
                d.retrain(root, System.out::println);
            }
        }
    }
}
