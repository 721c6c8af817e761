package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The distribution with its repository on PostgreSQL, chosen the way an operator does it: by
 * etc/org.strata.repository.cfg. Needs the server that ./strata test starts (STRATA_TEST_PG_URL); without
 * it the build leaves this class out (itests/pom.xml) and ./strata test says so.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresRepositoryIT extends StrataTestSupport {

    private static final String PG_URL = System.getenv("STRATA_TEST_PG_URL");

    @Override
    @Configuration
    public Option[] config() throws Exception {
        if (PG_URL == null || PG_URL.isBlank()) {
            return super.config();
        }
        return OptionUtils.combine(
                super.config(), editConfigurationFilePut("etc/org.strata.repository.cfg", "url", PG_URL));
    }

    @Before
    public void ready() throws Exception {
        // The build leaves this class out when the variable is unset (itests/pom.xml); reaching here without it
        // is a broken set-up, not a reason to pass quietly.
        assertTrue("STRATA_TEST_PG_URL names the PostgreSQL server", PG_URL != null && !PG_URL.isBlank());
        awaitPlatformReady();
    }

    @Test
    public void theRepositoryLivesInPostgreSql() throws Exception {
        HttpResponse<String> created = post("/api/v1/datacenters", "{\"name\":\"On PostgreSQL\"}");
        assertEquals(created.body(), 201, created.statusCode());
        String id = parse(created).path("id").asText();
        JsonNode history = parse(get("/api/v1/history?entityId=" + id));
        assertEquals(1, history.path("total").asLong());

        // Read it back with PostgreSQL's own driver, outside Strata, to be sure where it went.
        try (Connection c = new org.postgresql.Driver().connect(PG_URL, new java.util.Properties());
                ResultSet rs = c.createStatement()
                        .executeQuery("select name from datacenter where id = '" + id.replace("'", "") + "'")) {
            assertTrue(rs.next());
            assertEquals("On PostgreSQL", rs.getString(1));
        }
        assertTrue(parse(get("/api/v1/hosts")).toString().contains("demo-host"));
    }
}
