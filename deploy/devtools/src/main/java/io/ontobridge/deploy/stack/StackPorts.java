package io.ontobridge.deploy.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The loopback ports a local stack listens on, kept in {@code DIR/ports.properties} once it came up, so that
 * {@code --keep} restarts it where its clients (and the broker's own metadata) expect it.
 */
record StackPorts(int broker, int controller, int registry) {
    static final String FILE = "ports.properties";

    /** Three distinct free loopback ports. */
    static StackPorts fresh() throws IOException {
        int[] ports = SchemaRegistryProcess.freePorts(3);
        return new StackPorts(ports[0], ports[1], ports[2]);
    }

    /**
     * The ports of the stack kept in {@code dir}, each checked free.
     *
     * @throws IllegalStateException if no stack ever came up there, or a port is taken now
     */
    static StackPorts kept(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no stack to keep in " + dir + " (no " + FILE
                    + "): start one without --keep first");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        StackPorts ports;
        try {
            ports = new StackPorts(Integer.parseInt(p.getProperty("broker", "")),
                    Integer.parseInt(p.getProperty("controller", "")), Integer.parseInt(p.getProperty("registry", "")));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage()
                    + "): start a fresh stack without --keep");
        }
        for (int port : new int[] {ports.broker, ports.controller, ports.registry}) {
            requireFree(port, dir);
        }
        return ports;
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("broker", Integer.toString(broker));
        p.setProperty("controller", Integer.toString(controller));
        p.setProperty("registry", Integer.toString(registry));
        Path tmp = dir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            p.store(out, "the ports of the local stack in this folder; `up --keep` reuses them");
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void requireFree(int port, Path dir) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a port in TIME_WAIT after the last stack stopped is free to listen on
            probe.bind(new InetSocketAddress(InetAddress.getByName(SchemaRegistryProcess.LOOPBACK), port));
        } catch (IOException taken) {
            throw new IllegalStateException("port " + port + " of the stack kept in " + dir
                    + " is taken by another program: free it, or start a fresh stack without --keep");
        }
    }
}
