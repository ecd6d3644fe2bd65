package io.ontobridge.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ontobridge.deploy.cli.OntobridgeCli;
import io.ontobridge.platform.concept.ConceptSpecs;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.config.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes manifests ({@code deploy/k8s}) and the compose file ({@code deploy/compose}), loaded with the
 * Kubernetes resource model and checked against the code: the image Jib builds, the health and metrics port, the
 * service subcommands and their flags, every topic the services use, the settings and concept spec they mount.
 * No cluster or Docker engine is needed.
 */
class DeployManifestsTest {
    private static final Path K8S = Path.of("..", "k8s");
    private static final Path COMPOSE = Path.of("..", "compose", "compose.yaml");
    private static final String IMAGE = System.getProperty("ontobridge.image");
    private static final int METRICS_PORT = Integer.parseInt(System.getProperty("ontobridge.image.metrics.port", "-1"));
    private static final Map<String, String> SERVICES = Map.of("generator", "generate", "inference", "infer",
            "trainer", "train", "monitor", "monitor");
    private static List<HasMetadata> resources;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (document.lines().anyMatch(line -> !line.isBlank() && !line.trim().startsWith("#"))) {
                        resources.add(serialization.unmarshal(document));
                    }
                }
            }
        }
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<GenericKubernetesResource> all(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    private static ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    private static Container container(String service) {
        Deployment deployment = all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("ontobridge-" + service)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment for " + service));
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The settings file the services mount, as the services read it. */
    private ServiceSettings settings() throws IOException {
        Path file = tmp.resolve("ontobridge.properties");
        Files.writeString(file, configMap("ontobridge-settings").getData().get("ontobridge.properties"));
        return ServiceSettings.load(file, Map.of(), null, null, null);
    }

    @Test
    void everyManifestLoadsAsAKindTheOperatorsKnow() {
        Set<String> kinds = resources.stream().map(HasMetadata::getKind).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("ConfigMap", "Deployment", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser",
                "Namespace", "Secret", "Service")), kinds);
        for (HasMetadata resource : resources) {
            if (!resource.getKind().equals("Namespace")) {
                assertEquals("ontobridge", resource.getMetadata().getNamespace(), resource.getKind() + " "
                        + resource.getMetadata().getName());
            }
        }
        all("KafkaTopic").forEach(t -> assertEquals("ontobridge", t.getMetadata().getLabels().get("strimzi.io/cluster")));
    }

    @Test
    void everyTopicTheServicesUseIsDeclaredWithTheRightCleanupPolicy() throws IOException {
        ServiceSettings settings = settings();
        Topics topics = settings.topics();
        Map<String, GenericKubernetesResource> declared = all("KafkaTopic").stream().collect(Collectors.toMap(
                t -> (String) ((Map<?, ?>) t.getAdditionalProperties().get("spec")).get("topicName"), t -> t));
        assertEquals(new TreeSet<>(topics.all()), new TreeSet<>(declared.keySet()), "declared topics are the services' topics");
        for (var entry : declared.entrySet()) {
            Map<?, ?> spec = (Map<?, ?>) entry.getValue().getAdditionalProperties().get("spec");
            Map<?, ?> config = (Map<?, ?>) spec.get("config");
            boolean compacted = "compact".equals(config.get("cleanup.policy"));
            assertEquals(topics.compacted().contains(entry.getKey()), compacted, entry.getKey() + " cleanup.policy");
            assertEquals(settings.partitions(), ((Number) spec.get("partitions")).intValue(),
                    entry.getKey() + ": as many partitions as the settings create");
        }
    }

    @Test
    void theServicesRunTheImageJibBuildsWithCommandsTheCliTakes() {
        assertNotNull(IMAGE, "the build passes the image name (ontobridge.image)");
        Set<String> subcommands = OntobridgeCli.commandLine().getSubcommands().keySet();
        for (var service : SERVICES.entrySet()) {
            Container container = container(service.getKey());
            assertEquals(IMAGE, container.getImage(), service.getKey());
            List<String> args = container.getArgs();
            assertEquals(service.getValue(), args.get(0), service.getKey() + " runs its subcommand");
            assertTrue(subcommands.contains(args.get(0)));
            // Every flag is one the subcommand takes (picocli fails on an unknown one).
            OntobridgeCli.commandLine().parseArgs(args.toArray(String[]::new));
        }
        assertTrue(container("inference").getArgs().contains("$(POD_NAME)"), "each inference pod is its own instance");
        assertTrue(container("inference").getEnv().stream().anyMatch(e -> e.getName().equals("POD_NAME")
                && e.getValueFrom().getFieldRef().getFieldPath().equals("metadata.name")));
    }

    @Test
    void probesAndScrapingPointAtTheHealthAndMetricsEndpoint() {
        assertTrue(METRICS_PORT > 0, "the build passes the image's metrics port");
        for (String service : SERVICES.keySet()) {
            Container container = container(service);
            assertEquals(METRICS_PORT, container.getPorts().get(0).getContainerPort(), service);
            String portName = container.getPorts().get(0).getName();
            Probe ready = container.getReadinessProbe();
            Probe live = container.getLivenessProbe();
            assertEquals("/health/ready", ready.getHttpGet().getPath(), service);
            assertEquals("/health/live", live.getHttpGet().getPath(), service);
            assertEquals(portName, ready.getHttpGet().getPort().getStrVal());
            assertEquals(portName, live.getHttpGet().getPort().getStrVal());
            Deployment deployment = all(Deployment.class).stream()
                    .filter(d -> d.getMetadata().getName().equals("ontobridge-" + service)).findFirst().orElseThrow();
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals(String.valueOf(METRICS_PORT), annotations.get("prometheus.io/port"), service);
            assertEquals("/metrics", annotations.get("prometheus.io/path"), service);
            var resources = container.getResources();
            assertNotNull(resources.getRequests().get("cpu"), service + " requests CPU");
            assertNotNull(resources.getRequests().get("memory"), service + " requests memory");
            assertNotNull(resources.getLimits().get("memory"), service + " has a memory limit");
        }
    }

    @Test
    void mountsAndSecretsResolveAndTheSettingsPointAtTheDeclaredCluster() throws IOException {
        Set<String> configMaps = all(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        Map<String, Set<String>> secrets = all(io.fabric8.kubernetes.api.model.Secret.class).stream().collect(Collectors.toMap(
                secret -> secret.getMetadata().getName(), secret -> secret.getStringData().keySet()));
        for (String service : SERVICES.keySet()) {
            Container container = container(service);
            Deployment deployment = all(Deployment.class).stream()
                    .filter(d -> d.getMetadata().getName().equals("ontobridge-" + service)).findFirst().orElseThrow();
            Map<String, Volume> volumes = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .collect(Collectors.toMap(Volume::getName, v -> v));
            for (VolumeMount mount : container.getVolumeMounts()) {
                Volume volume = volumes.get(mount.getName());
                assertNotNull(volume, service + " mounts " + mount.getName());
                if (volume.getConfigMap() != null) {
                    assertTrue(configMaps.contains(volume.getConfigMap().getName()), volume.getConfigMap().getName());
                }
            }
            // --config and --concept name files inside mounted ConfigMaps.
            List<String> args = container.getArgs();
            for (String flag : List.of("--config", "--concept")) {
                Path file = Path.of(args.get(args.indexOf(flag) + 1));
                VolumeMount mount = container.getVolumeMounts().stream()
                        .filter(m -> file.getParent().equals(Path.of(m.getMountPath()))).findFirst()
                        .orElseThrow(() -> new AssertionError(service + ": nothing mounted at " + file.getParent()));
                String map = volumes.get(mount.getName()).getConfigMap().getName();
                assertTrue(configMap(map).getData().containsKey(file.getFileName().toString()), file + " in " + map);
            }
            // The SCRAM credentials come from the declared Secret, and the JAAS setting is built from them.
            List<String> defined = new ArrayList<>();
            for (var env : container.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    assertTrue(secrets.getOrDefault(ref.getName(), Set.of()).contains(ref.getKey()),
                            service + ": " + env.getName() + " from " + ref.getName() + "/" + ref.getKey() + ", which is not declared");
                }
                if (env.getValue() != null) {
                    java.util.regex.Matcher uses = java.util.regex.Pattern.compile("\\$\\((\\w+)\\)").matcher(env.getValue());
                    while (uses.find()) {
                        assertTrue(defined.contains(uses.group(1)), env.getName() + " uses $(" + uses.group(1)
                                + ") before it is defined");
                    }
                }
                defined.add(env.getName());
            }
            assertTrue(defined.contains("ONTOBRIDGE_KAFKA_SASL_JAAS_CONFIG"), service + " has its Kafka credentials");
        }
        ServiceSettings settings = settings();
        Map<?, ?> kafkaSpec = (Map<?, ?>) ((Map<?, ?>) all("Kafka").get(0).getAdditionalProperties().get("spec")).get("kafka");
        String cluster = all("Kafka").get(0).getMetadata().getName();
        List<?> listeners = (List<?>) kafkaSpec.get("listeners");
        Map<?, ?> scram = listeners.stream().map(l -> (Map<?, ?>) l)
                .filter(l -> l.get("authentication") != null).findFirst().orElseThrow();
        assertEquals(cluster + "-kafka-bootstrap:" + scram.get("port"), settings.bootstrap(),
                "the services reach the SCRAM listener through Strimzi's bootstrap service");
        assertEquals("SCRAM-SHA-512", settings.kafka().get("sasl.mechanism"));
        // Strimzi sets the KafkaUser's password from the same Secret the services read.
        Map<?, ?> password = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) all("KafkaUser").get(0).getAdditionalProperties()
                .get("spec")).get("authentication")).get("password");
        Map<?, ?> ref = (Map<?, ?>) ((Map<?, ?>) password.get("valueFrom")).get("secretKeyRef");
        assertEquals("ontobridge-credentials", ref.get("name"));
        assertTrue(secrets.get("ontobridge-credentials").contains((String) ref.get("key")));
        int registryPort = all(io.fabric8.kubernetes.api.model.Service.class).get(0).getSpec().getPorts().get(0).getPort();
        assertEquals("http://ontobridge-registry:" + registryPort + "/apis/ccompat/v7", settings.registry());
    }

    @Test
    void theMountedConceptIsTheShippedSpecWithPathsIntoTheImage() throws IOException {
        String shipped = Files.readString(Path.of("..", "..", "concepts", "shapes.yaml"));
        String mounted = configMap("ontobridge-concepts").getData().get("shapes.yaml");
        assertEquals(shipped.replace("../zoo/", "/opt/ontobridge/zoo/").replace("../worlds/", "/opt/ontobridge/worlds/"),
                mounted, "the ConfigMap holds concepts/shapes.yaml, its model paths pointing into the image");
        // It loads and validates against this checkout laid out as the image lays it out (/opt/ontobridge).
        Path root = Path.of("..", "..").toAbsolutePath().normalize();
        Path spec = Files.writeString(tmp.resolve("shapes.yaml"), mounted.replace("/opt/ontobridge/", root + "/"));
        assertEquals("triangle", ConceptSpecs.load(spec).concept());
    }

    @Test
    void theComposeFileRunsKafkaTheRegistryAndTheFourServicesFromTheImage() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
        JsonNode services = compose.get("services");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(List.of("generator", "inference", "kafka", "monitor", "registry", "trainer")), names);
        assertTrue(services.get("registry").get("image").asText().endsWith(":" + System.getProperty("apicurio.registry.version")),
                "the registry version the project tests with");
        for (var service : SERVICES.entrySet()) {
            JsonNode node = services.get(service.getKey());
            assertEquals(IMAGE, node.get("image").asText(), service.getKey());
            List<String> command = new ArrayList<>();
            node.get("command").forEach(c -> command.add(c.asText()));
            assertEquals(service.getValue(), command.get(0));
            OntobridgeCli.commandLine().parseArgs(command.toArray(String[]::new));
            // The concept is the shipped one, mounted over the image's copy.
            String concept = command.get(command.indexOf("--concept") + 1);
            assertEquals("/opt/ontobridge/concepts/shapes.yaml", concept);
            String volume = node.get("volumes").get(0).asText();
            assertEquals("../../concepts:/opt/ontobridge/concepts:ro", volume);
            assertTrue(Files.isRegularFile(COMPOSE.getParent().resolve("../../concepts/shapes.yaml").normalize()));
            assertEquals("kafka:9092", node.get("environment").get("ONTOBRIDGE_BOOTSTRAP").asText());
            assertTrue(node.get("environment").get("ONTOBRIDGE_REGISTRY").asText().startsWith("http://registry:8080/"));
            assertTrue(node.get("ports").get(0).asText().endsWith(":" + METRICS_PORT), "the metrics port is published");
            assertTrue(node.get("healthcheck").get("test").toString().contains("/health/ready"));
        }
        assertFalse(services.get("kafka").get("environment").get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()
                .isEmpty(), "transactions on one broker need the log's replication factor set to 1");
    }
}
