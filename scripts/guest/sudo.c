/* Minimal password-less sudo for the test guest (built by build-test-image.sh
 * when a C compiler is available, installed setuid root as /usr/bin/sudo).
 * Like the default user of a cloud image, members of group "sudo" (and root)
 * may run any command as root. Supports: sudo [-n] [-E] [-H] [-S] [-u root]
 * [-i | -s] [--] [command [args...]]. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SUDO_GID 27

int main(int argc, char **argv) {
    int ok = getuid() == 0 || getgid() == SUDO_GID, i, shell = 0, login = 0, keepenv = 0;
    gid_t groups[256];
    int n = getgroups(256, groups);
    for (i = 0; i < n; i++) if (groups[i] == SUDO_GID) ok = 1;
    if (!ok) { fprintf(stderr, "sudo: user is not in the sudoers group\n"); return 1; }
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "--")) { i++; break; }
        if (!strcmp(o, "-u")) {
            if (i + 1 >= argc || (strcmp(argv[i + 1], "root") && strcmp(argv[i + 1], "0") && strcmp(argv[i + 1], "#0"))) {
                fprintf(stderr, "sudo: only -u root is supported\n"); return 1;
            }
            i++; continue;
        }
        if (!strcmp(o, "-uroot")) continue;
        if (!strcmp(o, "-n") || !strcmp(o, "-H") || !strcmp(o, "-S")) continue;
        if (!strcmp(o, "-E")) { keepenv = 1; continue; }
        if (!strcmp(o, "-i")) { shell = login = 1; continue; }
        if (!strcmp(o, "-s")) { shell = 1; continue; }
        fprintf(stderr, "sudo: unsupported option %s\n", o); return 1;
    }
    if (setgroups(0, NULL) || setgid(0) || setuid(0)) { perror("sudo"); return 1; }
    if (!keepenv || login) {
        setenv("HOME", "/root", 1);
        setenv("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", 1);
    }
    setenv("USER", "root", 1);
    setenv("LOGNAME", "root", 1);
    if (i >= argc) {
        if (!shell) { fprintf(stderr, "usage: sudo [-i|-s] [command [args...]]\n"); return 1; }
        if (login) { chdir("/root"); execl("/bin/sh", "-sh", (char *)NULL); }
        execl("/bin/sh", "sh", (char *)NULL);
        perror("/bin/sh"); return 127;
    }
    if (shell) {
        /* sudo -s/-i CMD ARGS: run through the shell like sudo does */
        size_t len = 1; char *cmd;
        for (n = i; n < argc; n++) len += strlen(argv[n]) + 1;
        cmd = calloc(1, len);
        for (n = i; n < argc; n++) { strcat(cmd, argv[n]); if (n + 1 < argc) strcat(cmd, " "); }
        if (login) chdir("/root");
        execl("/bin/sh", login ? "-sh" : "sh", "-c", cmd, (char *)NULL);
        perror("/bin/sh"); return 127;
    }
    execvp(argv[i], argv + i);
    fprintf(stderr, "sudo: %s: command not found\n", argv[i]);
    return 127;
}
