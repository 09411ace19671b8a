# shellcheck shell=bash
# The chaincode builder/runtime image (network/ccenv/): Debian bookworm + Debian's nodejs/npm + the
# host's CA bundle + the TLS verification preload. Sourced after common.sh and engine.sh.
#
#   ccimage_build  builds scf/ccenv:<hash> on the engine at $SCF_DOCKER_HOST (runs engine_up
#                  first when that is unset) unless that tag exists; exports SCF_CCENV_IMAGE and
#                  prints it. The peers use it for both CORE_CHAINCODE_BUILDER and
#                  CORE_CHAINCODE_NODE_RUNTIME.
#   ccimage_remove the scf/ccenv and scf/debian-base images from our own engine (`down --purge`;
#                  an external engine's images are left alone), and debootstrap leftovers.
#
# No image can be pulled: the base is `debootstrap --variant=minbase` from the Debian mirror the
# host's apt uses, then `docker import` (scf/debian-base:<hash of its parameters>). <hash> is the
# first 16 hex digits of a sha256 over the recipe files, the host CA bundle and the base's
# parameters, so the image is rebuilt exactly when one of those changes. Output of both builds
# goes to $LOG_DIR/ccimage.log.

CCIMAGE_RECIPE_DIR="$REPO_ROOT/network/ccenv"
CCIMAGE_SUITE=${SCF_CCENV_SUITE:-bookworm}
CCIMAGE_HOST_CA=${SCF_HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
# Bump when the way the base is made changes (debootstrap options, clean-up, import changes).
CCIMAGE_BASE_RECIPE=1

# ccimage_apt_entries: "URI SUITE" for every enabled deb source of the host's apt (one-line
# sources.list format and deb822 .sources).
ccimage_apt_entries() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[ \t]*#/ || !match(line, /^[A-Za-z-]+:/)) continue
          key = tolower(substr(line, 1, RLENGTH - 1)); val = substr(line, RLENGTH + 1)
          gsub(/^[ \t]+|[ \t]+$/, "", val)
          if (key == "types") types = val; else if (key == "uris") uris = val
          else if (key == "suites") suites = val; else if (key == "enabled") enabled = tolower(val)
        }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        n = split(uris, u, /[ \t]+/); m = split(suites, s, /[ \t]+/)
        for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print u[a], s[b]
      }' "$f"
  done
}

# ccimage_base_params: the parameters the base image is a function of (one "key=value" a line),
# including the apt sources it is given: the host's mirror for SUITE, SUITE-updates, SUITE-security.
ccimage_base_params() {
  local entries mirror uri suite
  entries=$(ccimage_apt_entries | sed 's#/* # #')
  mirror=$(awk -v s="$CCIMAGE_SUITE" '$2 == s { print $1; exit }' <<<"$entries")
  [[ -n $mirror ]] || return 1
  printf 'recipe=%s\nsuite=%s\nvariant=minbase\narch=%s\nmirror=%s\n' \
    "$CCIMAGE_BASE_RECIPE" "$CCIMAGE_SUITE" "$(dpkg --print-architecture)" "$mirror"
  for suite in "$CCIMAGE_SUITE" "$CCIMAGE_SUITE-updates" "$CCIMAGE_SUITE-security"; do
    uri=$(awk -v s="$suite" '$2 == s { print $1; exit }' <<<"$entries")
    [[ -n $uri ]] && printf 'source=deb %s %s main\n' "$uri" "$suite"
  done
  return 0
}

# ccimage_recipe_hash BASE_PARAMS: 16 hex digits of sha256(recipe files, host CA bundle, base params).
ccimage_recipe_hash() {
  local f
  {
    while IFS= read -r f; do
      printf '%s %s\n' "$f" "$(sha256sum <"$CCIMAGE_RECIPE_DIR/$f" | cut -d' ' -f1)"
    done < <(cd "$CCIMAGE_RECIPE_DIR" && find . -type f ! -name '*.md' | LC_ALL=C sort)
    printf 'host-ca %s\n' "$(sha256sum <"$CCIMAGE_HOST_CA" | cut -d' ' -f1)"
    printf '%s\n' "$1"
  } | sha256sum | cut -c1-16
}

