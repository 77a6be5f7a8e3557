#!/usr/bin/env bash
# containerd for Ketch's agent: writes its configuration and starts, stops or restarts it.
#   containerd.sh start     write the configuration; start containerd unless it answers already
#                           (restarting one this script started if the configuration changed)
#   containerd.sh stop      stop the containerd this script started (containers keep running)
#   containerd.sh restart   stop, then start
#   containerd.sh status    exit 0 when containerd answers on its socket
# The configuration (/etc/containerd/config.toml, a previous one kept beside it) sets the CNI
# plugins' directory to where Debian installs them, the CNI configuration directory to
# /etc/cni/net.d (the agent writes its bridge network there), the sandbox image to the local
# ketch.local/pause:1 (bin/build-images), the cgroupfs driver, and OOM scores kept within what
# the machine allows. PID 1 need not be systemd:
# containerd runs in the background, its log in /var/log/ketch-containerd.log.
set -euo pipefail

config=/etc/containerd/config.toml
socket=/run/containerd/containerd.sock
pidfile=/run/ketch/containerd.pid
logfile=/var/log/ketch-containerd.log
sandbox_image=ketch.local/pause:1
marker="# Written by Ketch (bin/lib/containerd.sh)."

answers() {
  [ -S "$socket" ] && timeout 5 ctr --address "$socket" version >/dev/null 2>&1
}

cni_bin_dir() {
  local bridge
  bridge=$(dpkg -L containernetworking-plugins 2>/dev/null | grep '/bridge$' | head -n 1 || true)
  if [ -n "$bridge" ]; then
    dirname "$bridge"
  else
    echo /opt/cni/bin
  fi
}

# true when this process lacks CAP_SYS_RESOURCE (bit 24 of the effective capabilities).
restrict_oom() {
  local caps
  caps=$(awk '/^CapEff:/ {print $2}' /proc/self/status)
  if (( (16#$caps >> 24) & 1 )); then echo false; else echo true; fi
}

wanted_config() {
  cat <<EOF
$marker
# containerd's CRI plugin as the Ketch agent drives it.
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$sandbox_image"
  # Without CAP_SYS_RESOURCE (these VMs drop it) nothing may lower an OOM score below
  # containerd's own: the kubelet's -998 for sandboxes and -997 for Guaranteed pods are raised to it.
  restrict_oom_score_adj = $(restrict_oom)
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$(cni_bin_dir)"
    conf_dir = "/etc/cni/net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
      SystemdCgroup = false
EOF
}

# Writes the configuration; exit status 0 if it changed.
write_config() {
  local wanted
  wanted=$(wanted_config)
  if [ -f "$config" ] && [ "$(cat "$config")" = "$wanted" ]; then
    return 1
  fi
  mkdir -p "$(dirname "$config")" /etc/cni/net.d
  if [ -f "$config" ] && ! grep -qF "$marker" "$config"; then
    cp "$config" "$config.before-ketch"
    echo "containerd: kept the previous configuration as $config.before-ketch"
  fi
  printf '%s\n' "$wanted" > "$config"
  echo "containerd: wrote $config"
  return 0
}

ours() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

stop() {
  if ours; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    rm -f "$pidfile"
    echo "containerd: stopped (pid $pid)"
  elif answers; then
    echo "containerd: running, but not started by this script; leaving it alone" >&2
  fi
}

start() {
  local changed=0
  mkdir -p /etc/cni/net.d
  write_config && changed=1
  if answers; then
    if [ "$changed" = 1 ]; then
      if ours; then
        stop
      elif command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet containerd 2>/dev/null; then
        systemctl restart containerd
      else
        echo "containerd: running with an older configuration and not started here; restart it to apply $config" >&2
        return 0
      fi
    else
      echo "containerd: running ($(ctr --address "$socket" version 2>/dev/null | awk '/Version:/ {print $2; exit}'))"
      return 0
    fi
  fi
  if ! answers; then
    mkdir -p "$(dirname "$pidfile")"
    setsid containerd --config "$config" >>"$logfile" 2>&1 </dev/null &
    echo $! > "$pidfile"
  fi
  for _ in $(seq 1 300); do
    if answers; then
      echo "containerd: running (pid $(cat "$pidfile" 2>/dev/null || echo '?'), log $logfile)"
      return 0
    fi
    sleep 0.1
  done
  echo "containerd: did not answer on $socket within 30 s; see $logfile" >&2
  tail -n 20 "$logfile" >&2 || true
  return 1
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) answers ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
