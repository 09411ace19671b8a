# shellcheck shell=bash
# The application channel: created once by the first peer org's admin, every peer joined, each
# org's anchor peer set. Each step checks the ledger first, so a second `up` changes nothing.

# The first peer org (read whole, not `| head -n 1`: see first_orderer).
creator_org() { local orgs; mapfile -t orgs < <(peer_orgs); printf '%s\n' "${orgs[0]}"; }

create_channel() {
  local block="$ARTIFACTS_DIR/$CHANNEL_NAME.block" org orderer
  [[ -f "$block" ]] && return 0
  org=$(creator_org)
  mapfile -t orderer < <(orderer_args "$org")
  # Raft elects a leader a moment after the nodes answer: retry until the channel is created.
  local deadline=$((SECONDS + 60))
  until peer_as "$org" channel create -c "$CHANNEL_NAME" -f "$ARTIFACTS_DIR/$CHANNEL_NAME.tx" \
    --outputBlock "$block.tmp" "${orderer[@]}" >>"$LOG_DIR/channel.log" 2>&1; do
    if grep -q "version 0, but got version 1" "$LOG_DIR/channel.log"; then
      # Created by an earlier run whose block file was lost: fetch the genesis block instead.
      peer_as "$org" channel fetch 0 "$block.tmp" -c "$CHANNEL_NAME" "${orderer[@]}" \
        >>"$LOG_DIR/channel.log" 2>&1 && break
    fi
    ((SECONDS < deadline)) || fail channel "cannot create channel $CHANNEL_NAME (see $LOG_DIR/channel.log)"
    sleep 1
  done
  mv "$block.tmp" "$block"
}

joined() { peer_as "$1" channel list 2>/dev/null | grep -qx "$CHANNEL_NAME"; }

join_peers() {
  local org
  for org in $(peer_orgs); do
    joined "$org" && continue
    peer_as "$org" channel join -b "$ARTIFACTS_DIR/$CHANNEL_NAME.block" >>"$LOG_DIR/channel.log" 2>&1 ||
      fail "$(peer_node "$org")" "cannot join $CHANNEL_NAME (see $LOG_DIR/channel.log)"
  done
}

# An anchor-peer update may be applied once only ("at version 0, but it is currently at version
# 1"), so a marker records each one applied.
set_anchor_peers() {
  local org msp marker orderer
  for org in $(peer_orgs); do
    msp=$(org_field "$org" 1)
    marker="$ARTIFACTS_DIR/$msp-anchors.applied"
    [[ -f "$marker" ]] && continue
    mapfile -t orderer < <(orderer_args "$org")
    if peer_as "$org" channel update -c "$CHANNEL_NAME" -f "$ARTIFACTS_DIR/$msp-anchors.tx" "${orderer[@]}" \
      >>"$LOG_DIR/channel.log" 2>&1 || tail -n 5 "$LOG_DIR/channel.log" | grep -q "but it is currently at version 1"; then
      touch "$marker"
    else
      fail "$(peer_node "$org")" "anchor peer update failed (see $LOG_DIR/channel.log)"
    fi
  done
}

channel_up() {
  create_channel
  join_peers
  set_anchor_peers
}
