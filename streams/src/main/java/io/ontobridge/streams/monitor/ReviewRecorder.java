package io.ontobridge.streams.monitor;

import io.ontobridge.schema.Review;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the latest verdict per sample id in the monitor's global reviews store. */
final class ReviewRecorder implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(ReviewRecorder.class);

    private final Deserializer<Review> deserializer;
    private KeyValueStore<String, String> store;

    ReviewRecorder(Deserializer<Review> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(MonitorTopology.REVIEWS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            Review review = deserializer.deserialize("reviews", record.value());
            if (review != null) {
                store.put(review.getSampleId(), review.getVerdict().name());
            }
        } catch (RuntimeException e) {
            // A global store cannot forward to the dead-letter topic; a bad review is only skipped and logged.
            log.warn("skipped an undecodable review: {}", e.getMessage());
        }
    }
}
