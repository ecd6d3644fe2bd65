package io.ontobridge.deploy.cli;

import io.ontobridge.deploy.announce.CheckpointDirectory;
import io.ontobridge.models.encoder.Checkpoints;
import io.ontobridge.models.encoder.ModelFiles;
import io.ontobridge.platform.config.ConnectionOptions;
import io.ontobridge.platform.config.Preflight;
import io.ontobridge.platform.kafka.AnnouncedModels;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.schema.ModelAnnouncement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "announce", mixinStandardHelpOptions = true,
        description = {"Announce a new checkpoint of a model on the models topic (what training infrastructure does",
                "when it writes one): name, version, where its weights are, and their sha256. With --watch DIR, announce",
                "each checkpoint that appears in a folder (a zoo model folder or a weights file; its name is the version)."})
final class AnnounceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "target or source")
    String role;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The model's name, as concept specs name it")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", description = "The new checkpoint's version")
    String version;

    @Option(names = "--watch", paramLabel = "DIR",
            description = "Watch DIR and announce every complete checkpoint in it not announced yet, until stopped")
    Path watch;

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "2", description = "With --watch: seconds between scans (default ${DEFAULT-VALUE})")
    double everySeconds;

    @Option(names = "--once", description = "With --watch: announce what is complete now, then exit")
    boolean once;

    @Option(names = "--model", paramLabel = "LOCATION",
            description = "The checkpoint: a weights file or a shapes-zoo model folder at a path the services can read, or classpath:NAME")
    String model;

    @Option(names = "--tokenizer", paramLabel = "LOCATION", description = "Text models: its tokenizer.json (default: the concept spec's)")
    String tokenizer;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The checkpoint's sha256 (computed from the files when left out; checked against them when given)")
    String sha256;

    @Option(names = "--layer", paramLabel = "LAYER", description = "The layer to read out (default: the concept spec's)")
    String layer;

    @Override
    public Integer call() throws Exception {
        if (!role.equals(ModelAnnouncements.TARGET) && !role.equals(ModelAnnouncements.SOURCE)) {
            throw new IllegalArgumentException("--role: must be target or source, got '" + role + "'");
        }
        if (watch != null) {
            if (model != null || version != null || sha256 != null) {
                throw new IllegalArgumentException("--watch: takes each version and model from the folder; leave out --model, --version and --sha256");
            }
            return watch();
        }
        if (model == null || version == null) {
            throw new IllegalArgumentException("--model and --version: both are required (or --watch DIR)");
        }
        String location = model.startsWith("classpath:") ? model : Path.of(model).toAbsolutePath().normalize().toString();
        if (!model.startsWith("classpath:") && !Files.exists(Path.of(location))) {
            throw new IllegalArgumentException("--model: nothing at " + location);
        }
        var settings = connection.settings();
        String actual = ModelFiles.checkpointSha256(location, settings.modelCache());
        if (sha256 != null && !sha256.equalsIgnoreCase(actual)) {
            throw new IllegalArgumentException("--sha256: " + model + " has sha256 " + actual + ", not " + sha256);
        }
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        ModelAnnouncement announcement = Checkpoints.announce(settings, role, name, version, location, tokenizer,
                layer, System.getProperty("user.name", "ontobridge"));
        System.out.println("announced " + ModelAnnouncements.key(announcement) + " (sha256 " + announcement.getSha256()
                + ") on " + settings.topics().models());
        return 0;
    }

    private Integer watch() throws Exception {
        CheckpointDirectory folder = new CheckpointDirectory(watch);
        var settings = connection.settings();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        try (AnnouncedModels announced = new AnnouncedModels(settings, role, name)) {
            System.out.println("watching " + watch.toAbsolutePath() + " for checkpoints of " + role + " " + name);
            if (once) {
                folder.scan(); // a file counts as complete when a second scan finds it unchanged
                Thread.sleep(1000);
            }
            while (true) {
                announced.readNew();
                for (CheckpointDirectory.Checkpoint checkpoint : folder.scan()) {
                    if (announced.get(checkpoint.version()) == null) {
                        ModelAnnouncement announcement = Checkpoints.announce(settings, role, name,
                                checkpoint.version(), checkpoint.location().toString(), tokenizer, layer,
                                System.getProperty("user.name", "ontobridge"));
                        System.out.println("announced " + ModelAnnouncements.key(announcement) + " (sha256 "
                                + announcement.getSha256() + ") from " + checkpoint.location());
                        announced.readNew();
                    }
                }
                if (once) {
                    return 0;
                }
                Thread.sleep((long) (everySeconds * 1000));
            }
        }
    }
}
