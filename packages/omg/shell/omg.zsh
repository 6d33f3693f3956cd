# omg shell integration for zsh, printed by `omg activate zsh`. Add to ~/.zshrc:
#   eval "$(omg activate zsh)"
# zsh/system gives $sysparams[pid] (a subshell's own PID) for the search status file.
zmodload zsh/system 2>/dev/null
@OMG_FUNCTIONS@
# With zsh/net/socket and zsh/system the search needs no socket client process (unless
# OMG_SHELL_CLIENT chose one when this script was printed).
if [[ @OMG_ZSOCKET@ == yes ]] && zmodload zsh/net/socket 2>/dev/null && zmodload -e zsh/system; then
  __omg_client=zsocket
fi
_omg() {
  local current=${words[CURRENT]} command=${words[2]}
  if (( CURRENT == 2 )); then
    compadd -- search info list install remove update groups daemon activate index aur
    return
  fi
  case $command in
    info|install|remove)
      [[ $current == -* || ! -S $__omg_socket || ! -O ${__omg_socket%/*} ]] && return
      __omg_escape "$current"
      compadd -- ${(f)"$(__omg_send "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"complete\",\"params\":{\"prefix\":$REPLY,\"raw\":true,\"format\":\"lines\"}}" | { IFS= read -r __omg_status; [[ $__omg_status == ok* ]] && cat; })"}
      ;;
    daemon) compadd -- start stop status ;;
    aur) (( CURRENT == 3 )) && compadd -- search info install upgrade index ;;
    list) compadd -- --installed --upgradable --orphans --json ;;
  esac
}
if (( $+functions[compdef] )); then compdef _omg omg; fi
