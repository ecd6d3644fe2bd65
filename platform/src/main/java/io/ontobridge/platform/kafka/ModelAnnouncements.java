package io.ontobridge.platform.kafka;

import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.schema.ModelAnnouncement;

/** The models topic, where training infrastructure announces new checkpoints (key: role|name|version). */
public final class ModelAnnouncements {
    public static final String TARGET = "target";
    public static final String SOURCE = "source";

    private ModelAnnouncements() {
    }

    /** {@code base} (the concept spec's model) at the announced checkpoint: its version, weights, sha256 and overrides. */
    public static io.ontobridge.platform.concept.ModelSpec checkpoint(io.ontobridge.platform.concept.ModelSpec base,
                                                                  ModelAnnouncement a) {
        return base.atCheckpoint(a.getVersion(), a.getLocation(), a.getTokenizer(), a.getLayer(), a.getSha256());
    }

    public static String key(ModelAnnouncement announcement) {
        return key(announcement.getRole(), announcement.getName(), announcement.getVersion());
    }

    /** The models topic's key of a checkpoint: role|name|version. */
    public static String key(String role, String name, String version) {
        return role + "|" + name + "|" + version;
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
