# Shared by omg.bash and omg.zsh; `omg activate bash|zsh` inserts it into the script it prints.
# `omg search` talks to omgd over its Unix socket through a small client (nc -U, socat or perl),
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
    nc) printf '%s\n' "$1" | nc -U "$__omg_socket" 2>/dev/null ;;
    socat) printf '%s\n' "$1" | socat -t 10 - "UNIX-CONNECT:$__omg_socket" 2>/dev/null ;;
    perl) perl -MIO::Socket::UNIX -e '$s=IO::Socket::UNIX->new(Peer=>$ARGV[0]) or exit 1; print $s "$ARGV[1]\n"; print while <$s>' "$__omg_socket" "$1" 2>/dev/null ;;
    *) return 1 ;;
  esac
}

# Answers `omg search` from the daemon; returns 200 when the daemon cannot answer.
__omg_search() {
  local names=false regex=false format=text arg terms=
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
  __omg_send "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":{\"terms\":[$terms],\"namesOnly\":$names,\"regex\":$regex,\"raw\":true,\"format\":\"$format\"}}" | (
    # A subshell, not { }: zsh runs the last stage of a pipeline in the shell itself, where exit would end it.
    IFS= read -r __omg_status || exit 200
    case $__omg_status in
      'ok 0') [[ $format == json ]] && cat; exit 1 ;;
      ok*) cat; exit 0 ;;
      error\ INVALID*) printf 'omg: %s\n' "${__omg_status#error * }" >&2; cat >&2; exit 2 ;;
      error*) printf 'omg: %s\n' "${__omg_status#error * }" >&2; cat >&2; exit 1 ;;
      *) exit 200 ;;
    esac
  )
}

omg() {
  if [[ $1 == search && -S $__omg_socket && ${OMG_ROOT:-/} == "$__omg_root" ]]; then
    __omg_search "${@:2}"
    local code=$?
    [[ $code != 200 ]] && return $code
  fi
  case $1 in
    search|info|list) "$__omg_bin" "$@" ${__omg_dbpath:+--dbpath "$__omg_dbpath"} ;;
    *) "$__omg_bin" "$@" ;;
  esac
}

