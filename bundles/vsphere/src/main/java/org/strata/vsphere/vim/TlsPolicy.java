package org.strata.vsphere.vim;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.strata.spi.Reasons;

/**
 * Which server certificates a connection accepts, as vSphere tools offer it: the JDK's trust store (the default),
 * one certificate pinned by its thumbprint (what govc's {@code --thumbprint} and vCenter's "add host" do with a
 * self-signed ESX certificate), or, only where the operator says so, any certificate.
 *
 * @param thumbprint a SHA-256 (or SHA-1) fingerprint in hex, colons optional; null unless pinned
 * @param insecure   accept any certificate
 */
public record TlsPolicy(String thumbprint, boolean insecure) {

    public static final TlsPolicy VERIFY = new TlsPolicy(null, false);
    public static final TlsPolicy INSECURE = new TlsPolicy(null, true);

    public TlsPolicy {
        if (thumbprint != null) {
            thumbprint = normalise(thumbprint);
            if (thumbprint.length() != 64 && thumbprint.length() != 40) {
                throw new IllegalArgumentException(
                        "a thumbprint is a SHA-256 (64 hex digits) or SHA-1 (40) fingerprint");
            }
        }
    }

    public static TlsPolicy pinned(String thumbprint) {
        return new TlsPolicy(thumbprint, false);
    }

    /** The SHA-256 fingerprint of a certificate, as vSphere shows it (AA:BB:...). */
    public static String sha256(X509Certificate certificate) {
        return fingerprint(certificate, "SHA-256");
    }

    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Trust(this, defaultTrust())}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    private static X509ExtendedTrustManager defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static String normalise(String thumbprint) {
        return thumbprint.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private static String fingerprint(X509Certificate certificate, String algorithm) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface SystemCheck {
        void run() throws CertificateException;
    }

    /**
     * Pinned or insecure: no chain or host name check (a pinned self-signed certificate names no CA and often not
     * the address used). Verified: the JDK's checks, and a refusal that names the thumbprint to pin.
     */
    private static final class Trust extends X509ExtendedTrustManager {
        private final TlsPolicy policy;
        private final X509ExtendedTrustManager system;

        Trust(TlsPolicy policy, X509ExtendedTrustManager system) {
            this.policy = policy;
            this.system = system;
        }

        private void check(X509Certificate[] chain, SystemCheck systemCheck) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server presented no certificate");
            }
            if (policy.insecure()) {
                return;
            }
            String presented = fingerprint(
                    chain[0], policy.thumbprint() != null && policy.thumbprint().length() == 40 ? "SHA-1" : "SHA-256");
            if (policy.thumbprint() != null) {
                if (!normalise(presented).equals(policy.thumbprint())) {
                    throw new CertificateException(
                            "the server's certificate has thumbprint " + presented + ", not the pinned one");
                }
                return;
            }
            try {
                systemCheck.run();
            } catch (CertificateException e) {
                // No cause: callers show the innermost message, and this one says what to do.
                throw new CertificateException("the server's certificate is not trusted (" + Reasons.of(e)
                        + "); to trust this one, pin its SHA-256 thumbprint " + presented);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType, socket));
        }

        /** The JDK's own manager checks the chain and, as the engine's parameters ask, the host name. */
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
