#!/bin/bash
# Before `make run`: say clearly when libvirtd is not there, instead of starting a degraded service silently.
uri=${EC2_LIBVIRT_URI:-$( [ "$(uname -s)" = Darwin ] && echo qemu:///session || echo qemu:///system )}
if virsh -c "$uri" version >/dev/null 2>&1; then
  exit 0
fi
echo "check-libvirt: libvirt at $uri does not answer." >&2
if [ "$(uname -s)" = Darwin ]; then
  echo "check-libvirt: start it with: brew services start libvirt" >&2
elif command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  echo "check-libvirt: start it with: sudo systemctl enable --now libvirtd virtlogd" >&2
else
  echo "check-libvirt: start it with: sudo virtlogd -d && sudo libvirtd -d" >&2
fi
echo "check-libvirt: the service starts anyway (degraded) and connects when libvirt comes up." >&2
exit 0
