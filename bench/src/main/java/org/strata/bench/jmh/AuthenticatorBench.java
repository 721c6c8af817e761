package org.strata.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;
import org.strata.security.web.CachingAuthenticator;

/**
 * What the web login cache ({@code CachingAuthenticator}, in strata-security, behind every web face's
 * authenticator) costs on a hit: the path of every request
 * of a client that sends the same HTTP Basic credentials again within the cache's life. The realm behind it is asked
 * once, in the set-up. Beside it, the three ways to make the keyed HMAC that fingerprints the credentials: a new
 * {@link Mac} per call (the cache before issue 16's groundwork), a clone of one keyed prototype (the cache now), and
 * one per thread (measured, not used: it keeps a keyed copy in every thread of Jetty's pool).
 *
 * <p>{@code bench/jmh.sh authenticator}; it measures the strata-security jar in target/lib, so a before/after needs
 * the module rebuilt against each (mvn -o -q -f bench/pom.xml package after installing bundles/security).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthenticatorBench {

    private static final String HMAC = "HmacSHA256";
    private static final byte[] USER = "admin".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PASSWORD = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

    private CachingAuthenticator cache;
    private SecretKeySpec key;
    private Mac prototype;
    private ThreadLocal<Mac> perThread;

    @Setup
    public void setUp() throws GeneralSecurityException {
        Authenticator realm = (user, password, origin) -> Optional.of(new Login(user, Set.of("admin")));
        cache = new CachingAuthenticator(realm, Duration.ofHours(1), 100, System::nanoTime);
        cache.authenticate("admin", "correct horse battery staple".toCharArray(), ClientOrigin.UNKNOWN);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, HMAC);
        prototype = Mac.getInstance(HMAC);
        prototype.init(key);
        perThread = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A request's authentication answered from the cache (the password array is cleared by the call). */
    @Benchmark
    public Optional<Login> cacheHit() {
        return cache.authenticate("admin", "correct horse battery staple".toCharArray(), ClientOrigin.UNKNOWN);
    }

    @Benchmark
    public byte[] hmacNewMacPerCall() throws GeneralSecurityException {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(key);
        return hmac(mac);
    }

    @Benchmark
    public byte[] hmacClonedPrototype() throws CloneNotSupportedException {
        return hmac((Mac) prototype.clone());
    }

    @Benchmark
    public byte[] hmacPerThread() {
        return hmac(perThread.get());
    }

    private static byte[] hmac(Mac mac) {
        mac.update(USER);
        mac.update((byte) 0);
        return mac.doFinal(PASSWORD);
    }
}
