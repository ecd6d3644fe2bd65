package io.ontobridge.platform.config;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before a service starts, that Kafka and the schema registry answer, so a wrong address is a
 * one-line error naming the setting rather than a stall or a stack trace deep inside a client.
 */
public final class Preflight {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Preflight() {
    }

    public static void check(ServiceSettings settings) {
        checkKafka(settings);
        checkRegistry(settings);
    }

    static void checkKafka(ServiceSettings settings) {
        Map<String, Object> props = settings.connectionProperties();
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SettingsException("bootstrap: no Kafka broker answered at " + settings.bootstrap() + " within "
                    + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new SettingsException("bootstrap: no Kafka broker answered at " + settings.bootstrap() + " within "
                        + TIMEOUT.toSeconds() + " s");
            }
            throw new SettingsException("bootstrap: Kafka at " + settings.bootstrap() + " refused: "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SettingsException("bootstrap: interrupted while reaching " + settings.bootstrap());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new SettingsException("bootstrap: " + unusable(settings.bootstrap(), e));
        }
    }

    /**
     * Why the client could not even be created. Kafka says "Failed to create new KafkaAdminClient" over a
     * ConfigException "No resolvable bootstrap urls" that names no host: the host that does not resolve is named here.
     */
    static String unusable(String bootstrap, Throwable error) {
        Throwable config = null;
        for (Throwable t = error; t != null && config == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException || t instanceof UnknownHostException) {
                config = t;
            }
        }
        if (config != null) {
            List<String> unresolved = new ArrayList<>();
            for (String server : bootstrap.split(",")) {
                String host = server.strip().replaceFirst("^\\[?([^\\]]*?)\\]?(:\\d+)?$", "$1");
                try {
                    InetAddress.getAllByName(host);
                } catch (UnknownHostException e) {
                    unresolved.add(host);
                }
            }
            if (!unresolved.isEmpty()) {
                return "bootstrap server host " + String.join(", ", unresolved)
                        + (unresolved.size() == 1 ? " does not resolve" : " do not resolve")
                        + ": check the host name in '" + bootstrap + "'";
            }
        }
        Throwable reason = config != null ? config : error;
        return "'" + bootstrap + "' is not usable: " + reason.getMessage();
    }

    static void checkRegistry(ServiceSettings settings) {
        String url = settings.registry().replaceAll("/+$", "") + "/subjects";
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new SettingsException("registry: " + settings.registry() + " refused access (HTTP "
                        + response.statusCode() + "): check the registry credentials");
            }
            if (response.statusCode() >= 400) {
                throw new SettingsException("registry: " + settings.registry() + " answered HTTP " + response.statusCode()
                        + " for /subjects: is it the Confluent-compatible API base URL (e.g. .../apis/ccompat/v7)?");
            }
        } catch (IOException e) {
            throw new SettingsException("registry: cannot reach " + settings.registry() + " ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SettingsException("registry: interrupted while reaching " + settings.registry());
        } catch (IllegalArgumentException e) {
            throw new SettingsException("registry: '" + settings.registry() + "' is not a usable URL: " + e.getMessage());
        }
    }
}
