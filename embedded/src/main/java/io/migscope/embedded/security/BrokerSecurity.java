package io.migscope.embedded.security;

import io.migscope.config.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Security of the embedded broker: a SASL_SSL client listener with SCRAM-SHA-512, ACLs enforced by the
 * StandardAuthorizer, and nothing allowed without an ACL. The super user {@code admin} is bootstrapped into the
 * metadata when the storage is formatted (the broker itself uses it for inter-broker traffic, such as transaction
 * markers); the controller listener, on loopback only, uses SASL PLAIN with the same user.
 *
 * <p>Passwords are random, made once per directory and kept there in files readable only by the owner, one per
 * user, so clients read them with {@code ${file:PATH}} and a restarted broker accepts the same credentials. The
 * TLS material is made anew at every start.
 */
public final class BrokerSecurity {
    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final TlsMaterial tls;

    private BrokerSecurity(Path dir, TlsMaterial tls) {
        this.dir = dir;
        this.tls = tls;
    }

    /** Prepares credentials (kept) and TLS material (fresh) under {@code dir}. */
    public static BrokerSecurity prepare(Path dir) {
        BrokerSecurity s = new BrokerSecurity(dir, null);
        String storePassword = s.password("tls-store");
        return new BrokerSecurity(dir, TlsMaterial.generate(dir.resolve("tls"), storePassword));
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** The password of {@code user}, created on first use. */
    public String password(String user) {
        Path file = passwordFile(user);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] raw = new byte[24];
                RANDOM.nextBytes(raw);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
                ownerOnly(file);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the password of " + user + " in " + file, e);
        }
    }

    /** The file holding {@code user}'s password, for {@code ${file:PATH}} references. */
    public Path passwordFile(String user) {
        return dir.resolve(user + ".password");
    }

    /** Broker settings for the SASL_SSL listener on {@code port} and the controller listener on {@code controllerPort}. */
    public Map<String, String> brokerProperties(int port, int controllerPort, String controllerName) {
        String admin = password(ADMIN);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + port + "," + controllerName + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL," + controllerName + ":SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(SCRAM_MODULE, ADMIN, admin, ""));
        // SCRAM credentials live in the metadata log, which the controller listener must serve first: PLAIN there.
        String controller = "listener.name." + controllerName.toLowerCase() + ".";
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put(controller + "sasl.enabled.mechanisms", "PLAIN");
        p.put(controller + "plain.sasl.jaas.config",
                jaas(PLAIN_MODULE, ADMIN, admin, " user_" + ADMIN + "=\"" + admin + "\""));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", tls.keystore().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.key.password", tls.password());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** The admin's SCRAM credential, written into the metadata when the storage is formatted. */
    public List<String> scramBootstrap() {
        return List.of(MECHANISM + "=[name=" + ADMIN + ",password=" + password(ADMIN) + "]");
    }

    /** Kafka client properties for {@code user} (the password in clear: only for clients made in this process). */
    public Properties clientProperties(String bootstrapServers, String user) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(clientSettings(user, password(user)));
        return p;
    }

    /**
     * migscope configuration for a component running as {@code user}: the {@code kafka.*} client settings with
     * every secret read from its file ({@code ${file:PATH}}), never written out.
     */
    public Map<String, String> migscopeConfig(String user) {
        Map<String, String> m = new LinkedHashMap<>();
        clientSettings(user, "${file:" + passwordFile(user) + "}").forEach((k, v) -> m.put(Keys.KAFKA_PREFIX + k, v));
        m.put(Keys.KAFKA_PREFIX + SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "${file:" + passwordFile("tls-store") + "}");
        return m;
    }

    private Map<String, String> clientSettings(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(SCRAM_MODULE, user, password, ""));
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.password());
        return p;
    }

    private static String jaas(String module, String user, String password, String extra) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\"" + extra + ";";
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions are all there is.
        }
    }
}
