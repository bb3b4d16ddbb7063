package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.host.port.HostCapacity;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.instance.service.InstancePromises;
import dev.ec2service.network.port.Reservation;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Concurrent launches cannot all pass the memory check on the same free figure. */
@QuarkusTest
class CapacityRaceTest {

    private static final int LAUNCHES = 30;
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    @Inject
    DataHome home;

    @Inject
    HostCapacity host;

    @Inject
    InstancePromises promises;

    @Inject
    Ec2Config config;

    @BeforeEach
    void image() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-LIM-001 thirty concurrent t2.large launches: only as many as memory allows are accepted")
    void concurrentLaunchesCountPromises() throws Exception {
        InstanceType large = InstanceType.byName("t2.large").orElseThrow();
        long memoryRoom = host.memory().totalBytes() / MIB - promises.read().committedMemoryMb()
                - config.limits().minFreeMemoryMb();
        long memoryBound = Math.max(0, memoryRoom / large.memoryMb());
        // disk is judged on what is free (a launch writes next to nothing): it bounds nothing here unless the
        // disk is already under the floor for every launch
        long diskRoom = host.disk().freeBytes() / GIB - config.limits().diskHeadroomGb();
        long diskBound = diskRoom > large.diskGb() ? LAUNCHES : 0;

        // on a host with room for all thirty the race cannot be shown
        Assumptions.assumeTrue(Math.min(memoryBound, diskBound) < LAUNCHES,
                "this host has room for " + LAUNCHES + " t2.large instances");

        List<Response> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(LAUNCHES);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < LAUNCHES; i++) {
                futures.add(pool.submit(() -> given().contentType("application/json")
                        .body(Map.of("instance_type", "t2.large", "image_id", TestGuest.IMAGE_ID, "name", "race"))
                        .post("/api/instances")));
            }
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
            // what the next launch reads as promised: every accepted launch's address and MAC, and no forwarded SSH
            // port on the NAT network
            List<Reservation> held = promises.read().reservations();
            assertThat(answers).filteredOn(r -> r.statusCode() == 201).isNotEmpty().allSatisfy(r -> assertThat(held)
                    .contains(new Reservation(r.jsonPath().getString("ip_address"),
                            r.jsonPath().getString("mac_address"), null)));
        } finally {
            pool.shutdown();
            for (Response r : answers) {
                if (r.statusCode() == 201) {
                    given().delete("/api/instances/" + r.jsonPath().getString("id")).then().statusCode(200);
                }
            }
        }

        long accepted = answers.stream().filter(r -> r.statusCode() == 201).count();
        assertThat(accepted).isLessThanOrEqualTo(Math.min(memoryBound, diskBound));
        assertThat(answers).filteredOn(r -> r.statusCode() != 201).isNotEmpty().allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.jsonPath().getString("type")).isIn("urn:ec2-as-service:problem:insufficient-memory",
                    "urn:ec2-as-service:problem:insufficient-disk");
        });
    }
}
