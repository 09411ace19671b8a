# shellcheck shell=bash
# The container engine the peers build and run chaincode in (Fabric 1.4 talks to the Docker
# Engine API). Sourced after common.sh; defines functions only.
#
#   engine_up      use the engine at $DOCKER_HOST (default unix:///var/run/docker.sock) when it
#                  answers; otherwise start the network's own dockerd (Debian's docker.io,
#                  installed with apt when missing). Exports SCF_DOCKER_HOST (the unix://…
#                  endpoint for CORE_VM_ENDPOINT and for every docker command of the scripts).
#   engine_stop    stops our own dockerd by pid (an external engine is left alone).
#   engine_status  one status line: engine, pid, socket, running|stopped|external.
#   engine_answers [ENDPOINT]  true when the engine answers; without ENDPOINT it finds the
#                  engine in use (ours if running, else $DOCKER_HOST or the default socket) and
#                  exports SCF_DOCKER_HOST for it, so `engine_answers && scf_docker …` works in
#                  a fresh process (status, down).
#   engine_cleanup makes $SCF_STATE safe to delete: our dockerd stopped, no mount left under it.
#   engine_purge   deletes the image cache (data-root), unless a dockerd still uses it.
#   scf_docker     the docker CLI pointed at $SCF_DOCKER_HOST.
#
# Our own dockerd: host networking only (--bridge=none, no iptables, no masquerading: the host's
# network is left alone); socket, pid file and exec-root (incl. its containerd's sockets) under
# $SCF_STATE/engine; images and containers under ${SCF_CACHE:-$REPO_ROOT/.cache}/docker
# (git-ignored) so the chaincode image survives `down`.
#
# Two dockerds cannot share one data-root. A second network on this machine (e.g. the test
# suite's, in its own SCF_STATE) must reuse the running engine instead of starting one:
#   DOCKER_HOST=unix://$REPO_ROOT/.scf/engine/docker.sock SCF_STATE=/tmp/x ./test-network.sh up
# (the test harness does exactly that). engine_up refuses, with that hint, to start a second
# dockerd on a data-root in use. Networks sharing an engine need distinct CORE_PEER_NETWORKIDs
# so their chaincode containers' names do not clash.

ENGINE_DIR="$SCF_STATE/engine"
ENGINE_SOCK="$ENGINE_DIR/docker.sock"
ENGINE_EXEC_ROOT="$ENGINE_DIR/run"
ENGINE_PIDFILE="$ENGINE_DIR/docker.pid"
ENGINE_DATA_ROOT="${SCF_CACHE:-$REPO_ROOT/.cache}/docker"
# sun_path holds 108 bytes including the terminating NUL.
ENGINE_SOCK_MAX=107

scf_docker() { DOCKER_HOST=$SCF_DOCKER_HOST docker "$@"; }

