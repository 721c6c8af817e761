package org.strata.shell.command;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.strata.api.driver.DriverAccepts;
import org.strata.api.driver.DriverInfo;
import org.strata.api.driver.DriverService;
import org.strata.shell.ActionRunner;
import org.strata.shell.ActionRunner.Result;

/** driver-info shows what a driver takes in requests, and leaves out what it leaves open. */
public class DriverInfoCommandTest {

    private static Result show(DriverInfo driver) {
        DriverInfoCommand command = new DriverInfoCommand();
        command.driverService = new DriverService() {
            @Override
            public List<DriverInfo> drivers() {
                return List.of(driver);
            }

            @Override
            public DriverInfo driver(String id) {
                return driver;
            }
        };
        command.id = driver.id();
        Result result = ActionRunner.run(command);
        assertNull(result.failure());
        return result;
    }

    @Test
    public void showsTheDriversVocabulary() {
        String out = show(new DriverInfo(
                        "acme",
                        "STORAGE",
                        "Acme",
                        "1.0",
                        "arrays",
                        Set.of("VOLUME_CREATE"),
                        "b",
                        new DriverAccepts(
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of("vmdk", "raw"),
                                List.of(),
                                null,
                                "file names ending in .vmdk",
                                null,
                                20)))
                .out();
        assertTrue(out, out.contains("Volume formats") && out.contains("vmdk, raw"));
        assertTrue(out, out.contains("Volume names") && out.contains("file names ending in .vmdk"));
        assertTrue(out, out.contains("Passwords") && out.contains("at most 20 bytes"));
        assertFalse(
                "an open list is not shown: " + out,
                out.contains("Disk formats") || out.contains("Pool names") || out.contains("User names"));
    }

    @Test
    public void aDriverThatRestrictsNothingShowsNoVocabulary() {
        String out = show(new DriverInfo("any", "HYPERVISOR", "v", "1", null, Set.of(), "b"))
                .out();
        assertFalse(out, out.contains("formats") || out.contains("names") || out.contains("buses"));
    }
}
