package io.ontobridge.streams;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

import java.util.Map;

/** Whether a Kafka Streams client has made progress, read from its own metrics and thread metadata. */
final class StreamsProgress {
    private StreamsProgress() {
    }

    /**
     * True once a stream thread has committed, or every input partition of the main consumers is caught up (lag 0:
     * an idle input gives nothing to commit), or no thread holds an active task (an instance beyond the partition
     * count). False while the consumers have not fetched yet (their lag is unknown).
     */
    static boolean committedOrCaughtUp(KafkaStreams streams) {
        if (streams.metadataForLocalThreads().stream().allMatch(t -> t.activeTasks().isEmpty())) {
            return streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadState)
                    .anyMatch("RUNNING"::equals);
        }
        double commits = 0;
        boolean lagKnown = false;
        double maxLag = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("commit-total") && name.group().equals("stream-thread-metrics")) {
                commits += value(entry.getValue());
            } else if (name.name().equals("records-lag-max") && name.group().equals("consumer-fetch-manager-metrics")
                    && isMainConsumer(name.tags().get("client-id"))) {
                double lag = value(entry.getValue());
                if (Double.isFinite(lag)) {
                    lagKnown = true;
                    maxLag = Math.max(maxLag, lag);
                }
            }
        }
        return commits > 0 || (lagKnown && maxLag == 0);
    }

    /** A stream thread's consumer of the input topics, not its restore consumer nor the global one. */
    private static boolean isMainConsumer(String clientId) {
        return clientId != null && clientId.endsWith("-consumer") && !clientId.endsWith("-restore-consumer")
                && !clientId.endsWith("-global-consumer");
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
