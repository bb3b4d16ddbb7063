package dev.ec2service.instance.port;

import java.util.List;

/**
 * "Which keys does every new instance get?" Asked when an instance's cloud-init meta-data is written, after the
 * user's own key. Declared here, where launching happens, and answered by the feature that owns such a key (the
 * web terminal's per-installation key, as EC2 Instance Connect pushes one).
 */
public interface LaunchKeys {

    /** OpenSSH public key lines to authorise in every new instance; empty when there are none. */
    List<String> publicKeyLines();
}
