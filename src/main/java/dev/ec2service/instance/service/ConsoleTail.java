package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.InstanceErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The end of an instance's serial console log; the log belongs to virtlogd and may grow while we read. */
@ApplicationScoped
class ConsoleTail {

    private static final int TAIL_BYTES = 64 * 1024;

    private final InstanceResources resources;

    ConsoleTail(InstanceResources resources) {
        this.resources = resources;
    }

    String read(String id) {
        Path log = resources.consoleLog(id);
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            file.seek(start);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return "";
        } catch (IOException e) {
            throw InstanceErrors.CONSOLE_UNREADABLE.exception("cannot read " + log + ": " + e.getMessage());
        }
    }
}
