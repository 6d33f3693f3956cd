#!/bin/sh
':' /*
# dep-ci's command. This file is both a POSIX sh script and the Node entry: sh runs the lines up
# to its `exit`; Node skips them as the block comment opened on the second line and runs the
# import at the end. `dep-ci affected ...` and `dep-ci analyze ...` are answered by the repo's
# daemon (`dep-ci daemon start`) over its Unix socket without starting Node, when one runs and
# this shell has a socket client (OpenBSD nc -U, else socat); every other command, and every case
# the daemon cannot answer, runs this file with Node with the same arguments, so the output is the
# same either way. Design: docs/decisions/2026-11-21-dep-ci-daemon.md. Keep the character pair
# that closes a JavaScript block comment out of the shell code.
#   DEP_CI_DAEMON=off          never ask the daemon
#   DEP_CI_SOCKET_CLIENT=nc|socat|none
#   DEP_CI_NODE=/path/to/node  the Node binary (default: node on PATH)

depci_node() {
  depci_self=$0
  case $depci_self in *[/]*) ;; *) depci_self=./$depci_self ;; esac
  # npm links bins through symlinks: Node gets the real file.
  while [ -L "$depci_self" ]; do
    depci_link=$(readlink "$depci_self")
    case $depci_link in
      /*) depci_self=$depci_link ;;
      *) depci_self=${depci_self%/*}/$depci_link ;;
    esac
  done
  exec "${DEP_CI_NODE:-node}" "$depci_self" "$@"
}

case ${1-} in
  affected | analyze) ;;
  *) depci_node "$@" ;;
esac
[ "${DEP_CI_DAEMON-}" = off ] && depci_node "$@"
# git settings that move the work tree: the daemon's git would not see them.
[ -n "${GIT_DIR-}${GIT_WORK_TREE-}${GIT_INDEX_FILE-}${GIT_CEILING_DIRECTORIES-}" ] && depci_node "$@"

# The repo root as dep-ci finds it: the nearest directory holding .git, else the working directory.
# `cd -P .` makes $PWD the physical path (Node's process.cwd()) without starting a process.
cd -P . 2>/dev/null || depci_node "$@"
depci_cwd=$PWD
depci_dir=$depci_cwd
depci_root=$depci_cwd
while :; do
  if [ -e "$depci_dir/.git" ]; then
    depci_root=${depci_dir:-/}
    break
  fi
  [ -z "$depci_dir" ] && break
  depci_dir=${depci_dir%/*}
done

[ -r "$depci_root/.dep-ci/daemon-socket" ] || depci_node "$@"
IFS= read -r depci_socket <"$depci_root/.dep-ci/daemon-socket" || depci_node "$@"
[ -S "$depci_socket" ] && [ -O "$depci_socket" ] || depci_node "$@"

depci_client=${DEP_CI_SOCKET_CLIENT-}
if [ -z "$depci_client" ]; then
  if command -v nc >/dev/null 2>&1; then
    depci_client=nc
  elif command -v socat >/dev/null 2>&1; then
    depci_client=socat
  else
    depci_client=none
  fi
fi
[ "$depci_client" = none ] && depci_node "$@"

# One argument per line: an argument holding a newline goes to Node.
depci_newline='
'
for depci_argument; do
  case $depci_argument in *"$depci_newline"*) depci_node "$@" ;; esac
done
case $depci_cwd${NO_COLOR-}${FORCE_COLOR-}${TERM-} in *"$depci_newline"*) depci_node "$@" ;; esac
depci_out=0
[ -t 1 ] && depci_out=1
depci_err=0
[ -t 2 ] && depci_err=1

depci_request() {
  printf 'dep-ci 1 cli\n%s\n%s %s\n%s\n%s\n%s\n%s\n' "$depci_cwd" "$depci_out" "$depci_err" \
    "${NO_COLOR+1}${NO_COLOR-0}" "${FORCE_COLOR+1}${FORCE_COLOR-0}" "${TERM+1}${TERM-0}" "$#"
  printf '%s\n' "$@"
}

depci_send() {
  case $depci_client in
    nc) depci_request "$@" | nc -U "$depci_socket" ;;
    socat) depci_request "$@" | socat -t 600 - "UNIX-CONNECT:$depci_socket" ;;
    *) return 1 ;;
  esac
}

# Reply: "dep-ci 1 <exit code> <n>", n lines for stderr, then stdout. Anything else (no daemon on
# the socket, a fallback, a reply cut short before its header) exits 200: run Node instead.
depci_send "$@" 2>/dev/null | {
  IFS=' ' read -r depci_magic depci_version depci_code depci_lines || exit 200
  [ "$depci_magic $depci_version" = 'dep-ci 1' ] || exit 200
  case x$depci_code in x | x*[!0-9]*) exit 200 ;; esac
  case x$depci_lines in x | x*[!0-9]*) exit 200 ;; esac
  while [ "$depci_lines" -gt 0 ]; do
    IFS= read -r depci_line
    printf '%s\n' "$depci_line" >&2
    depci_lines=$((depci_lines - 1))
  done
  cat
  exit "$depci_code"
}
depci_status=$?
[ "$depci_status" -eq 200 ] && depci_node "$@"
exit "$depci_status"
*/

import '../dist/bundle/dep-ci.js';
