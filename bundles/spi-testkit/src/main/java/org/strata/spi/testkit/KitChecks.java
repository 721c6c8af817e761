package org.strata.spi.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import java.util.regex.Pattern;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;

/**
 * What every driver kit checks the same way, whatever the driver's kind: the descriptor, expected faults and their
 * words, secrets kept out of messages, the names of what a kit makes. Package-private: vendors see only each kit's
 * own methods, which delegate here, so that the kits hold their drivers to one rule.
 */
final class KitChecks {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private KitChecks() {}

    /** The password a kit uses unless the vendor's test says another: named after that test. */
    static String secretFor(Class<?> test) {
        return "kit-s3cret-" + test.getSimpleName();
    }

    /** Eight random characters, for names no earlier run left behind. */
    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The name of something a kit makes, such as "kit-def-1a2b3c4d". */
    static String uniqueName(String what) {
        return "kit-" + what + "-" + unique();
    }

    /** A valid descriptor of this kind, the same each time it is asked for ({@code again}), with a vocabulary. */
    static void assertDescribes(DriverKind kind, DriverDescriptor d, DriverDescriptor again) {
        assertTrue(
                "id '" + d.id() + "' is lower case, starts with a letter",
                ID.matcher(d.id()).matches());
        assertEquals(kind, d.kind());
        assertFalse("vendor", d.vendor().isBlank());
        assertFalse("version", d.version().isBlank());
        assertEquals("the descriptor is constant", d, again);
        assertNotNull("a vocabulary (Vocabulary.ANY restricts nothing)", d.accepts());
    }

    /** Neither the failure nor any of its causes shows one of the secrets, and its message shows no code. */
    static void assertShowsNoSecret(DriverException e, String... secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (String secret : secrets) {
                assertFalse("an error message shows the password", message.contains(secret));
            }
        }
        assertFalse("an error message shows code: " + e.getMessage(), Reasons.showsCode(e.getMessage()));
    }

    /** Runs a call that must fail with one fault; anything else fails the test with what happened. */
    static void expectFault(Fault fault, Runnable call) {
        DriverException e = thrown(call, "DriverException(" + fault + ")");
        assertEquals(e.getMessage(), fault, e.fault());
        assertInWords(e);
    }

    /** Runs a call that must fail with a DriverException whose message is in words. */
    static DriverException expectAnyFault(Runnable call) {
        DriverException e = thrown(call, "a DriverException");
        assertInWords(e);
        return e;
    }

    private static DriverException thrown(Runnable call, String expected) {
        try {
            call.run();
        } catch (DriverException e) {
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("expected " + expected + ", got " + e, e);
        }
        throw new AssertionError("expected " + expected);
    }

    private static void assertInWords(DriverException e) {
        assertFalse(
                "a fault has a message for the operator",
                e.getMessage() == null || e.getMessage().isBlank());
        assertFalse(
                "a fault's message is in words, without Java class names or stack traces (Reasons.of says "
                        + "a caught exception in words): " + e.getMessage(),
                Reasons.showsCode(e.getMessage()));
    }
}
