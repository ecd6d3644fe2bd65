package io.ontobridge.deploy.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the real stack (broker in-process, Apicurio as a child process); needs deploy/devtools/target/registry. */
class LocalStackTest {

    private static final String SCHEMA_JSON = "application/vnd.schemaregistry.v1+json";

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void startsUsesAndStopsBrokerAndRegistry(@TempDir Path work) throws Exception {
        long t0 = System.nanoTime();
        LocalStack stack = LocalStack.start(work);
        System.out.printf("LocalStack started in %d ms (broker %d ms, registry %d ms)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                stack.brokerStartup().toMillis(), stack.registryStartup().toMillis());
        int registryPort = stack.registryPort();
        int brokerPort = Integer.parseInt(stack.bootstrap().substring(stack.bootstrap().lastIndexOf(':') + 1));
        try {
            assertTrue(stack.bootstrap().startsWith("127.0.0.1:"));
            assertEquals("http://127.0.0.1:" + registryPort + "/apis/ccompat/v7", stack.registryUrl());
            assertEquals("http://127.0.0.1:" + registryPort + "/apis/registry/v3", stack.registryApiUrl());

            long k0 = System.nanoTime();
            roundTripInTransaction(stack.bootstrap());
            System.out.printf("transactional round trip took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - k0));
            registerAndReadBackSchema(stack.registryUrl());
        } finally {
            long c0 = System.nanoTime();
            stack.close();
            System.out.printf("LocalStack closed in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0));
        }
        stack.close(); // idempotent

        assertThrows(IOException.class, () -> connect(registryPort), "registry port still answers after close");
        assertThrows(IOException.class, () -> connect(brokerPort), "broker port still answers after close");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void timeoutIsClearAndLeavesNothingRunning(@TempDir Path work) {
        java.util.concurrent.TimeoutException e = assertThrows(java.util.concurrent.TimeoutException.class,
                () -> LocalStack.start(work, Duration.ofMillis(1)));
        assertTrue(e.getMessage().contains("Tail of " + work.resolve("registry.log")), e.getMessage());
    }

    private static void roundTripInTransaction(String bootstrap) throws Exception {
        String topic = "localstack-test";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "localstack-test-tx",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions(); // hangs without transaction.state.log RF/min.isr = 1
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "hello"));
            producer.commitTransaction();
        }
        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "localstack-test-group", // group needs offsets topic RF = 1
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            }
            consumer.commitSync();
        }
        assertEquals(1, got.size());
        assertEquals("k", got.get(0).key());
        assertEquals("hello", got.get(0).value());
    }

    private static void registerAndReadBackSchema(String registryUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/t-value/versions"))
                .header("Content-Type", SCHEMA_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, registered.statusCode(), registered.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(registered.body());
        assertTrue(id.find(), registered.body());

        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id.group(1)))
                .header("Accept", SCHEMA_JSON).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("string"), read.body());
        System.out.println("registered " + registered.body() + ", read back " + read.body());
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }
}
