package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.domain.ForwardProtocol;
import dev.ec2service.network.domain.PortForward;
import dev.ec2service.network.port.PortForwards;
import dev.ec2service.tag.domain.ResourceTag;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.testsupport.FreePorts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Filters and pages of {@code GET /api/instances} over 1,000 rows written straight into the database (no VM is
 * launched). Every request names this run's image, so rows other tests leave behind never count. The scheduler is
 * paused meanwhile: the reconcile would put the made-up live rows in error, and its queries would blur the count
 * of statements a listing costs.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceListingTest {

    private static final int ROWS = 1000;
    private static final List<InstanceStatus> STATUSES = List.of(InstanceStatus.RUNNING, InstanceStatus.STOPPED,
            InstanceStatus.PENDING, InstanceStatus.TERMINATED, InstanceStatus.ERROR);

    @Inject
    Scheduler scheduler;

    @Inject
    EntityManagerFactory entityManagerFactory;

    @Inject
    PortForwards forwards;

    private final String image = "img-listing-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Instance> rows = new ArrayList<>();

    @BeforeAll
    void insertRows() {
        scheduler.pause();
        Instant base = Instant.parse("2031-01-01T00:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> {
            for (int n = 0; n < ROWS; n++) {
                Instance i = new Instance();
                // ids are not in creation order, and every third row shares its creation time with the next ones,
                // so the order (created_at, id) is exercised on its tie-break
                i.id = String.format("i-l%s%04d", Integer.toHexString((n * 7919) % 4096), n);
                i.name = (n % 2 == 0 ? "web-" : "db-") + n;
                i.instanceType = "t2.nano";
                i.status = STATUSES.get(n % STATUSES.size());
                i.memoryMb = 512;
                i.diskGb = 8;
                i.vcpus = 1;
                i.imageId = image;
                i.createdAt = base.plusSeconds(n / 3);
                i.persist();
                rows.add(i);
                tag(i.id, "env", n % 10 == 0 ? "prod" : "dev");
                if (n == 7) {
                    tag(i.id, "owner", "a*b");
                }
            }
        });
        rows.sort(Comparator.comparing((Instance i) -> i.createdAt).thenComparing(i -> i.id));
    }

    private static void tag(String id, String key, String value) {
        ResourceTag t = new ResourceTag();
        t.id = ResourceTag.idOf(TaggedResource.INSTANCE.wire(), id, key);
        t.resourceType = TaggedResource.INSTANCE.wire();
        t.resourceId = id;
        t.key = key;
        t.value = value;
        t.persist();
    }

    @AfterAll
    void deleteRows() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                List<String> ids = rows.stream().map(i -> i.id).toList();
                ResourceTag.delete("resourceType = ?1 and resourceId in ?2", TaggedResource.INSTANCE.wire(), ids);
                Instance.delete("imageId", image);
            });
        } finally {
            scheduler.resume();
        }
    }

    @Test
    @DisplayName("pages of 97 walk all 1,000 rows in creation order, each row once, one statement a page")
    void pagesCoverEveryRowOnce() {
        Statistics stats = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        stats.setStatisticsEnabled(true);
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        try {
            do {
                stats.clear();
                var request = given().queryParam("image_id", image).queryParam("limit", 97);
                if (token != null) {
                    request.queryParam("next_token", token);
                }
                Response page = request.get("/api/instances").then().statusCode(200).extract().response();
                assertThat(stats.getPrepareStatementCount()).as("statements for page %d: listing version, page", pages)
                        .isEqualTo(2);
                List<String> ids = page.jsonPath().getList("id");
                assertThat(ids).hasSizeLessThanOrEqualTo(97);
                seen.addAll(ids);
                token = page.header("X-Next-Token");
                if (token != null) {
                    assertThat(page.header("Link")).contains("next_token=" + token).contains("rel=\"next\"");
                }
                pages++;
            } while (token != null && pages < 20);

            stats.clear();
            Response all = given().queryParam("image_id", image).get("/api/instances").then().statusCode(200)
                    .extract().response();
            assertThat(stats.getPrepareStatementCount()).as("statements for all 1,000 rows").isEqualTo(2);
            assertThat(all.jsonPath().getList("id")).hasSize(ROWS);
            assertThat(all.header("X-Next-Token")).isNull();

            stats.clear();
            Response again = given().queryParam("image_id", image).get("/api/instances").then().statusCode(200)
                    .extract().response();
            // the version alone is read, in plain JDBC outside any transaction: Hibernate prepares nothing
            assertThat(stats.getPrepareStatementCount()).as("nothing changed: the page is not read again")
                    .isZero();
            assertThat(again.asByteArray()).isEqualTo(all.asByteArray());
        } finally {
            stats.setStatisticsEnabled(false);
        }
        assertThat(pages).isEqualTo(11);
        assertThat(seen).containsExactlyElementsOf(rows.stream().map(i -> i.id).toList());
    }

    @Test
    @DisplayName("a page shows what the row and its tags hold")
    void rowsCarryTheirFieldsAndTags() {
        Instance seventh = rows.stream().filter(i -> i.id.endsWith("0007")).findFirst().orElseThrow();
        Response page = given().queryParam("image_id", image).queryParam("name", seventh.name).get("/api/instances")
                .then().statusCode(200).extract().response();
        assertThat(page.jsonPath().getList("id")).containsExactly(seventh.id);
        assertThat(page.jsonPath().getMap("[0].tags")).isEqualTo(Map.of("env", "dev", "owner", "a*b"));
        assertThat(page.jsonPath().getString("[0].status")).isEqualTo(seventh.status.wire());
        assertThat(Instant.parse(page.jsonPath().getString("[0].created_at"))).isEqualTo(seventh.createdAt);
        assertThat(page.jsonPath().getInt("[0].memory_mb")).isEqualTo(512);
    }

    @Test
    @DisplayName("filters by status (any of several), name pattern, image and tags (all of them)")
    void filters() {
        assertThat(ids(Map.of("status", List.of("running")))).isEqualTo(expected(i -> i.status == InstanceStatus.RUNNING));
        assertThat(ids(Map.of("status", List.of("running", "error"))))
                .isEqualTo(expected(i -> i.status == InstanceStatus.RUNNING || i.status == InstanceStatus.ERROR));
        assertThat(ids(Map.of("name", List.of("web-*")))).isEqualTo(expected(i -> i.name.startsWith("web-")));
        assertThat(ids(Map.of("name", List.of("db-1?")))).isEqualTo(expected(i -> i.name.matches("db-1.")));
        assertThat(ids(Map.of("tag", List.of("env=prod")))).hasSize(ROWS / 10)
                .isEqualTo(expected(i -> Integer.parseInt(i.id.substring(i.id.length() - 4)) % 10 == 0));
        assertThat(ids(Map.of("tag", List.of("env=pr?d", "owner")))).isEmpty();
        assertThat(ids(Map.of("tag", List.of("env")))).hasSize(ROWS);
        assertThat(ids(Map.of("tag", List.of("owner=a\\*b")))).hasSize(1);
        assertThat(ids(Map.of("tag", List.of("owner=a\\*")))).isEmpty();
        assertThat(ids(Map.of("status", List.of("running"), "tag", List.of("env=prod"), "name", List.of("web-*"))))
                .isEqualTo(expected(i -> i.status == InstanceStatus.RUNNING && i.name.startsWith("web-")
                        && Integer.parseInt(i.id.substring(i.id.length() - 4)) % 10 == 0));
        given().queryParam("image_id", "no-such-image-" + image).get("/api/instances").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    @DisplayName("filters and pages combine: every running row once, across pages of 50")
    void filteredPages() {
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            var request = given().queryParam("image_id", image).queryParam("status", "running").queryParam("limit", 50);
            if (token != null) {
                request.queryParam("next_token", token);
            }
            Response page = request.get("/api/instances").then().statusCode(200).extract().response();
            seen.addAll(page.jsonPath().getList("id"));
            token = page.header("X-Next-Token");
        } while (token != null && seen.size() <= ROWS);
        assertThat(seen).isEqualTo(expected(i -> i.status == InstanceStatus.RUNNING));
    }

    @Test
    @DisplayName("REQ-USE-003 a bad status, tag filter, limit or token is a 422 problem naming its cause")
    void refusals() {
        refused("status", "sleeping", "unknown-status");
        refused("tag", "=prod", "invalid-filter");
        refused("tag", "=", "invalid-filter");
        for (String limit : List.of("0", "-1", "1001", "ten", "1.5")) {
            refused("limit", limit, "invalid-limit");
        }
        for (String token : List.of("not a token", "bm9wZQ", "YzF8fA")) {
            refused("next_token", token, "invalid-next-token");
        }
    }

    private void refused(String param, String value, String type) {
        given().queryParam(param, value).get("/api/instances").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:" + type));
    }

    private List<String> ids(Map<String, List<String>> filters) {
        Map<String, Object> params = new HashMap<>(filters);
        params.put("image_id", image);
        return given().queryParams(params).get("/api/instances").then().statusCode(200).extract().jsonPath()
                .getList("id");
    }


    @Test
    @DisplayName("a status the service never wrote (a database edited by hand) reads as error and breaks no list; the API's spelling is read too")
    void unknownStoredStatus() {
        String odd = "img-odd-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = List.of("i-odd" + odd.substring(8) + "1", "i-odd" + odd.substring(8) + "2");
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (String id : ids) {
                    Instance i = new Instance();
                    i.id = id;
                    i.instanceType = "t2.nano";
                    i.status = InstanceStatus.STOPPED;
                    i.memoryMb = 512;
                    i.diskGb = 8;
                    i.vcpus = 1;
                    i.imageId = odd;
                    i.createdAt = Instant.parse("2031-02-01T00:00:00Z");
                    i.persist();
                }
            });
            QuarkusTransaction.requiringNew().run(() -> {
                var em = Instance.getEntityManager();
                em.createNativeQuery("update instances set status = 'Hibernating' where id = ?1")
                        .setParameter(1, ids.get(0)).executeUpdate();
                em.createNativeQuery("update instances set status = 'shutting-down' where id = ?1")
                        .setParameter(1, ids.get(1)).executeUpdate();
            });
            given().queryParam("image_id", odd).get("/api/instances").then().statusCode(200)
                    .body("find { it.id == '" + ids.get(0) + "' }.status", equalTo("error"))
                    .body("find { it.id == '" + ids.get(1) + "' }.status", equalTo("shutting-down"));
            given().get("/api/instances/" + ids.get(0)).then().statusCode(200).body("status", equalTo("error"));
            given().get("/api/monitor/stats").then().statusCode(200);
            given().queryParam("status", "error").queryParam("limit", 1).get("/api/instances").then().statusCode(200);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> Instance.delete("imageId", odd));
        }
    }

    @Test
    @DisplayName("a listing answered from memory shows every change at once: a row or tag edited in the database by "
            + "another program, a tag, a port forward recorded and whether it listens")
    void listingFollowsChanges() throws Exception {
        String id = rows.get(42).id;
        Map<String, Object> query = Map.of("image_id", image, "name", rows.get(42).name);
        assertThat(given().queryParams(query).get("/api/instances").then().statusCode(200).extract().jsonPath()
                .getString("[0].state_reason")).isNull();
        given().queryParams(query).get("/api/instances").then().statusCode(200);

        // a change made with SQL outside the service: nothing in the service hears of it
        QuarkusTransaction.requiringNew().run(() -> Instance.getEntityManager()
                .createNativeQuery("update instances set state_reason = 'edited by hand' where id = ?1")
                .setParameter(1, id).executeUpdate());
        given().queryParams(query).get("/api/instances").then().statusCode(200)
                .body("[0].state_reason", equalTo("edited by hand"));

        QuarkusTransaction.requiringNew().run(() -> tag(id, "team", "blue"));
        given().queryParams(query).get("/api/instances").then().statusCode(200).body("[0].tags.team", equalTo("blue"));
        QuarkusTransaction.requiringNew().run(() -> ResourceTag.deleteById(
                ResourceTag.idOf(TaggedResource.INSTANCE.wire(), id, "team")));
        given().queryParams(query).get("/api/instances").then().statusCode(200)
                .body("[0].tags.team", equalTo(null));

        int hostPort = FreePorts.one();
        try {
            forwards.claim(id, List.of(new PortForward(hostPort, 80, ForwardProtocol.TCP)));
            given().queryParams(query).get("/api/instances").then().statusCode(200)
                    .body("[0].ports[0].host", equalTo(hostPort)).body("[0].ports[0].listening", equalTo(false));
            // listening is not in the database: the forwards' own counter moves
            forwards.open(id, "192.0.2.1");
            given().queryParams(query).get("/api/instances").then().statusCode(200)
                    .body("[0].ports[0].listening", equalTo(true));
            forwards.close(id);
            given().queryParams(query).get("/api/instances").then().statusCode(200)
                    .body("[0].ports[0].listening", equalTo(false));
        } finally {
            forwards.release(id);
        }
        given().queryParams(query).get("/api/instances").then().statusCode(200).body("[0].ports.size()", equalTo(0));
    }

    private List<String> expected(java.util.function.Predicate<Instance> wanted) {
        return rows.stream().filter(wanted).map(i -> i.id).toList();
    }
}
