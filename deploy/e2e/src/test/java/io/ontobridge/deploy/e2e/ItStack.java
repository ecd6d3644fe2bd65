package io.ontobridge.deploy.e2e;

import io.ontobridge.deploy.stack.SchemaRegistryProcess;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A one-node KRaft cluster from Kafka's test kit and a real schema registry, for one integration test class. */
final class ItStack implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final SchemaRegistryProcess registry;

    private ItStack(KafkaClusterTestKit cluster, SchemaRegistryProcess registry) {
        this.cluster = cluster;
        this.registry = registry;
    }

    /** Starts both; the registry keeps its files under {@code work}. */
    static ItStack start(Path work) throws Exception {
        KafkaClusterTestKit cluster = ItSupport.singleNodeCluster();
        try {
            SchemaRegistryProcess registry = SchemaRegistryProcess.launch(work.resolve("registry"));
            registry.awaitReady(System.nanoTime() + TimeUnit.SECONDS.toNanos(120));
            return new ItStack(cluster, registry);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() throws Exception {
        registry.close();
        cluster.close();
    }
}
