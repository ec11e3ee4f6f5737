package io.migscope.config;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Asks the broker who we are before a component starts, so that a wrong password, a missing truststore or a
 * plaintext client on a TLS listener stops start-up at once with the configuration key to fix, rather than a
 * client retrying in the background. A Kafka client that cannot speak to a listener only sees disconnects, so
 * silence within the timeout is reported as such, naming {@code kafka.security.protocol}.
 */
public final class BrokerCheck {
    public static final Duration TIMEOUT = Duration.ofSeconds(8);

    private BrokerCheck() {
    }

    /** Connects with {@code clientProperties} (bootstrap servers plus the {@code kafka.*} settings) or throws. */
    public static void verify(Properties clientProperties) {
        if (!verifyLogin(clientProperties)) {
            throw silent(clientProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                    clientProperties.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
        }
    }

    /**
     * As {@link #verify(Properties)} for a component that must ride out broker outages (a collector spools): throws
     * only when the broker answered and refused, and returns false when it did not answer at all.
     */
    public static boolean verifyLogin(Properties clientProperties) {
        String servers = clientProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String protocol = clientProperties.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = create(p)) {
            admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                return false;
            }
            throw explain(e.getCause(), servers, protocol);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + servers, e);
        }
    }

    private static Admin create(Properties p) {
        try {
            return Admin.create(p);
        } catch (KafkaException e) {
            // Typically a SASL protocol without sasl.jaas.config, or a truststore that cannot be read.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ConfigException(Keys.KAFKA_PREFIX + "sasl.jaas.config",
                    "cannot create a Kafka client for " + p.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                            + ": " + root.getMessage() + " (check the kafka.security.protocol, kafka.sasl.* and kafka.ssl.* keys)");
        }
    }

    private static RuntimeException explain(Throwable cause, String servers, String protocol) {
        if (cause instanceof SaslAuthenticationException) {
            return new ConfigException(Keys.KAFKA_PREFIX + "sasl.jaas.config", "Kafka at " + servers
                    + " refused authentication: " + cause.getMessage());
        }
        if (cause instanceof SslAuthenticationException) {
            return new ConfigException(Keys.KAFKA_PREFIX + "ssl.truststore.location", "TLS handshake with Kafka at "
                    + servers + " failed: " + cause.getMessage());
        }
        if (cause instanceof AuthorizationException) {
            return new ConfigException(Keys.KAFKA_PREFIX + "sasl.jaas.config", "Kafka at " + servers
                    + " authenticated this client but does not allow it: " + cause.getMessage());
        }
        return new IllegalStateException("cannot reach Kafka at " + servers + ": " + cause, cause);
    }

    private static ConfigException silent(String servers, String protocol) {
        return new ConfigException(Keys.KAFKA_PREFIX + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "no answer from Kafka at "
                + servers + " within " + TIMEOUT.toSeconds() + " s with security.protocol=" + protocol
                + ": the broker is down, or its listener expects another protocol (SASL_SSL needs kafka.security.protocol,"
                + " kafka.sasl.mechanism, kafka.sasl.jaas.config and kafka.ssl.truststore.*)");
    }
}
