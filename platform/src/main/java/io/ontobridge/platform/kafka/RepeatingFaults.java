package io.ontobridge.platform.kafka;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Faults that a fresh attempt meets again: a record over the size limits, a setting the cluster refuses, a missing
 * permission. Replacing the thread or aborting and redoing the transaction cannot get past them, so a service that
 * meets one stops at once and says why, instead of retrying in a loop that makes no progress (a trainer replaced
 * its stream thread 55 times on one state record over {@code max.request.size}).
 */
public final class RepeatingFaults {
    private RepeatingFaults() {
    }

    /** The fault in {@code error}'s cause chain that would repeat on a retry, or null when there is none. */
    public static Throwable find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidConfigurationException || t instanceof TopicAuthorizationException
                    || t instanceof ClusterAuthorizationException || t instanceof GroupAuthorizationException
                    || t instanceof TransactionalIdAuthorizationException) {
                return t;
            }
        }
        return null;
    }
}
