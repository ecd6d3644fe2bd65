package io.ontobridge.deploy.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackLockTest {

    @Test
    void aFolderIsHeldOnceInThisJvmTooAndFreedOnClose(@TempDir Path work) throws Exception {
        StackLock first = StackLock.take(work);
        StackLock.StackInUseException refused = assertThrows(StackLock.StackInUseException.class,
                () -> StackLock.take(work.resolve(".")));
        assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
        first.close();
        StackLock.take(work).close(); // free again
    }
}
