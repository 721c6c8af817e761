package org.strata.security.web;

import java.security.Principal;
import java.util.Arrays;
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
 * A stand-in for Karaf's properties login module, for unit tests only. Karaf's realm needs the Karaf
 * JAAS bundles and an OSGi framework, so it cannot run in a plain unit test; the real realm is covered
 * by the distribution's integration tests. Users come from the options: {@code user.NAME = password,role,role}.
 * Roles are given as {@link RolePrincipal}s, named like Karaf's so the authenticator's lookup by simple name is exercised.
 */
public class FakeLoginModuleForTests implements LoginModule {
    private Subject subject;
    private CallbackHandler handler;
    private Map<String, ?> options;
    private String user;
    private String[] roles;

    @Override
    public void initialize(
            Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException("callback failed: " + e);
        }
        Object entry = options.get("user." + name.getName());
        if (entry == null) {
            throw new FailedLoginException("unknown user");
        }
        String[] parts = entry.toString().split(",");
        char[] given = password.getPassword();
        boolean ok = given != null && Arrays.equals(parts[0].toCharArray(), given);
        password.clearPassword();
        if (!ok) {
            throw new FailedLoginException("wrong password");
        }
        user = name.getName();
        roles = Arrays.copyOfRange(parts, 1, parts.length);
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return true;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().clear();
        return true;
    }

    /** Same simple name as org.apache.karaf.jaas.boot.principal.RolePrincipal. */
    public record RolePrincipal(String getName) implements Principal {}

    /** A principal that is not a role and must not be taken for one. */
    public record UserPrincipal(String getName) implements Principal {}
}
