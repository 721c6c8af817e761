package org.strata.shell;

import static org.junit.Assert.assertEquals;

import java.security.Principal;
import java.security.PrivilegedAction;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.Test;
import org.strata.shell.jaas.UserPrincipal;

public class ShellPrincipalTest {

    /** Like Karaf's RolePrincipal: a principal that is not the user. */
    static final class RolePrincipal implements Principal {
        @Override
        public String getName() {
            return "admin-role";
        }
    }

    private static Subject subject(Principal... principals) {
        return new Subject(false, Set.of(principals), Set.of(), Set.of());
    }

    @Test
    public void theUserPrincipalNamesTheUser() {
        assertEquals("alice", ShellPrincipal.of(subject(new RolePrincipal(), new UserPrincipal("alice"))));
    }

    @Test
    public void fallbackWithoutSubjectOrUser() {
        assertEquals("shell", ShellPrincipal.of(null));
        assertEquals("shell", ShellPrincipal.of(subject()));
        assertEquals("shell", ShellPrincipal.of(subject(new RolePrincipal())));
        assertEquals("shell", ShellPrincipal.of(subject(new UserPrincipal(" "))));
    }

    @Test
    public void currentReadsTheSubjectTheCommandRunsAs() {
        assertEquals("shell", ShellPrincipal.current());
        String inside =
                Subject.doAs(subject(new RolePrincipal(), new UserPrincipal("karaf")), (PrivilegedAction<String>)
                        ShellPrincipal::current);
        assertEquals("karaf", inside);
    }
}
