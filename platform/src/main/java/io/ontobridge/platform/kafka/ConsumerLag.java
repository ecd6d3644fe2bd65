package io.ontobridge.platform.kafka;

import io.ontobridge.platform.config.ServiceSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** How many records of a topic a consumer group has not committed yet (summed over partitions). */
public final class ConsumerLag implements AutoCloseable {
    private final Admin admin;
    private final String group;
    private final String topic;

    public ConsumerLag(ServiceSettings settings, String group, String topic) {
        Map<String, Object> props = settings.connectionProperties();
        this.admin = Admin.create(props);
        this.group = group;
        this.topic = topic;
    }

    /** The lag now; a group that has committed nothing yet lags by the whole topic. */
    public long current() {
        try {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the lag of " + group, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the lag of group " + group + " on " + topic + ": "
                    + DeadLetters.describe(e), e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
