package io.ontobridge.deploy.bench;

import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.ConsumerLag;
import io.ontobridge.platform.kafka.GroupIds;
import io.ontobridge.streams.monitor.MonitorConfig;
import io.ontobridge.streams.trainer.TrainerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The bench's view of the service processes through their consumer groups: when they have joined, when the
 * inference group has its instances, when every input is drained; and a process that died ends the bench.
 */
final class ServiceGroups {
    private final ServiceSettings settings;
    private final ConceptSpec spec;
    private final Path workDir;

    ServiceGroups(ServiceSettings settings, ConceptSpec spec, Path workDir) {
        this.settings = settings;
        this.spec = spec;
        this.workDir = workDir;
    }

    private List<String> serviceGroups() {
        return List.of(GroupIds.inference(settings.topicPrefix(), spec), new TrainerConfig(settings, spec).applicationId(),
                new MonitorConfig(settings, spec).applicationId());
    }

    /** Until the inference group and both Streams applications have joined their groups. */
    void awaitReady(List<ServiceProcess> services) throws Exception {
        try (Admin admin = Admin.create(settings.connectionProperties())) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                failIfDied(services);
                try {
                    Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(serviceGroups()).all()
                            .get(10, TimeUnit.SECONDS);
                    if (groups.values().stream().allMatch(g -> g.groupState() == GroupState.STABLE && !g.members().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    // not created yet: the service is still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the services did not join their groups within 3 minutes; logs in "
                            + workDir.resolve("logs"));
                }
                Thread.sleep(500);
            }
        }
    }

    /** Until the inference group is stable with {@code instances} members. */
    void awaitInferenceInstances(List<ServiceProcess> services, int instances) throws Exception {
        String group = GroupIds.inference(settings.topicPrefix(), spec);
        try (Admin admin = Admin.create(settings.connectionProperties())) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                failIfDied(services);
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(10, TimeUnit.SECONDS).get(group);
                if (description.groupState() == GroupState.STABLE && description.members().size() == instances) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(instances + " inference instances did not join " + group
                            + " within 3 minutes; logs in " + workDir.resolve("logs"));
                }
                Thread.sleep(500);
            }
        }
    }

    static void failIfDied(List<ServiceProcess> services) {
        for (ServiceProcess service : services) {
            if (!service.isAlive() && !service.name().startsWith("generator")) {
                throw new IllegalStateException(service.name() + " stopped; see " + service.log());
            }
        }
    }

    static void awaitGenerator(ServiceProcess generator) throws InterruptedException {
        int exit = generator.awaitExit(10, TimeUnit.MINUTES);
        if (exit != 0) {
            throw new IllegalStateException(generator.name() + " exited with " + exit + "; see " + generator.log());
        }
    }

    /** Until inference, trainer and monitor have committed every record on their input topics. */
    void awaitDrained(List<ServiceProcess> services) throws Exception {
        List<String> groups = serviceGroups();
        List<String> inputs = List.of(settings.topics().samples(), settings.topics().activations(), settings.topics().scores());
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (int i = 0; i < groups.size(); i++) {
            try (ConsumerLag lag = new ConsumerLag(settings, groups.get(i), inputs.get(i))) {
                while (lag.current() > 0) {
                    failIfDied(services);
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(groups.get(i) + " still lags on " + inputs.get(i));
                    }
                    Thread.sleep(200);
                }
            }
        }
    }
}
