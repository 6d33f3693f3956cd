# omg shell integration for bash, printed by `omg activate bash`. Add to ~/.bashrc:
#   eval "$(omg activate bash)"
@OMG_FUNCTIONS@
__omg_complete() {
  local current=${COMP_WORDS[COMP_CWORD]} command=${COMP_WORDS[1]}
  if (( COMP_CWORD == 1 )); then
    COMPREPLY=($(compgen -W 'search info list install remove update groups daemon activate index aur' -- "$current"))
    return
  fi
  case $command in
    info|install|remove)
      [[ $current == -* || ! -S $__omg_socket || ! -O ${__omg_socket%/*} ]] && return
      __omg_escape "$current"
      COMPREPLY=($(__omg_send "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"complete\",\"params\":{\"prefix\":$REPLY,\"raw\":true,\"format\":\"lines\"}}" | { IFS= read -r __omg_status; [[ $__omg_status == ok* ]] && cat; }))
      ;;
    daemon) COMPREPLY=($(compgen -W 'start stop status' -- "$current")) ;;
    aur) (( COMP_CWORD == 2 )) && COMPREPLY=($(compgen -W 'search info install upgrade index' -- "$current")) ;;
    list) COMPREPLY=($(compgen -W '--installed --upgradable --orphans --json' -- "$current")) ;;
  esac
}
complete -F __omg_complete omg
