package io.migscope.embedded.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS material for the embedded broker, made at start-up: a self-signed CA, a broker certificate it signs for
 * {@code 127.0.0.1} and {@code localhost} (so clients keep hostname verification on), a PKCS12 keystore with the
 * broker key and chain, and a PKCS12 truststore holding only the CA. Nothing is reused across starts.
 *
 * @param keystore   the broker's PKCS12 keystore
 * @param truststore the clients' (and the broker's) PKCS12 truststore
 * @param password   the password of both stores
 */
public record TlsMaterial(Path keystore, Path truststore, String password) {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration VALIDITY = Duration.ofDays(30);

    /** Generates fresh material in {@code dir} (created if missing); the store password is random. */
    public static TlsMaterial generate(Path dir, String password) {
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=migscope embedded CA");
            X509Certificate ca = sign(certificate(caName, caName, caKeys, true), caKeys);
            KeyPair brokerKeys = ecKeys();
            X509Certificate broker = sign(certificate(caName, new X500Name("CN=localhost"), brokerKeys, false), caKeys);
            TlsMaterial m = new TlsMaterial(dir.resolve("broker.keystore.p12"), dir.resolve("truststore.p12"), password);
            KeyStore keys = emptyStore();
            keys.setKeyEntry("broker", brokerKeys.getPrivate(), password.toCharArray(), new Certificate[] {broker, ca});
            write(keys, m.keystore(), password);
            KeyStore trust = emptyStore();
            trust.setCertificateEntry("ca", ca);
            write(trust, m.truststore(), password);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS material under " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate TLS material: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder certificate(X500Name issuer, X500Name subject, KeyPair keys, boolean ca)
            throws CertIOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return b;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore s = KeyStore.getInstance("PKCS12");
        s.load(null, null);
        return s;
    }

    private static void write(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
