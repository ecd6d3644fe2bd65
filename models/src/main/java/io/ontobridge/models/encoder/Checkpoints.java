package io.ontobridge.models.encoder;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.DeadLetters;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.schema.ModelAnnouncement;

import java.io.IOException;
import java.time.Instant;

/** Announcing a checkpoint from its files: the sha256 is computed here, where model files are understood. */
public final class Checkpoints {
    private Checkpoints() {
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
            sha256 = ModelFiles.checkpointSha256(location, settings.modelCache());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the checkpoint at " + location + ": " + DeadLetters.describe(e), e);
        }
        ModelAnnouncement announcement = ModelAnnouncement.newBuilder()
                .setRole(role).setName(name).setVersion(version).setLocation(location).setSha256(sha256)
                .setTokenizer(tokenizer).setLayer(layer)
                .setAnnouncedBy(announcedBy).setAnnouncedAt(Instant.now())
                .build();
        ModelAnnouncements.announce(settings, announcement);
        return announcement;
    }
}
