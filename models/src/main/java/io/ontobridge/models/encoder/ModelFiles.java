package io.ontobridge.models.encoder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Where a model's files come from: {@code "classpath:NAME"} (a resource, e.g. at the root of a model jar)
 * or a filesystem path.
 *
 * <p>ONNX Runtime and the tokenizer need real files, so a resource packed in a jar is extracted once
 * into a cache folder and reused by later runs (and by other JVMs sharing the folder).
 */
public final class ModelFiles {

    private static final String CLASSPATH = "classpath:";

    private ModelFiles() {}

    /**
     * The local file for {@code uri}. A classpath resource inside a jar is copied to
     * {@code cacheDir/classpath/SIZE-CRC/NAME} (from the jar entry); an existing copy is reused.
     */
    public static Path resolve(String uri, Path cacheDir) throws IOException {
        if (!uri.startsWith(CLASSPATH)) {
            Path file = Path.of(uri).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "model file not found");
            }
            return file;
        }
        String name = uri.substring(CLASSPATH.length()).replaceFirst("^/+", "");
        if (name.isEmpty() || name.contains("..")) {
            throw new IllegalArgumentException("bad classpath resource name in " + uri);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL url = loader == null ? null : loader.getResource(name);
        if (url == null) {
            url = ModelFiles.class.getClassLoader().getResource(name);
        }
        if (url == null) {
            throw new FileNotFoundException(
                    "no resource " + name + " on the classpath (is the jar that ships it a dependency?)");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()); // an exploded classpath folder: the file is already on disk
            } catch (URISyntaxException e) {
                throw new IOException("odd resource URL " + url, e);
            }
        }
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false); // otherwise the JDK keeps the (large) jar open for good
        long size = connection.getContentLengthLong();
        // Key the copy by the jar entry's size and CRC, so two versions of a model jar never share one.
        String key = size + (connection instanceof JarURLConnection jar
                ? "-" + Long.toHexString(jar.getJarEntry().getCrc()) : "");
        Path target = cacheDir.resolve("classpath").resolve(key).resolve(name);
        try (InputStream in = connection.getInputStream()) {
            if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                return target;
            }
            writeAtomically(target, tmp -> Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING));
        }
        return target;
    }

    /**
     * The sha256 that names a checkpoint at {@code location}: a weights file (or {@code classpath:} resource)
     * is hashed whole; a shapes-zoo model folder by its parameters file, as loading it checks.
     */
    public static String checkpointSha256(String location, Path cacheDir) throws IOException {
        if (!location.startsWith(CLASSPATH) && Files.isDirectory(Path.of(location))) {
            Path params = Path.of(location).resolve(io.ontobridge.models.zoo.ModelMetadata.PARAMS);
            if (!Files.isRegularFile(params)) {
                throw new NoSuchFileException(params.toString(), null, "a model folder holds model.json and "
                        + io.ontobridge.models.zoo.ModelMetadata.PARAMS);
            }
            return sha256(params);
        }
        return sha256(resolve(location, cacheDir));
    }

    /** The SHA-256 of a file's bytes, as lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    interface FileWriter {
        void write(Path tmp) throws IOException;
    }

    /**
     * Writes {@code target} through a temp file in the same folder and an atomic rename, so another
     * JVM never sees a half-written file (two writers simply both win with identical content).
     */
    static void writeAtomically(Path target, FileWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: that makes the file owner-only (0600), unhandy in a shared cache.
        Path tmp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
