package io.ontobridge.deploy.cli;

import io.ontobridge.core.config.ConnectionOptions;
import io.ontobridge.core.config.Preflight;
import io.ontobridge.core.kafka.ModelAnnouncements;
import io.ontobridge.core.kafka.TopicSetup;
import io.ontobridge.core.model.ModelFiles;
import io.ontobridge.schema.ModelAnnouncement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "announce", mixinStandardHelpOptions = true,
        description = {"Announce a new checkpoint of a model on the models topic (what training infrastructure does",
                "when it writes one): name, version, where its weights are, and their sha256."})
final class AnnounceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "target or source")
    String role;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The model's name, as concept specs name it")
    String name;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The new checkpoint's version")
    String version;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The weights file, at a path the services can read")
    Path model;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The file's sha256 (computed from the file when left out; checked against it when given)")
    String sha256;

    @Option(names = "--layer", paramLabel = "LAYER", description = "The layer to read out (default: the concept spec's)")
    String layer;

    @Override
    public Integer call() throws Exception {
        if (!role.equals(ModelAnnouncements.TARGET) && !role.equals(ModelAnnouncements.SOURCE)) {
            throw new IllegalArgumentException("--role: must be target or source, got '" + role + "'");
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model: no file at " + model.toAbsolutePath());
        }
        String actual = ModelFiles.sha256(model);
        if (sha256 != null && !sha256.equalsIgnoreCase(actual)) {
            throw new IllegalArgumentException("--sha256: " + model + " has sha256 " + actual + ", not " + sha256);
        }
        var settings = connection.settings();
        Preflight.check(settings);
        TopicSetup.ensureTopics(settings);
        ModelAnnouncement announcement = ModelAnnouncement.newBuilder()
                .setRole(role).setName(name).setVersion(version)
                .setLocation(model.toAbsolutePath().toString()).setSha256(actual).setLayer(layer)
                .setAnnouncedBy(System.getProperty("user.name", "ontobridge")).setAnnouncedAt(Instant.now())
                .build();
        ModelAnnouncements.announce(settings, announcement);
        System.out.println("announced " + ModelAnnouncements.key(announcement) + " (sha256 " + actual + ") on "
                + settings.topics().models());
        return 0;
    }
}
