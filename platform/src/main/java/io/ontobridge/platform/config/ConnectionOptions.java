package io.ontobridge.platform.config;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The command-line flags every service shares: where Kafka and the registry are. */
public final class ConnectionOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (.properties or .yaml): bootstrap, registry, topic.prefix, partitions, work.dir, kafka.*")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (overrides the config file and ONTOBRIDGE_BOOTSTRAP)")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry, Confluent-compatible API base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7")
    String registry;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic name (default: ontobridge)")
    String topicPrefix;

    /** The settings these flags, the environment and the config file give together. */
    public ServiceSettings settings() {
        return ServiceSettings.load(config, System.getenv(), bootstrap, registry, topicPrefix);
    }

    /** Every setting as a flat key: the config file, then the environment (for a service's own settings). */
    public java.util.Map<String, String> flatSettings() {
        return ServiceSettings.flat(config, System.getenv());
    }

    /** True when the user named a cluster (by flag, config file or environment) rather than wanting a local one. */
    public boolean hasConnection() {
        return bootstrap != null || config != null || System.getenv("ONTOBRIDGE_BOOTSTRAP") != null;
    }

    /** Flags for a caller that already knows where Kafka and the registry are (the demo). */
    public static ConnectionOptions of(String bootstrap, String registry, String topicPrefix) {
        ConnectionOptions options = new ConnectionOptions();
        options.bootstrap = bootstrap;
        options.registry = registry;
        options.topicPrefix = topicPrefix;
        return options;
    }
}
