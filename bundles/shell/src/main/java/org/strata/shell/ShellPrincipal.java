package org.strata.shell;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/**
 * Who is typing: the name of the Karaf user the shell session was opened for. Karaf runs every command
 * inside its session's JAAS subject; the user is the principal of class
 * {@code org.apache.karaf.jaas.boot.principal.UserPrincipal} (matched by simple class name so that this
 * bundle needs no import of Karaf's JAAS packages). Without one, the principal is {@value #FALLBACK}.
 */
public final class ShellPrincipal {

    public static final String FALLBACK = "shell";

    private static final String USER_PRINCIPAL = "UserPrincipal";
    private static final String ROLE_PRINCIPAL = "RolePrincipal";

    private ShellPrincipal() {}

    /** The name of the user running the current command. */
    @SuppressWarnings("removal")
    public static String current() {
        Subject subject;
        try {
            subject = Subject.getSubject(AccessController.getContext());
        } catch (UnsupportedOperationException | SecurityException e) {
            subject = null;
        }
        return of(subject);
    }

    /**
     * The roles of the user running the current command: the names of the session subject's principals of class
     * {@code org.apache.karaf.jaas.boot.principal.RolePrincipal} (matched by simple class name, as the user is).
     */
    @SuppressWarnings("removal")
    public static java.util.Set<String> roles() {
        Subject subject;
        try {
            subject = Subject.getSubject(AccessController.getContext());
        } catch (UnsupportedOperationException | SecurityException e) {
            subject = null;
        }
        return rolesOf(subject);
    }

    /** The role names in a subject; empty without one. */
    public static java.util.Set<String> rolesOf(Subject subject) {
        java.util.Set<String> roles = new java.util.TreeSet<>();
        if (subject != null) {
            for (Principal principal : subject.getPrincipals()) {
                if (ROLE_PRINCIPAL.equals(principal.getClass().getSimpleName()) && principal.getName() != null) {
                    roles.add(principal.getName());
                }
            }
        }
        return roles;
    }

    /** The user name in a subject: its first {@code UserPrincipal}, else {@value #FALLBACK}. */
    public static String of(Subject subject) {
        if (subject != null) {
            for (Principal principal : subject.getPrincipals()) {
                if (USER_PRINCIPAL.equals(principal.getClass().getSimpleName())
                        && principal.getName() != null
                        && !principal.getName().isBlank()) {
                    return principal.getName();
                }
            }
        }
        return FALLBACK;
    }
}
