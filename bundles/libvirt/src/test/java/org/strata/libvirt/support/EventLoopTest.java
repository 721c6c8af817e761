package org.strata.libvirt.support;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The loop against the real libvirt library: it runs, stops, and can run again (a bundle restart). */
public class EventLoopTest {

    @Test
    public void runsUntilClosedAndCanBeStartedAgain() {
        for (int round = 0; round < 3; round++) {
            EventLoop loop = new EventLoop();
            assertTrue("round " + round, loop.running());
            loop.close();
            assertFalse("round " + round, loop.running());
            loop.close(); // a second deactivation is harmless
        }
    }
}
