package io.ontobridge.core.kafka;

import io.ontobridge.core.config.ServiceSettings;
import io.ontobridge.schema.ModelAnnouncement;

/** The models topic, where training infrastructure announces new checkpoints (key: role|name|version). */
public final class ModelAnnouncements {
    public static final String TARGET = "target";
    public static final String SOURCE = "source";

    private ModelAnnouncements() {
    }

    /** {@code base} (the concept spec's model) at the announced checkpoint: its version, weights, sha256 and overrides. */
    public static io.ontobridge.core.concept.ModelSpec checkpoint(io.ontobridge.core.concept.ModelSpec base,
                                                                  ModelAnnouncement a) {
        return base.atCheckpoint(a.getVersion(), a.getLocation(), a.getTokenizer(), a.getLayer(), a.getSha256());
    }

    public static String key(ModelAnnouncement announcement) {
        return announcement.getRole() + "|" + announcement.getName() + "|" + announcement.getVersion();
    }

    /**
     * Announces a checkpoint at {@code location} (a weights file, a zoo model folder or a {@code classpath:}
     * resource), its sha256 computed from the files, and waits until the broker has it.
     *
     * @param tokenizer text models: the tokenizer, or null to keep the concept spec's
     * @param layer     the layer to read out, or null to keep the concept spec's
     */
    public static ModelAnnouncement announce(ServiceSettings settings, String role, String name, String version,
                                             String location, String tokenizer, String layer, String announcedBy) {
        String sha256;
        try {
            sha256 = io.ontobridge.core.model.ModelFiles.checkpointSha256(location, settings.modelCache());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the checkpoint at " + location + ": " + DeadLetters.describe(e), e);
        }
        ModelAnnouncement announcement = ModelAnnouncement.newBuilder()
                .setRole(role).setName(name).setVersion(version).setLocation(location).setSha256(sha256)
                .setTokenizer(tokenizer).setLayer(layer)
                .setAnnouncedBy(announcedBy).setAnnouncedAt(java.time.Instant.now())
                .build();
        announce(settings, announcement);
        return announcement;
    }

    /** Publishes {@code announcement} and waits until the broker has it. */
    public static void announce(ServiceSettings settings, ModelAnnouncement announcement) {
        if (!announcement.getRole().equals(TARGET) && !announcement.getRole().equals(SOURCE)) {
            throw new IllegalArgumentException("role: must be " + TARGET + " or " + SOURCE + ", got '"
                    + announcement.getRole() + "'");
        }
        if (!announcement.getSha256().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256: must be 64 lower-case hex digits, got '" + announcement.getSha256() + "'");
        }
        TopicIo.publish(settings, settings.topics().models(), key(announcement), announcement);
    }
}
