package dev.ec2service.terminal.service;

import dev.ec2service.instance.port.LaunchKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Every new instance gets the terminal key (REQ-TERM-012), so the terminal can log in without the user's key. */
@ApplicationScoped
class TerminalLaunchKeys implements LaunchKeys {

    private final TerminalKey terminalKey;

    TerminalLaunchKeys(TerminalKey terminalKey) {
        this.terminalKey = terminalKey;
    }

    @Override
    public List<String> publicKeyLines() {
        return terminalKey.publicKeyLine().stream().toList();
    }
}
