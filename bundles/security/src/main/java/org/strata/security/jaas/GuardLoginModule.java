package org.strata.security.jaas;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.strata.security.LoginGuard;
import org.strata.security.LoginOrigin;

/**
 * The first module of the platform's realm ({@link StrataRealm}): before any password is checked, it refuses a login
 * the throttle holds back; afterwards it tells the {@link LoginGuard} how the login went (JAAS calls commit on
 * success and abort on failure, whichever module decided).
 *
 * <p>Its login() never succeeds: it returns false ("ignore me") so that only the password and key modules after it
 * decide. A requisite module that succeeded would count as a success in JAAS, and with the sufficient modules after
 * it all failing, the login would pass.
 */
public final class GuardLoginModule implements LoginModule {

    /** What the message of a refusal says; clients (Strata's web services) read the seconds from it. */
    public static final String REFUSAL = "too many failed logins; try again in %d s";

    private Subject subject;
    private CallbackHandler callbacks;
    private BundleContext context;
    private LoginGuard given;
    private String user;
    private LoginOrigin origin;
    private boolean refused;

    @Override
    public void initialize(
            Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.context = (BundleContext) options.get(BundleContext.class.getName());
        // Outside OSGi (tests) the guard itself may be given.
        this.given = (LoginGuard) options.get(LoginGuard.class.getName());
    }

    @Override
    public boolean login() throws LoginException {
        user = askName();
        origin = LoginOrigin.of(subject);
        Optional<Duration> wait = withGuard(g -> g.admit(user, origin)).flatMap(w -> w);
        if (wait.isPresent()) {
            refused = true;
            throw new AccountLockedException(String.format(REFUSAL, wait.get().toSeconds()));
        }
        return false;
    }

    @Override
    public boolean commit() {
        if (user != null) {
            withGuard(g -> {
                g.succeeded(user, origin);
                return null;
            });
        }
        return false;
    }

    @Override
    public boolean abort() {
        if (user != null && !refused) {
            withGuard(g -> {
                g.failed(user, origin);
                return null;
            });
        }
        user = null;
        return false;
    }

    @Override
    public boolean logout() {
        return false;
    }

    private String askName() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        try {
            callbacks.handle(new Callback[] {name});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the user name: " + e.getMessage());
        }
        return name.getName() == null ? "" : name.getName();
    }

    /** Empty when the guard is not there (this bundle is stopping): the login is then neither held back nor counted. */
    private <T> Optional<T> withGuard(Function<LoginGuard, T> use) {
        if (given != null) {
            return Optional.ofNullable(use.apply(given));
        }
        if (context == null) {
            return Optional.empty();
        }
        ServiceReference<LoginGuard> ref = context.getServiceReference(LoginGuard.class);
        LoginGuard guard = ref == null ? null : context.getService(ref);
        if (guard == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(use.apply(guard));
        } finally {
            context.ungetService(ref);
        }
    }
}
