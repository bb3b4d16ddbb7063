package dev.ec2service.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports the kernel says are free now: for forwards and services a test starts. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int one() throws IOException {
        return several(1).get(0);
    }

    /** All different (each held until all are found), in ascending order, as the API lists an instance's forwards. */
    public static List<Integer> several(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).sorted().toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
