package io.ontobridge.deploy.e2e;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * The README's MLP example on the text scenario: its state (probe, control, baseline) is over a megabyte at
     * 384 inputs, which as one changelog record stopped the trainer from scoring anything. Every sample is scored
     * once (the contract's checks), and the snapshot carries the network.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void anMlpProbeWhoseStateIsOverAMegabyteScoresEverySample() throws Exception {
        var spec = testSpec("it-sentiment-mlp", yaml -> yaml.replace("  kind: linear", "  kind: mlp\n  hidden: [64]"));
        run(spec, Map.of(), (settings, tally, probe) -> {
            assertEquals("mlp", probe.getKind());
            assertEquals(List.of(384, 64), probe.getNetwork().getLayers().get(0).getWeights().getShape());
        });
    }
}
