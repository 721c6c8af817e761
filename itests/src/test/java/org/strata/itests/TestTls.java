package org.strata.itests;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the tests: the distribution serves HTTPS only. A distribution started by its own scripts makes its
 * certificate at first start (bin/strata-init, as in production) and clients trust its etc/strata-tls.crt; Pax
 * Exam starts Karaf without those scripts, so its containers get one made here, once per build, with the JDK's
 * keytool, as strata-init makes it.
 */
final class TestTls {

    static final String PASSWORD = "it-tls-password";
    /** System property naming, inside Pax Exam's container, the certificate its clients trust. */
    static final String CACERT_PROPERTY = "strata.itest.cacert";

    private TestTls() {}

    static Path keystore() {
        return Path.of("target", "it-tls.p12").toAbsolutePath();
    }

    static Path certificate() {
        return Path.of("target", "it-tls.crt").toAbsolutePath();
    }

    /** Makes the keystore and its certificate unless an earlier test class of this build made them. */
    static synchronized void ensureKeystore() throws Exception {
        if (Files.exists(certificate())) {
            return;
        }
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(
                keytool,
                "-genkeypair",
                "-alias",
                "strata",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-validity",
                "30",
                "-dname",
                "CN=localhost, O=Strata tests",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keystore().toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
        Path pending = certificate().resolveSibling("it-tls.crt.tmp");
        run(List.of(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "strata",
                "-keystore",
                keystore().toString(),
                "-storepass",
                PASSWORD,
                "-file",
                pending.toString()));
        Files.move(pending, certificate());
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** An HTTP client that trusts this one certificate, and nothing else. */
    static HttpClient client(Path certificate) {
        return HttpClient.newBuilder()
                .sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    static SSLContext trusting(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("strata", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + certificate, e);
        }
    }
}
