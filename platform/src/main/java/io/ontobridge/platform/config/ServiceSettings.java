package io.ontobridge.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where a service finds Kafka and the schema registry, shared by every service's own config.
 * Loaded from a properties or YAML file, then environment variables, then command-line flags
 * (each overrides the one before).
 *
 * <pre>
 * bootstrap=broker1:9092          # ONTOBRIDGE_BOOTSTRAP
 * registry=http://host:8080/apis/ccompat/v7   # ONTOBRIDGE_REGISTRY (Confluent-compatible API)
 * topic.prefix=ontobridge         # ONTOBRIDGE_TOPIC_PREFIX
 * partitions=3                    # ONTOBRIDGE_PARTITIONS: partitions of topics created when missing
 * work.dir=.ontobridge            # ONTOBRIDGE_WORK_DIR: caches (extracted models) and local data
 * kafka.security.protocol=SASL_SSL   # ONTOBRIDGE_KAFKA_SECURITY_PROTOCOL: any Kafka client or serde setting
 * </pre>
 *
 * @param kafka Kafka client and serde settings passed straight through (keys without the {@code kafka.} prefix)
 */
public record ServiceSettings(String bootstrap, String registry, String topicPrefix, int partitions, Path workDir,
                              Map<String, String> kafka) {
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "jaas", "token", "credentials", "key.password");

    public ServiceSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new SettingsException("bootstrap: is required (--bootstrap HOST:PORT, ONTOBRIDGE_BOOTSTRAP or 'bootstrap' in the config file)");
        }
        if (registry == null || registry.isBlank()) {
            throw new SettingsException("registry: is required (--registry URL, ONTOBRIDGE_REGISTRY or 'registry' in the config file)");
        }
        if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
            throw new SettingsException("registry: '" + registry + "' is not an http(s) URL");
        }
        topicPrefix = topicPrefix == null ? Topics.DEFAULT_PREFIX : topicPrefix;
        if (partitions < 1) {
            throw new SettingsException("partitions: must be >= 1, got " + partitions);
        }
        workDir = workDir == null ? Path.of(".ontobridge") : workDir;
        kafka = Map.copyOf(kafka == null ? Map.of() : kafka);
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }

    /** Where extracted and edited model files are cached between runs. */
    public Path modelCache() {
        return workDir.resolve("models");
    }

    /** The Kafka client settings every client of this service starts from. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    /**
     * The client settings without (de)serializer classes: for clients that bring their own serdes, and for
     * admin clients, which would warn about them.
     */
    public Map<String, Object> connectionProperties() {
        Map<String, Object> props = clientProperties();
        props.keySet().removeIf(k -> k.endsWith(".serializer") || k.endsWith(".deserializer"));
        return props;
    }

    /** A copy with other values of the connection fields, as command-line flags give them (null keeps a value). */
    public ServiceSettings with(String newBootstrap, String newRegistry, String newPrefix) {
        return new ServiceSettings(newBootstrap != null ? newBootstrap : bootstrap,
                newRegistry != null ? newRegistry : registry,
                newPrefix != null ? newPrefix : topicPrefix, partitions, workDir, kafka);
    }

    /** The settings for logs and summaries: values of secret-looking keys are masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        kafka.forEach((k, v) -> shown.put(k, isSecret(k) ? "******" : v));
        return "ServiceSettings[bootstrap=" + bootstrap + ", registry=" + registry + ", topicPrefix=" + topicPrefix
                + ", partitions=" + partitions + ", workDir=" + workDir + ", kafka=" + shown + "]";
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(k::contains);
    }

    /**
     * Reads settings: {@code file} (may be null), then {@code env} overrides, then the non-null
     * {@code bootstrap}/{@code registry}/{@code prefix} from the command line.
     */
    public static ServiceSettings load(Path file, Map<String, String> env, String bootstrap, String registry,
                                       String prefix) {
        Map<String, String> flat = flat(file, env);
        if (bootstrap != null) {
            flat.put("bootstrap", bootstrap);
        }
        if (registry != null) {
            flat.put("registry", registry);
        }
        if (prefix != null) {
            flat.put("topic.prefix", prefix);
        }
        Map<String, String> kafka = new LinkedHashMap<>();
        flat.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                kafka.put(k.substring("kafka.".length()), v);
            }
        });
        int partitions;
        try {
            partitions = Integer.parseInt(flat.getOrDefault("partitions", "3").trim());
        } catch (NumberFormatException e) {
            throw new SettingsException("partitions: '" + flat.get("partitions") + "' is not a whole number");
        }
        String workDir = flat.get("work.dir");
        return new ServiceSettings(flat.get("bootstrap"), flat.get("registry"), flat.get("topic.prefix"), partitions,
                workDir == null ? null : Path.of(workDir), kafka);
    }

    /**
     * Every setting as a flat key (as in a properties file): {@code file} (may be null), then {@code env}
     * ({@code ONTOBRIDGE_WEBHOOK_URL} is {@code webhook.url}; {@code ONTOBRIDGE_KAFKA_*} keep their case-folded rest).
     * A service's own settings (say the webhook's) are read from here too.
     */
    public static Map<String, String> flat(Path file, Map<String, String> env) {
        Map<String, String> flat = new LinkedHashMap<>();
        if (file != null) {
            flat.putAll(readFile(file));
        }
        env.forEach((name, value) -> {
            if (name.startsWith("ONTOBRIDGE_KAFKA_")) {
                flat.put("kafka." + name.substring("ONTOBRIDGE_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            } else if (name.startsWith("ONTOBRIDGE_")) {
                flat.put(name.substring("ONTOBRIDGE_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return flat;
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SettingsException("config file " + file + ": no such file");
        }
        String name = file.getFileName().toString();
        Map<String, String> flat = new LinkedHashMap<>();
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                if (root != null) {
                    flatten("", root, flat);
                }
            } else {
                Properties props = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    props.load(reader);
                }
                props.stringPropertyNames().forEach(k -> flat.put(k, props.getProperty(k)));
            }
        } catch (IOException e) {
            throw new SettingsException("config file " + file + ": cannot read it: " + e.getMessage());
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix.replace('_', '.'), node.asText());
        }
    }
}
