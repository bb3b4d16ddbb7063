package dev.ec2service.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;

/** Real SSH sessions to test guests with sshj. */
public final class Ssh {

    private Ssh() {
    }

    /** Runs one command as {@code user} with the private key file; answers its standard output. */
    public static String run(String host, String user, Path privateKey, String command) throws IOException {
        try (SSHClient ssh = new SSHClient()) {
            ssh.addHostKeyVerifier(new PromiscuousVerifier());
            ssh.setConnectTimeout(5000);
            ssh.setTimeout(20000);
            ssh.connect(host, 22);
            ssh.authPublickey(user, privateKey.toString());
            try (Session session = ssh.startSession()) {
                Session.Command cmd = session.exec(command);
                String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                cmd.join(20, TimeUnit.SECONDS);
                return out.trim();
            }
        }
    }

    /** Retries until the guest's SSH server answers the command, or fails after the timeout. */
    public static String await(String host, String user, Path privateKey, String command, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return run(host, user, privateKey, command);
            } catch (IOException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IOException("SSH to " + host + " did not answer within " + timeout, last);
    }
}
