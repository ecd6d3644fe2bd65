package io.ontobridge.platform.kafka;

import io.ontobridge.platform.kafka.AnnouncedModels.Announced;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.ModelAnnouncement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Follows the models topic for new checkpoints of one model and loads each on this follower's own thread, in
 * the background, while the caller keeps using what it has; the caller takes the loaded checkpoint between two
 * pieces of work ({@link #poll}). A checkpoint that cannot be loaded (a missing file, a sha256 that does not
 * match, a layer the model lacks) is handed over as a failure, to be dead-lettered with the reason.
 *
 * @param <T> what a loaded checkpoint is to the caller (a model ready to encode, a candidate source)
 */
public final class CheckpointFollower<T> implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CheckpointFollower.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** What the follower hands over. */
    public sealed interface Event<T> permits Ready, Failed {
    }

    /** A checkpoint loaded and ready. */
    public record Ready<T>(String version, T loaded) implements Event<T> {
    }

    /** An announcement that could not be loaded. */
    public record Failed<T>(Announced announced, ErrorType errorType, String reason) implements Event<T> {
        /** The dead letter for it: the announcement's own record, with the reason. */
        public DeadLetter deadLetter(String service) {
            var record = announced.record();
            return DeadLetters.of(service, errorType, reason, record.topic(), record.partition(), record.offset(),
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), null);
        }
    }

    private final AnnouncedModels announcements;
    private final String modelName;
    private final Function<ModelAnnouncement, T> load;
    private final Queue<Event<T>> events = new ConcurrentLinkedQueue<>();
    /** version -> the announcement of each version read, for loading one again. */
    private final Map<String, ModelAnnouncement> announced = new ConcurrentHashMap<>();
    /** version -> sha256 of each announcement tried, so a version is loaded once and a conflicting one is caught. */
    private final Map<String, String> tried = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * @param announcements the announcements of the followed model (this follower reads them from now on)
     * @param load          loads one announced checkpoint; throws with the reason when it cannot
     */
    public CheckpointFollower(AnnouncedModels announcements, String modelName, Function<ModelAnnouncement, T> load) {
        this.announcements = announcements;
        this.modelName = modelName;
        this.load = load;
    }

    /**
     * What to start with: the latest announced checkpoint that loads, else {@code fallback} (the spec's own).
     * The announcements that do not load are handed over as failures. Call before {@link #run}.
     */
    public T start(Supplier<T> fallback) {
        List<Announced> all = announcements.readNew();
        all.forEach(a -> announced.put(a.version(), a.announcement()));
        for (int i = all.size() - 1; i >= 0; i--) {
            T loaded = tryLoad(all.get(i));
            if (loaded != null) {
                return loaded;
            }
        }
        return fallback.get();
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                for (Announced a : announcements.readNew()) {
                    String version = a.version();
                    String sha256 = a.announcement().getSha256();
                    String before = tried.get(version);
                    if (before != null && !before.equalsIgnoreCase(sha256)) {
                        events.add(new Failed<>(a, ErrorType.CONFLICTING_ANNOUNCEMENT, "version " + version + " of " + modelName
                                + " was announced before with sha256 " + before + "; a version names one checkpoint,"
                                + " so announce new weights under a new version"));
                    } else if (before == null) {
                        announced.put(version, a.announcement());
                        T loaded = tryLoad(a);
                        if (loaded != null) {
                            events.add(new Ready<>(version, loaded));
                        }
                    }
                }
                Thread.sleep(CHECK_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!stopping) {
                    // The broker may be away for a while; the announcements are read again at the next check.
                    log.warn("cannot read the models topic: {}", DeadLetters.describe(e));
                }
            }
        }
    }

    /** The next event, oldest first, or null. */
    public Event<T> poll() {
        return events.poll();
    }

    /** The announcement of {@code version} read so far, or null. */
    public ModelAnnouncement announcement(String version) {
        return announced.get(version);
    }

    public void stop() {
        stopping = true;
    }

    /** Runs this follower on a daemon thread of its own, started. */
    public Thread startThread(String name) {
        Thread thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Stops the follower and waits for its thread (its reader closes after it). */
    public void stopAndJoin(Thread thread) {
        stop();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private T tryLoad(Announced a) {
        String version = a.version();
        tried.put(version, a.announcement().getSha256());
        long start = System.nanoTime();
        try {
            T loaded = load.apply(a.announcement());
            log.info("loaded version {} of {} from {} in {} ms", version, modelName, a.announcement().getLocation(),
                    (System.nanoTime() - start) / 1_000_000);
            return loaded;
        } catch (RuntimeException e) {
            String reason = "cannot load version " + version + " of " + modelName + " from "
                    + a.announcement().getLocation() + ": " + DeadLetters.describe(e);
            log.warn("{}; the current version serves on", reason);
            events.add(new Failed<>(a, ErrorType.BAD_MODEL, reason));
            return null;
        }
    }
}
