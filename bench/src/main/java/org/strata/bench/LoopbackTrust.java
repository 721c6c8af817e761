package org.strata.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of the fuzzer's client. A distribution makes its own self-signed certificate at first start, which
 * no trust store knows; the fuzzer takes such a certificate only from 127.0.0.1, where nobody can stand between it
 * and the server, and only when it is self-signed and in its validity period. A {@code --cacert} PEM is trusted
 * instead where given (with the JDK's usual checks, host name included); anything else goes by the JDK's trust store.
 */
public final class LoopbackTrust {

    private LoopbackTrust() {}

    public static SSLContext context(String host, Path caCert) throws IOException, GeneralSecurityException {
        TrustManager manager;
        if (caCert != null) {
            manager = fromPem(caCert);
        } else if ("127.0.0.1".equals(host)) {
            manager = new SelfSignedOnLoopback(defaults());
        } else {
            manager = defaults();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {manager}, null);
        return context;
    }

    static X509TrustManager fromPem(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new CertificateException("no certificate in " + pem);
            }
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca" + i++, c);
            }
        }
        return trustManager(store);
    }

    private static X509TrustManager defaults() throws GeneralSecurityException {
        return trustManager(null);
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Whether a chain is one certificate that signed itself and is valid now. */
    static boolean selfSigned(X509Certificate[] chain) {
        if (chain == null || chain.length != 1) {
            return false;
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
            leaf.verify(leaf.getPublicKey());
            return leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Takes a self-signed server certificate (the client only ever talks to 127.0.0.1); otherwise the JDK decides. */
    static final class SelfSignedOnLoopback extends X509ExtendedTrustManager {
        private final X509TrustManager fallback;

        SelfSignedOnLoopback(X509TrustManager fallback) {
            this.fallback = fallback;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (!selfSigned(chain)) {
                fallback.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the fuzzer is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the fuzzer is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the fuzzer is a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return fallback.getAcceptedIssuers();
        }
    }
}