# ccimage_remove_rootfs DIR: unmount whatever debootstrap left mounted under DIR, then delete it
# without crossing into another file system.
ccimage_remove_rootfs() {
  local dir=$1 mnt
  [[ -n $dir && -d $dir ]] || return 0
  awk -v root="$dir/" 'index($5, root) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true; done
  rm -rf --one-file-system "$dir"
}

# ccimage_build_base TAG PARAMS: debootstrap a minimal Debian and import it as TAG.
ccimage_build_base() {
  local tag=$1 params=$2 mirror cache rootfs started=$SECONDS
  mirror=$(sed -n 's/^mirror=//p' <<<"$params")
  if ! command -v debootstrap >/dev/null && [[ ! -x /usr/sbin/debootstrap ]]; then
    log "ccimage: installing debootstrap with apt"
    apt_install debootstrap 2>>"$LOG_DIR/ccimage.log" || fail ccimage "apt-get install debootstrap failed"
  fi
  cache=${SCF_CACHE:-$REPO_ROOT/.cache}
  mkdir -p "$cache"
  rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
  log "ccimage: debootstrap --variant=minbase $CCIMAGE_SUITE from $mirror (about 1.5 min)"
  if ! (
    trap 'ccimage_remove_rootfs "$rootfs"' EXIT
    set -o pipefail
    PATH="/usr/sbin:/sbin:$PATH" debootstrap --variant=minbase --arch="$(dpkg --print-architecture)" \
      "$CCIMAGE_SUITE" "$rootfs" "$mirror" &&
      sed -n 's/^source=//p' <<<"$params" >"$rootfs/etc/apt/sources.list" &&
      rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs/debootstrap" &&
      rm -f "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname" &&
      tar --numeric-owner -C "$rootfs" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . |
      scf_docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["/bin/bash"]' - "$tag"
  ) >>"$LOG_DIR/ccimage.log" 2>&1; then
    fail ccimage "building the Debian base image $tag failed"
  fi
  log "ccimage: base $tag imported in $((SECONDS - started)) s"
}

ccimage_build() {
  local params hash base tag context started=$SECONDS
  [[ -n ${SCF_DOCKER_HOST:-} ]] || engine_up
  mkdir -p "$LOG_DIR"
  [[ -r $CCIMAGE_HOST_CA ]] || fail ccimage "host CA bundle $CCIMAGE_HOST_CA not readable"
  params=$(ccimage_base_params) ||
    fail ccimage "no apt source for suite $CCIMAGE_SUITE in /etc/apt/sources.list{,.d/*.list,.d/*.sources}"
  base="scf/debian-base:$(sha256sum <<<"$params" | cut -c1-16)"
  hash=$(ccimage_recipe_hash "$params")
  tag="scf/ccenv:$hash"
  if ! scf_docker image inspect "$tag" >/dev/null 2>&1; then
    scf_docker image inspect "$base" >/dev/null 2>&1 || ccimage_build_base "$base" "$params"
    log "ccimage: building $tag (Debian nodejs + npm, about 3 min)"
    context=$(mktemp -d)
    cp -R "$CCIMAGE_RECIPE_DIR/." "$context/"
    cp "$CCIMAGE_HOST_CA" "$context/host-ca.crt"
    if ! DOCKER_BUILDKIT=0 scf_docker build --network host --build-arg "BASE_IMAGE=$base" \
      --label "scf.recipe-hash=$hash" -t "$tag" "$context" >>"$LOG_DIR/ccimage.log" 2>&1; then
      rm -rf "$context"
      fail ccimage "docker build of $tag failed"
    fi
    rm -rf "$context"
    log "ccimage: $tag built in $((SECONDS - started)) s"
  fi
  export SCF_CCENV_IMAGE=$tag
  printf '%s\n' "$tag"
}

ccimage_remove() {
  local images dir
  for dir in "${SCF_CACHE:-$REPO_ROOT/.cache}"/rootfs.*; do
    [[ -d $dir ]] && ccimage_remove_rootfs "$dir"
  done
  if ! is_running engine; then
    log "ccimage: images kept (they live in an engine this network did not start)"
    return 0
  fi
  images=$(scf_docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -E '^scf/(ccenv|debian-base):' || true)
  [[ -n $images ]] || return 0
  # shellcheck disable=SC2086 # one image reference a word
  scf_docker rmi $images >/dev/null 2>&1 || log "ccimage: some images still in use were kept: $images"
}
