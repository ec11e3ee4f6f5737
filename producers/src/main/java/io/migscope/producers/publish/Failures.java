package io.migscope.producers.publish;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Which send failures no retry can fix: spooling those would block the spool forever. */
final class Failures {
    private Failures() {
    }

    static boolean isPermanent(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof InvalidTopicException
                || e instanceof AuthorizationException || e instanceof AuthenticationException
                || e instanceof SerializationException || e instanceof UnsupportedVersionException;
    }
}
