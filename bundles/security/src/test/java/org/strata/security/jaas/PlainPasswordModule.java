package org.strata.security.jaas;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * The password module behind the guard in its tests and in bench's LoginBench: accepts the password "right" for any
 * user, as Karaf's PropertiesLoginModule would after its hash check (flag it SUFFICIENT, as Karaf's realm does), so
 * that what a test sees or a benchmark measures around it is the guard's doing, not bcrypt's. Shipped in this
 * module's test-jar, and only it, for the benchmark.
 */
public final class PlainPasswordModule implements LoginModule {
    private CallbackHandler handler;

    @Override
    public void initialize(
            Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        handler = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException(e.getMessage());
        }
        if (!"right".equals(new String(password.getPassword()))) {
            throw new FailedLoginException("wrong password");
        }
        return true;
    }

    @Override
    public boolean commit() {
        return true;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