# engine_answers [ENDPOINT]: the Docker Engine API at ENDPOINT (default: the engine in use, which
# then becomes SCF_DOCKER_HOST) replies to /_ping.
engine_answers() {
  if (($# == 0)); then
    local endpoint
    if [[ -n "${SCF_DOCKER_HOST:-}" ]]; then
      endpoint=$SCF_DOCKER_HOST
    elif is_running engine; then
      endpoint="unix://$ENGINE_SOCK"
    else
      endpoint=$(engine_external_endpoint)
    fi
    engine_answers "$endpoint" || return 1
    export SCF_DOCKER_HOST=$endpoint
    return 0
  fi
  local endpoint=$1
  case $endpoint in
    unix://*)
      [[ -S "${endpoint#unix://}" ]] || return 1
      [[ $(curl -s --max-time 5 --unix-socket "${endpoint#unix://}" http://engine/_ping 2>/dev/null) == OK ]]
      ;;
    *) DOCKER_HOST=$endpoint timeout 10 docker info >/dev/null 2>&1 ;;
  esac
}

engine_external_endpoint() { printf '%s\n' "${DOCKER_HOST:-unix:///var/run/docker.sock}"; }

# engine_holder: the pid and -H endpoint of a running dockerd already using our data-root, if any.
engine_holder() {
  local cmdline pid args=() i host
  for cmdline in /proc/[0-9]*/cmdline; do
    pid=${cmdline#/proc/}
    pid=${pid%/cmdline}
    mapfile -d '' -t args 2>/dev/null <"$cmdline" || continue
    [[ ${#args[@]} -gt 0 && ${args[0]##*/} == dockerd ]] || continue
    host=""
    local uses_ours=false
    for ((i = 0; i < ${#args[@]}; i++)); do
      case ${args[i]} in
        --data-root=*) [[ ${args[i]#--data-root=} == "$ENGINE_DATA_ROOT" ]] && uses_ours=true ;;
        --data-root) [[ ${args[i + 1]:-} == "$ENGINE_DATA_ROOT" ]] && uses_ours=true ;;
        -H=* | --host=*) host=${args[i]#*=} ;;
        -H | --host) host=${args[i + 1]:-} ;;
      esac
    done
    if $uses_ours; then
      printf '%s %s\n' "$pid" "$host"
      return 0
    fi
  done
  return 1
}

# engine_unmount_leftovers: a dockerd that is gone can leave mounts under its exec-root (the nsfs
# of netns/default, container rootfs): unmount them, deepest first, so deleting state is safe.
engine_unmount_leftovers() {
  local mnt
  [[ -d "$ENGINE_EXEC_ROOT" ]] || return 0
  awk -v root="$ENGINE_EXEC_ROOT/" 'index($5, root) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mnt; do
      umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || log "engine: could not unmount $mnt"
    done
}

engine_install() {
  command -v dockerd >/dev/null && return 0
  [[ -x /usr/sbin/dockerd ]] && return 0
  log "engine: installing Debian's docker.io (dockerd, containerd, runc) with apt"
  # Without systemd the package's init script must not start a system dockerd: when the machine has
  # no policy-rc.d, one denying every start is in place for the duration of the install only.
  local policy=/usr/sbin/policy-rc.d added=false
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=true
  fi
  local rc=0
  apt_install docker.io || rc=$?
  $added && rm -f "$policy"
  ((rc == 0)) || fail engine "apt-get install docker.io failed"
}

engine_up() {
  local external holder
  if is_running engine; then
    export SCF_DOCKER_HOST="unix://$ENGINE_SOCK"
    wait_until engine 60 engine_answers "$SCF_DOCKER_HOST"
    return 0
  fi
  external=$(engine_external_endpoint)
  if engine_answers "$external"; then
    export SCF_DOCKER_HOST=$external
    log "engine: using the running Docker engine at $external"
    return 0
  fi
  [[ -n "${DOCKER_HOST:-}" ]] && log "engine: nothing answers at DOCKER_HOST=$DOCKER_HOST; starting our own dockerd"

  if holder=$(engine_holder); then
    log "FAILED: engine: the image cache $ENGINE_DATA_ROOT is in use by dockerd pid ${holder%% *} (${holder#* })."
    log "Two dockerds cannot share a data-root: reuse that engine, e.g. DOCKER_HOST=${holder#* } $0 up"
    exit 1
  fi
  local longest="$ENGINE_EXEC_ROOT/containerd/containerd-debug.sock"
  if ((${#longest} > ENGINE_SOCK_MAX)); then
    fail engine "state folder path too long for unix sockets ($longest is ${#longest} > $ENGINE_SOCK_MAX bytes): use a shorter SCF_STATE"
  fi

  engine_install
  mkdir -p "$ENGINE_DIR" "$ENGINE_EXEC_ROOT" "$ENGINE_DATA_ROOT"
  engine_unmount_leftovers
  rm -f "$ENGINE_PIDFILE"
  # dockerd starts (and supervises) its own containerd: state and sockets under
  # <exec-root>/containerd, its content under <data-root>/containerd; it needs containerd and
  # runc on PATH (Debian puts runc and dockerd in /usr/sbin).
  PATH="/usr/sbin:/sbin:$PATH" start_process engine "$ENGINE_DIR" dockerd \
    --data-root "$ENGINE_DATA_ROOT" \
    --exec-root "$ENGINE_EXEC_ROOT" \
    --pidfile "$ENGINE_PIDFILE" \
    -H "unix://$ENGINE_SOCK" \
    --iptables=false --ip-masq=false --ip-forward=false --bridge=none \
    --userland-proxy=false
  export SCF_DOCKER_HOST="unix://$ENGINE_SOCK"
  wait_until engine 60 engine_answers "$SCF_DOCKER_HOST"
  log "engine: dockerd pid $(pid_of engine) at $SCF_DOCKER_HOST (images in $ENGINE_DATA_ROOT)"
}

# engine_stop: TERM to dockerd alone first, so it stops its containers through its containerd
# before that one exits; then its process group by pid, a containerd left behind by pid, and
# leftover mounts.
engine_stop() {
  local pid waited=0
  pid=$(pid_of engine)
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((waited < 300)); do
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
  if [[ -n "$pid" ]]; then
    stop_processes engine
    waited=0
    while kill -0 -- "-$pid" 2>/dev/null && ((waited < 100)); do
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
  # dockerd runs its containerd in a session of its own and stops it on a clean exit; after a
  # crash or a KILL it is left behind: stop it by the pid it recorded, if it is still ours.
  local ctr_pid
  ctr_pid=$(cat "$ENGINE_EXEC_ROOT/containerd/containerd.pid" 2>/dev/null || true)
  if [[ -n "$ctr_pid" ]] && tr '\0' ' ' 2>/dev/null <"/proc/$ctr_pid/cmdline" | grep -qF "$ENGINE_EXEC_ROOT/"; then
    kill -TERM "$ctr_pid" 2>/dev/null || true
    waited=0
    while kill -0 "$ctr_pid" 2>/dev/null && ((waited < 100)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    kill -KILL "$ctr_pid" 2>/dev/null || true
  fi
  rm -f "$PID_DIR/engine.pid" "$ENGINE_PIDFILE"
  engine_unmount_leftovers
  engine_release_data_root
  [[ "${SCF_DOCKER_HOST:-}" != "unix://$ENGINE_SOCK" ]] || unset SCF_DOCKER_HOST
}

# engine_release_data_root: dockerd bind-mounts its data-root onto itself (to make it a shared
# mount) and undoes that only on a clean exit of the dockerd that made it; once no dockerd uses
# the data-root, remove such a leftover.
engine_release_data_root() {
  engine_holder >/dev/null && return 0
  if awk -v p="$ENGINE_DATA_ROOT" '$4 == p && $5 == p { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    umount "$ENGINE_DATA_ROOT" 2>/dev/null || log "engine: could not unmount $ENGINE_DATA_ROOT"
  fi
  return 0
}

engine_cleanup() {
  is_running engine && engine_stop
  engine_unmount_leftovers
}

engine_purge() {
  local holder mnt
  [[ -d "$ENGINE_DATA_ROOT" ]] || return 0
  if holder=$(engine_holder); then
    log "engine: image cache $ENGINE_DATA_ROOT kept: dockerd pid ${holder%% *} (${holder#* }) still uses it"
    return 0
  fi
  awk -v root="$ENGINE_DATA_ROOT/" 'index($5, root) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true; done
  engine_release_data_root
  rm -rf --one-file-system "$ENGINE_DATA_ROOT"
  log "engine: removed the image cache $ENGINE_DATA_ROOT"
}

engine_status() {
  local pid state address external
  pid=$(pid_of engine)
  address="unix://$ENGINE_SOCK"
  if is_running engine; then
    state=running
  else
    state=stopped
    external=$(engine_external_endpoint)
    if engine_answers "$external"; then
      state=external
      address=$external
      pid=""
    fi
  fi
  printf '%-22s %-8s %-22s %s\n' engine "${pid:--}" "$address" "$state"
}
