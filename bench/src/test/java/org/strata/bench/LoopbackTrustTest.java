package org.strata.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LoopbackTrustTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** A self-signed certificate for CN=127.0.0.1, valid for a century (self-signed.pem beside this class). */
    private static X509Certificate selfSigned() throws Exception {
        try (InputStream in = LoopbackTrustTest.class.getResourceAsStream("self-signed.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    public void aSelfSignedCertificateIsTakenOnTheLoopbackAlone() throws Exception {
        X509Certificate cert = selfSigned();
        assertTrue(LoopbackTrust.selfSigned(new X509Certificate[] {cert}));
        assertFalse(LoopbackTrust.selfSigned(new X509Certificate[] {cert, cert}));
        assertFalse(LoopbackTrust.selfSigned(new X509Certificate[0]));
        X509TrustManager refusing = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("no");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("no");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        LoopbackTrust.SelfSignedOnLoopback trust = new LoopbackTrust.SelfSignedOnLoopback(refusing);
        trust.checkServerTrusted(new X509Certificate[] {cert}, "RSA");
        try {
            trust.checkServerTrusted(new X509Certificate[] {cert, cert}, "RSA");
            fail("a chain that is not one self-signed certificate went past the JDK's check");
        } catch (CertificateException expected) {
            assertEquals("no", expected.getMessage());
        }
    }

    @Test
    public void aCaCertFileIsTrustedAsIs() throws Exception {
        Path pem = temp.newFile("ca.pem").toPath();
        try (InputStream in = LoopbackTrustTest.class.getResourceAsStream("self-signed.pem")) {
            Files.copy(in, pem, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        X509TrustManager trust = LoopbackTrust.fromPem(pem);
        assertEquals(1, trust.getAcceptedIssuers().length);
        trust.checkServerTrusted(new X509Certificate[] {selfSigned()}, "RSA");
    }

    @Test(expected = CertificateException.class)
    public void aFileWithoutCertificateIsRefused() throws Exception {
        Path empty = temp.newFile("empty.pem").toPath();
        LoopbackTrust.fromPem(empty);
    }
}
