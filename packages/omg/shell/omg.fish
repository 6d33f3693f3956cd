# omg shell integration for fish, printed by `omg activate fish`. Add to ~/.config/fish/config.fish:
#   omg activate fish | source
# `omg search` talks to omgd over its Unix socket through nc -U, socat or perl, without Node.
set -g __omg_socket @OMG_SOCKET@
set -g __omg_root @OMG_ROOT@
set -g __omg_client @OMG_CLIENT@
set -g __omg_bin @OMG_BIN@
set -g __omg_dbpath @OMG_DBPATH@

function __omg_escape
    set -l s (string replace -a '\\' '\\\\' -- $argv[1])
    set s (string replace -a '"' '\\"' -- $s)
    set s (string replace -a \t '\\t' -- $s)
    printf '"%s"' $s
end

function __omg_send
    switch $__omg_client
        case nc
            printf '%s\n' $argv[1] | nc -U $__omg_socket 2>/dev/null
        case socat
            printf '%s\n' $argv[1] | socat -t 10 - UNIX-CONNECT:$__omg_socket 2>/dev/null
        case perl
            perl -MIO::Socket::UNIX -e '$s=IO::Socket::UNIX->new(Peer=>$ARGV[0]) or exit 1; print $s "$ARGV[1]\n"; print while <$s>' $__omg_socket $argv[1] 2>/dev/null
        case '*'
            return 1
    end
end

# Answers `omg search` from the daemon; returns 200 when the daemon cannot answer.
function __omg_search
    set -l names false
    set -l regex false
    set -l format text
    set -l terms
    for arg in $argv
        switch $arg
            case -n --names-only
                set names true
            case -r --regex
                set regex true
            case --json
                set format json
            case '-*'
                return 200
            case '*'
                set -a terms (__omg_escape $arg)
        end
    end
    test (count $terms) -gt 0; or return 200
    # The socket client writes the results straight to stdout; omgd writes the status line
    # ("ok <count>" or "error <CODE> <message>", then a hint) to <name>.status beside its socket first.
    set -l name omg-$fish_pid
    set -l socket_dir (string replace -r '/[^/]*$' '' -- $__omg_socket)
    # fish warns about a failed redirection even with 2>/dev/null: check first.
    test -w $socket_dir; or return 200
    set -l status_file $socket_dir/$name.status
    printf '' >$status_file; or return 200
    __omg_send "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"search\",\"params\":{\"terms\":["(string join , -- $terms)"],\"namesOnly\":$names,\"regex\":$regex,\"raw\":true,\"format\":\"$format\",\"statusFile\":\"$name\"}}"
    set -l lines
    while read -l line
        set -a lines $line
    end <$status_file
    switch "$lines[1]"
        case 'ok 0'
            return 1
        case 'ok*'
            return 0
        case 'error DAEMON_OUTDATED*'
            # omgd is older than the omg on disk and stops: the Node CLI answers (and says so).
            return 200
        case 'error INVALID*'
            printf 'omg: %s\n' (string replace -r '^error \S+ ' '' -- $lines[1]) $lines[2..-1] >&2
            return 2
        case 'error*'
            printf 'omg: %s\n' (string replace -r '^error \S+ ' '' -- $lines[1]) $lines[2..-1] >&2
            return 1
    end
    return 200
end

function omg
    # Only a socket in a directory of our own (see omg-functions.sh).
    if test "$argv[1]" = search; and test -S $__omg_socket; and test -O (string replace -r '/[^/]*$' '' -- $__omg_socket); and test (set -q OMG_ROOT; and echo $OMG_ROOT; or echo /) = $__omg_root
        __omg_search $argv[2..-1]
        set -l code $status
        test $code -ne 200; and return $code
    end
    if contains -- "$argv[1]" search info list; and test -n "$__omg_dbpath"
        $__omg_bin $argv --dbpath $__omg_dbpath
    else
        $__omg_bin $argv
    end
end

function __omg_complete_names
    set -l current (commandline -ct)
    test -S $__omg_socket; and test -O (string replace -r '/[^/]*$' '' -- $__omg_socket); or return
    __omg_send "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"complete\",\"params\":{\"prefix\":"(__omg_escape $current)",\"raw\":true,\"format\":\"lines\"}}" | tail -n +2
end

complete -c omg -f
complete -c omg -n __fish_use_subcommand -a 'search info list install remove update groups daemon activate index aur'
complete -c omg -n '__fish_seen_subcommand_from info install remove' -a '(__omg_complete_names)'
complete -c omg -n '__fish_seen_subcommand_from daemon' -a 'start stop status'
complete -c omg -n '__fish_seen_subcommand_from aur; and not __fish_seen_subcommand_from search info install upgrade index' -a 'search info install upgrade index'
complete -c omg -n '__fish_seen_subcommand_from list' -a '--installed --upgradable --orphans --json'
