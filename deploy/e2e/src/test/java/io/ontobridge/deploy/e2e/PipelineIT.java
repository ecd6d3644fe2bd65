package io.ontobridge.deploy.e2e;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pipeline contract on a real KRaft broker from Kafka's own test kit (no Docker needed). */
class PipelineIT extends PipelineContract {
    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = ItSupport.singleNodeCluster();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    String bootstrap() {
        return cluster.bootstrapServers();
    }
}
