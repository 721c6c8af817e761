package org.strata.shell.completer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.Test;

/** Finding the machine whose sensors to offer, on a line as Karaf's parser splits it. */
public class SensorNameCompleterTest {

    private static CommandLine line(int cursor, String... words) {
        return new CommandLineImpl(words, cursor, 0, 0, String.join(" ", words));
    }

    @Test
    public void theHostIsTheFirstWordThatIsNeitherAnOptionNorItsValue() {
        assertEquals("bm-1", SensorNameCompleter.host(line(2, "hw-sensor-history", "bm-1", "")));
        assertEquals("bm-1", SensorNameCompleter.host(line(4, "hw-sensor-history", "--since", "2h", "bm-1", "CP")));
        assertNull("still typing the host", SensorNameCompleter.host(line(1, "hw-sensor-history", "bm")));
        assertNull(SensorNameCompleter.host(line(3, "hw-sensor-history", "--since", "2h", "")));
    }

    @Test
    public void withoutAHostNothingIsOfferedAndTheBmcIsNotAsked() {
        List<String> candidates = new ArrayList<>();
        // No service is set: asking it would fail; not asking it gives no candidates.
        assertEquals(-1, new SensorNameCompleter().complete(null, line(1, "hw-sensor-history", ""), candidates));
        assertTrue(candidates.isEmpty());
    }
}
