# Shared by omg.bash and omg.zsh; `omg activate bash|zsh` inserts it into the script it prints.
# `omg search` talks to omgd over its Unix socket through a small client (nc -U, socat or perl;
# zsh's zsh/net/socket module when it has one),
# so it does not start Node; anything else, or a daemon that does not answer, runs the real omg.
__omg_socket=@OMG_SOCKET@
__omg_root=@OMG_ROOT@
__omg_client=@OMG_CLIENT@
__omg_bin=@OMG_BIN@
__omg_dbpath=@OMG_DBPATH@

__omg_escape() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}
  REPLY=\"$s\"
}

__omg_send() {
  case $__omg_client in
    # Here-strings, not printf |: one process fewer (the request ends with the newline <<< adds).
    nc) nc -U "$__omg_socket" <<<"$1" 2>/dev/null ;;
    socat) socat -t 10 - "UNIX-CONNECT:$__omg_socket" <<<"$1" 2>/dev/null ;;
    zsocket)
      # zsh's own socket module (omg.zsh selects it when it loads): no process at all.
      local fd chunk
      zsocket "$__omg_socket" 2>/dev/null || return 1
      fd=$REPLY
      print -r -u $fd -- "$1"
      while sysread -t 10 -i $fd -s 65536 chunk; do syswrite -o 1 -- "$chunk" || break; done
      exec {fd}>&-
      ;;
    perl) perl -MIO::Socket::UNIX -e '$s=IO::Socket::UNIX->new(Peer=>$ARGV[0]) or exit 1; print $s "$ARGV[1]\n"; print while <$s>' "$__omg_socket" "$1" 2>/dev/null ;;
    *) return 1 ;;
  esac
}

# Answers `omg search` from the daemon; returns 200 when the daemon cannot answer. The socket
# client writes the results straight to stdout; omgd writes the status line ("ok <count>" or
# "error <CODE> <message>", then a hint) to <name>.status beside its socket before it sends them,
# so no subshell or cat sits between the client and the terminal.
__omg_search() {
  local names=false regex=false format=text arg terms= line status_line= hint=
  for arg; do
    case $arg in
      -n|--names-only) names=true ;;
      -r|--regex) regex=true ;;
      --json) format=json ;;
      -*) return 200 ;;
      *) __omg_escape "$arg"; terms+=${terms:+,}$REPLY ;;
    esac
  done
  [[ -n $terms ]] || return 200
  # One status file per shell process ($BASHPID, zsh's sysparams[pid]: subshells get their own).
  local name=omg-${BASHPID:-${sysparams[pid]:-$$}}
  local status_file=${__omg_socket%/*}/$name.status
  { : >| "$status_file"; } 2>/dev/null || return 200
  __omg_send "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":{\"terms\":[$terms],\"namesOnly\":$names,\"regex\":$regex,\"raw\":true,\"format\":\"$format\",\"statusFile\":\"$name\"}}"
  {
    IFS= read -r status_line
    if [[ $status_line == error* ]]; then
      while IFS= read -r line; do hint+=$line$'\n'; done
    fi
  } 2>/dev/null <"$status_file"
  case $status_line in
    'ok 0') return 1 ;;
    ok*) return 0 ;;
    # omgd is older than the omg on disk and stops: the Node CLI answers (and says so).
    error\ DAEMON_OUTDATED*) return 200 ;;
    error*)
      printf 'omg: %s\n%s' "${status_line#error * }" "$hint" >&2
      [[ $status_line == error\ INVALID* ]] && return 2
      return 1
      ;;
  esac
  return 200
}

omg() {
  # Only a socket in a directory of our own (omgd refuses any other): in a shared /tmp, someone
  # else's directory could hold a fake socket or a symlink where the status file goes.
  if [[ $1 == search && -S $__omg_socket && -O ${__omg_socket%/*} && ${OMG_ROOT:-/} == "$__omg_root" ]]; then
    __omg_search "${@:2}"
    local code=$?
    [[ $code != 200 ]] && return $code
  fi
  case $1 in
    search|info|list) "$__omg_bin" "$@" ${__omg_dbpath:+--dbpath "$__omg_dbpath"} ;;
    *) "$__omg_bin" "$@" ;;
  esac
}

