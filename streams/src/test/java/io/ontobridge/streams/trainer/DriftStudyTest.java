package io.ontobridge.streams.trainer;

import io.ontobridge.platform.config.Topics;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.schema.ActivatedSample;
import io.ontobridge.schema.ConceptStatus;
import io.ontobridge.streams.PlainAvroSerdes;
import io.ontobridge.streams.TestRecords;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;

/**
 * The figures behind the drift watch's rules (docs/benchmarks.md, "The drift watch"): per seed, a linear concept
 * y = 2 x0 - x3 + 0.5 + noise over 8 activations, steady for {@code CHANGE} samples, then a target that no longer
 * carries it where y is above {@code LOST} (x0 and x3 fresh noise there), or steady throughout ({@code none}); it
 * prints when concept-drift was raised, when the figures' status left mapped, and the watch's counts. Runs only
 * when asked: {@code DRIFT_STUDY=4,3,2,none SEEDS=20 ./mvnw -B -q test -pl streams -am -Dtest=DriftStudyTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; the lines are in the test's output file under streams/target.
 */
@EnabledIfEnvironmentVariable(named = "DRIFT_STUDY", matches = ".+")
class DriftStudyTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    private static int env(String name, int otherwise) {
        return Integer.parseInt(Objects.requireNonNullElse(System.getenv(name), String.valueOf(otherwise)));
    }

    @Test
    void study() {
        int first = env("FIRST_SEED", 1);
        int seeds = env("SEEDS", 12);
        int samples = env("SAMPLES", 14_000);
        int change = env("CHANGE", 6000);
        var spec = TrainerDriftTest.spec();
        for (String lost : System.getenv("DRIFT_STUDY").split(",")) {
            for (int seed = first; seed < first + seeds; seed++) {
                Topics topics = new Topics("t");
                PlainAvroSerdes serdes = new PlainAvroSerdes();
                Properties props = new Properties();
                props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-study");
                props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(lost + "-" + seed).toString());
                props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
                try (TopologyTestDriver driver = new TopologyTestDriver(TrainerTopology.build(spec, topics, serdes), props)) {
                    var in = driver.createInputTopic(topics.activations(), Serdes.String().serializer(),
                            Serdes.ByteArray().serializer());
                    var statuses = driver.createOutputTopic(topics.conceptStatus(), Serdes.String().deserializer(),
                            serdes.forType(ConceptStatus.class).deserializer());
                    Random random = new Random(seed);
                    for (int i = 0; i < samples; i++) {
                        float[] x = new float[8];
                        for (int d = 0; d < 8; d++) {
                            x[d] = (float) random.nextGaussian();
                        }
                        double y = 2 * x[0] - x[3] + 0.5 + 0.1 * random.nextGaussian();
                        if (!lost.equals("none") && i >= change && y > Double.parseDouble(lost)) {
                            x[0] = (float) random.nextGaussian();
                            x[3] = (float) random.nextGaussian();
                        }
                        in.pipeInput(ProbeKeys.of("c", TestRecords.TARGET), serdes.forType(ActivatedSample.class)
                                .serializer().serialize(topics.activations(), TestRecords.activated("c", "s" + i, x, y)));
                    }
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "lost-above %s seed %d:", lost, seed));
                    List<ConceptStatus> records = statuses.readValuesToList();
                    for (ConceptStatus s : records) {
                        line.append(String.format(Locale.ROOT, " %s@%d(r %.3f)", s.getStatus(), s.getSamplesSeen(),
                                s.getHeldOutPearson()));
                        if (s.getDrift() != null) {
                            line.append(String.format(Locale.ROOT, "[%.4f -> %.4f, %d after the cut]",
                                    s.getDrift().getRateBefore(), s.getDrift().getRateAfter(), s.getDrift().getSamplesAfter()));
                        }
                    }
                    var watch = new ProbeStore(driver.getKeyValueStore(TrainerTopology.STORE), d -> null)
                            .drift(ProbeKeys.of("c", TestRecords.TARGET));
                    line.append(String.format(Locale.ROOT, " | rises %d, minor rises %d, falls %d", watch.rises(),
                            watch.minorRises(), watch.falls()));
                    System.out.println(line);
                }
            }
        }
    }
}
