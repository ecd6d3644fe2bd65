package io.ontobridge.producers;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.AnnouncedModels;
import io.ontobridge.platform.kafka.CheckpointFollower;
import io.ontobridge.platform.kafka.ModelAnnouncements;
import io.ontobridge.platform.kafka.TopicIo;
import io.ontobridge.producers.candidate.CandidateSource;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.ModelAnnouncement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source model the generator samples from. A concept pinned to its source version (the default) keeps the
 * spec's. A re-derived concept ({@code follow.source: re-derive}) follows the models topic: a newly announced
 * source checkpoint is loaded in the background with the concept derived from it again (the same feature spec,
 * read off the new model), and serves from the next batch on; samples carry the source version they came from.
 * A checkpoint that does not load is dead-lettered as {@code bad-model} and the current one serves on.
 */
final class SourceVersions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceVersions.class);

    private final ServiceSettings settings;
    private final ConceptSpec spec;
    private AnnouncedModels announcements;
    private CheckpointFollower<CandidateSource> follower;
    private Thread following;
    private CandidateSource current;

    SourceVersions(ServiceSettings settings, ConceptSpec spec) {
        this.settings = settings;
        this.spec = spec;
    }

    /** Opens the source to start with: the spec's, or for a re-derived concept the latest announced that loads. */
    void start() {
        if (!spec.follow().rederivesSource()) {
            current = CandidateSources.open(spec, settings.modelCache());
            return;
        }
        announcements = new AnnouncedModels(settings, ModelAnnouncements.SOURCE, spec.source().name());
        follower = new CheckpointFollower<>(announcements, spec.source().name(), this::open);
        current = follower.start(() -> CandidateSources.open(spec, settings.modelCache()));
        following = follower.startThread("source-follower");
        takeFollowerEvents();
    }

    /** The source to draw the next batch from. */
    CandidateSource current() {
        if (follower != null) {
            takeFollowerEvents();
        }
        return current;
    }

    private CandidateSource open(ModelAnnouncement a) {
        return CandidateSources.open(spec.withSource(ModelAnnouncements.checkpoint(spec.source(), a)), settings.modelCache());
    }

    /** Takes over a newly loaded source, and dead-letters announcements that did not load. */
    private void takeFollowerEvents() {
        for (var event = follower.poll(); event != null; event = follower.poll()) {
            if (event instanceof CheckpointFollower.Ready<CandidateSource> ready) {
                log.info("the concept is derived from source version {} from now on", ready.version());
                current.close();
                current = ready.loaded();
            } else if (event instanceof CheckpointFollower.Failed<CandidateSource> failed) {
                DeadLetter letter = failed.deadLetter("generator");
                TopicIo.publish(settings, settings.topics().deadLetters(), null, letter);
            }
        }
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.stopAndJoin(following);
            announcements.close();
            // A checkpoint loaded after the last batch is closed too.
            for (var event = follower.poll(); event != null; event = follower.poll()) {
                if (event instanceof CheckpointFollower.Ready<CandidateSource> ready) {
                    ready.loaded().close();
                }
            }
        }
        if (current != null) {
            current.close();
        }
    }
}
