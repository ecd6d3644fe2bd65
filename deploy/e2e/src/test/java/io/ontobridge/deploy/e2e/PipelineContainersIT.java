package io.ontobridge.deploy.e2e;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same pipeline contract on a broker in a container, for machines with Docker. Skipped cleanly
 * where there is no Docker engine (as on the project's build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineContainersIT extends PipelineContract {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Override
    String bootstrap() {
        return KAFKA.getBootstrapServers();
    }
}
