#!/bin/sh
# Runs the staged #! user-data once per instance-id, as root; output goes to
# /data/user-data.log and the console.
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/root USER=root LOGNAME=root SHELL=/bin/sh
STATE=/run/ec2-guest
say() { echo "ec2-guest: $*"; }
IID=$(cat "$STATE/instance-id" 2>/dev/null)
SAFE=$(echo "${IID:-nocloud}" | tr -c 'A-Za-z0-9._\n-' '_')
if grep -q ' /data ' /proc/mounts; then DIR=/data; else DIR=$STATE; fi
DONE=$DIR/.ec2-userdata-done-$SAFE
LOG=$DIR/user-data.log
if [ -e "$DONE" ]; then
    say "user-data already ran for $IID, skipping"
    exit 0
fi
say "running user-data for $IID (log: $LOG)"
cd /
( "$STATE/user-data.sh"; echo $? > "$STATE/user-data.rc" ) 2>&1 | tee -a "$LOG"
RC=$(cat "$STATE/user-data.rc" 2>/dev/null)
date > "$DONE"
sync
say "ran user-data (exit ${RC:-?})"
