package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

public class RequestFactoryTest {

    private final ApiDocument document = SmallDocument.load();
    private final SchemaValidator validator = new SchemaValidator(document, SmallDocument.JSON);
    private final Inventory inventory = new Inventory(
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of());

    private RequestFactory factory() {
        return new RequestFactory(
                document,
                validator,
                new ValueGenerator(document, FieldHints.NONE),
                FieldHints.NONE,
                new PathBinder(inventory),
                new NetworkGuard(),
                SmallDocument.JSON);
    }

    @Test
    public void validRequestsConformToTheDocument() {
        ApiOperation create = SmallDocument.op(document, "POST", "/things");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            FuzzRequest r = factory().valid(create, random);
            assertEquals(Intent.VALID, r.intent());
            assertTrue(r.headers().get("Content-Type").startsWith("application/json"));
            assertEquals(
                    r.body(),
                    List.of(),
                    validator.checkRequest(create.body().jsonSchema(), SmallDocument.JSON.readTree(r.body())));
        }
        ApiOperation power = SmallDocument.op(document, "POST", "/things/{id}/power/{action}");
        for (int i = 0; i < 20; i++) {
            String path = factory().valid(power, random).path();
            assertTrue(path, path.matches("/things/[^/]+/power/(on|off)"));
        }
    }

    @Test
    public void aVariantIsInvalidExactlyWhenItsBodyBreaksTheSchema() {
        ApiOperation create = SmallDocument.op(document, "POST", "/things");
        JsonNode schema = create.body().jsonSchema();
        Map<Intent, Integer> intents = new EnumMap<>(Intent.class);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 600; i++) {
            FuzzRequest r = factory().variant(create, random);
            intents.merge(r.intent(), 1, Integer::sum);
            boolean plainJsonBody = r.body() != null
                    && "application/json".equals(r.headers().get("Content-Type"))
                    && r.query().isEmpty()
                    && !r.body().contains("fz_dup");
            if (!plainJsonBody) {
                continue;
            }
            JsonNode body;
            try {
                body = SmallDocument.JSON.readTree(r.body());
            } catch (JacksonException e) {
                assertEquals(r.mutation(), Intent.INVALID, r.intent());
                continue;
            }
            boolean conforms = body != null
                    && !body.isMissingNode()
                    && validator.checkRequest(schema, body).isEmpty();
            assertEquals(r.mutation() + ": " + r.body(), conforms ? Intent.EDGE : Intent.INVALID, r.intent());
        }
        assertTrue(intents.toString(), intents.getOrDefault(Intent.INVALID, 0) > 200);
        assertTrue(intents.toString(), intents.getOrDefault(Intent.EDGE, 0) > 50);
    }

    @Test
    public void queryVariantsOutsideTheSchemaAreInvalidAndUnknownParametersAreMarked() {
        ApiOperation list = SmallDocument.op(document, "GET", "/things");
        SplittableRandom random = new SplittableRandom(3);
        int unknown = 0;
        for (int i = 0; i < 400; i++) {
            FuzzRequest r = factory().variant(list, random);
            if (r.unknownQuery()) {
                unknown++;
                assertEquals(Intent.INVALID, r.intent());
            }
            for (Map.Entry<String, String> q : r.query()) {
                String value = java.net.URLDecoder.decode(q.getValue(), java.nio.charset.StandardCharsets.UTF_8);
                if (q.getKey().equals("limit") && r.mutation().startsWith("query limit")) {
                    boolean inRange = value.matches("\\d+")
                            && value.length() < 4
                            && Integer.parseInt(value) >= 1
                            && Integer.parseInt(value) <= 500;
                    assertEquals(r.mutation(), inRange || value.isEmpty() ? Intent.EDGE : Intent.INVALID, r.intent());
                }
            }
        }
        assertTrue(unknown > 0);
    }

    @Test
    public void anActionOutsideThePathEnumIsInvalidAndAnOddIdIsAnEdge() {
        ApiOperation power = SmallDocument.op(document, "POST", "/things/{id}/power/{action}");
        SplittableRandom random = new SplittableRandom(11);
        boolean sawInvalidAction = false;
        boolean sawRawSegment = false;
        for (int i = 0; i < 300; i++) {
            FuzzRequest r = factory().variant(power, random);
            if (r.mutation().startsWith("path action=")) {
                boolean inEnum = r.path().endsWith("/on") || r.path().endsWith("/off");
                assertEquals(r.mutation(), inEnum ? Intent.EDGE : Intent.INVALID, r.intent());
                sawInvalidAction |= !inEnum;
            }
            if (r.mutation().startsWith("path id=") && r.mutation().endsWith("(raw)")) {
                assertEquals(Intent.EDGE, r.intent());
                sawRawSegment = true;
            }
        }
        assertTrue(sawInvalidAction && sawRawSegment);
    }

    @Test
    public void oneSeedGivesOneSequenceOfRequests() {
        assertEquals(sequence(77), sequence(77));
        assertFalse(sequence(77).equals(sequence(78)));
    }

    private List<String> sequence(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RequestFactory f = factory();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ApiOperation op =
                    document.operations().get(i % document.operations().size());
            FuzzRequest r = i % 3 == 0 ? f.valid(op, random) : f.variant(op, random);
            out.add(r.method() + " " + r.pathAndQuery() + " " + r.headers() + " " + r.body());
        }
        out.add(f.offDocument(random).pathAndQuery());
        return out;
    }

    @Test
    public void requestsOffTheDocumentUseAMethodOrPathItLacks() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            FuzzRequest r = factory().offDocument(random);
            assertEquals(Intent.OFF_DOCUMENT, r.intent());
            assertEquals(null, r.operation());
            assertNotNull(r.mutation());
        }
    }

    @Test
    public void addressesNeverLeaveThisMachine() {
        ApiOperation create = SmallDocument.op(document, "POST", "/things");
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 800; i++) {
            FuzzRequest r =
                    i % 2 == 0 ? factory().valid(create, random) : factory().variant(create, random);
            if (r.body() == null) {
                continue;
            }
            JsonNode body;
            try {
                body = SmallDocument.JSON.readTree(r.body());
            } catch (JacksonException e) {
                continue;
            }
            JsonNode address = body.path("address");
            if (address.isString()) {
                assertTrue(address.asString(), NetworkGuard.safe("address", address.asString()));
            }
        }
    }
}
