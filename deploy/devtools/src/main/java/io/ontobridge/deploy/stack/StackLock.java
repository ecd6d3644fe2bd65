package io.ontobridge.deploy.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a local stack holds on its work folder for its whole life: a second stack on the same folder would
 * wipe or share the first's broker data and the services' local state next to it.
 *
 * <p>An OS file lock ({@link FileChannel#tryLock()}) on {@code DIR/stack.lock}: the OS releases it when the
 * holder dies, even by SIGKILL, so a stale lock file never blocks a restart. The file holds the holder's pid,
 * for the refusal's message only.
 */
final class StackLock implements AutoCloseable {
    static final String FILE = "stack.lock";
    /**
     * The lock files this JVM holds. Checked before opening a second channel on one: on Linux, closing any
     * channel on a file drops every lock this JVM holds on it, so a refused second stack would free the first's.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code dir} (created if missing).
     *
     * @throws StackInUseException if another stack, in this JVM or another process, holds it
     */
    static StackLock take(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.toRealPath().resolve(FILE); // one name per folder, however it was spelled
        if (!HELD.add(file)) {
            throw new StackInUseException(dir, Long.toString(ProcessHandle.current().pid()));
        }
        try {
            return lock(dir, file);
        } catch (IOException | RuntimeException | Error e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static StackLock lock(Path dir, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StackInUseException(dir, holder(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new StackLock(file, channel, lock);
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    /** The pid the holder wrote, or empty if it has not written one yet. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD.remove(file);
        }
    }

    /** The refusal of a second stack on a work folder in use: one line, naming the folder and the holder. */
    static final class StackInUseException extends IllegalStateException {
        private final Path dir;

        StackInUseException(Path dir, String holderPid) {
            super(dir + " is in use by a running local stack" + (holderPid.isEmpty() ? "" : " (pid " + holderPid + ")")
                    + ": stop that one first, or give this one another --work-dir");
            this.dir = dir;
        }

        Path dir() {
            return dir;
        }
    }
}
