package io.ontobridge.deploy.e2e;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the integration tests share: a one-node KRaft cluster from Kafka's test kit, and waiting for a condition. */
final class ItSupport {
    private ItSupport() {
    }

    /** A started cluster of three brokers and a controller, with Kafka's default replication (3, min ISR 2). */
    static KafkaClusterTestKit threeNodeCluster() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false).setNumBrokerNodes(3).setNumControllerNodes(1).build())
                .setConfigProp("transaction.state.log.min.isr", "2")
                .setConfigProp("default.replication.factor", "3")
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    /** A started single-node (combined broker and controller) cluster. */
    static KafkaClusterTestKit singleNodeCluster() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                // One node: internal topics must have one replica, or groups and transactions hang.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    /**
     * The shipped shapes spec with its model paths made absolute, changed by {@code edit}, written to
     * {@code work/NAME.yaml} and loaded.
     */
    static io.ontobridge.platform.concept.ConceptSpec shapesSpec(java.nio.file.Path work, String name,
                                                             java.util.function.UnaryOperator<String> edit)
            throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("..", "..").toAbsolutePath().normalize();
        String yaml = java.nio.file.Files.readString(root.resolve("concepts/shapes.yaml"))
                .replace("../zoo/", root.resolve("zoo") + "/")
                .replace("../worlds/", root.resolve("worlds") + "/");
        java.nio.file.Path file = java.nio.file.Files.createDirectories(work).resolve(name + ".yaml");
        java.nio.file.Files.writeString(file, edit.apply(yaml));
        return io.ontobridge.platform.concept.ConceptSpecs.load(file);
    }

    /**
     * A settings file for one run, {@code work/PREFIX.properties}: the broker, the registry, the topic prefix, a
     * work folder {@code work/work} and the partition count, as the services read it with {@code --config}.
     */
    static java.nio.file.Path settingsFile(java.nio.file.Path work, String prefix, String bootstrap, String registry,
                                           int partitions) throws java.io.IOException {
        return java.nio.file.Files.writeString(work.resolve(prefix + ".properties"), String.join("\n",
                "bootstrap=" + bootstrap, "registry=" + registry, "topic.prefix=" + prefix,
                "work.dir=" + work.resolve("work"), "partitions=" + partitions, ""));
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
