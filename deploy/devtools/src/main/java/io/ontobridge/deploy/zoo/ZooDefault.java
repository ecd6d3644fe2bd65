package io.ontobridge.deploy.zoo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One committed default model of {@code zoo/}: its folder, and how to train it again exactly as it was trained
 * ({@code ./ontobridge zoo defaults}). The shapes models are {@link ZooDefaults}, the language models
 * {@link LmDefaults}.
 */
public interface ZooDefault {
    /** The model folder under {@code zoo/}. */
    String folder();

    /** Trains this default under {@code root} (the project root) into {@code root/zoo/FOLDER}. */
    void retrain(Path root, Consumer<String> log);

    /** Every committed default: the shapes models, then the language models. */
    static List<ZooDefault> all() {
        List<ZooDefault> all = new ArrayList<>(ZooDefaults.all());
        all.addAll(LmDefaults.all());
        return List.copyOf(all);
    }
}
