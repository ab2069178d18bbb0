# bash completion for tcpsim: subcommands, each subcommand's options (read
# from its own --help, so they never drift), profile names, scenario files,
# and the file kinds each output option wants.
#
# Installed by `make install` where bash-completion looks for it
# ($(datadir)/bash-completion/completions/tcpsim).

_tcpsim_options ()
{
  # Every long option that `tcpsim SUB --help` lists.
  "$1" "$2" --help 2>/dev/null | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p'
}

_tcpsim_profiles ()
{
  "$1" profiles --help 2>/dev/null | sed -n 's/^Profiles: \(.*\)\.$/\1/p' | tr -d ','
}

_tcpsim ()
{
  local cur prev words cword
  _init_completion -s || return

  local prog=${words[0]} sub="" i
  for ((i = 1; i < cword; i++)); do
    case "${words[i]}" in
      -*) ;;
      *) sub=${words[i]}; break ;;
    esac
  done

  if [[ -z $sub ]]; then
    COMPREPLY=($(compgen -W "run check plot sweep model profiles packetdrill help --help --version" -- "$cur"))
    return
  fi

  if [[ $sub == packetdrill ]]; then
    case "$prev" in
      --profile|-P) COMPREPLY=($(compgen -W "$(_tcpsim_profiles "$prog")" -- "$cur")); return ;;
      --trace|-t) _filedir tsv; return ;;
      --pcap|-p) _filedir pcap; return ;;
      --log|-l) _filedir txt; return ;;
      --tolerance|--tolerance_usecs|--define|-D|--seed|-s) return ;;
    esac
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$(_tcpsim_options "$prog" "$sub")" -- "$cur"))
    else
      _filedir pkt
    fi
    return
  fi

  case "$prev" in
    --trace|-t) _filedir '@(tsv|jsonl)'; return ;;
    --pcap|-p) _filedir '@(pcap|pcapng)'; return ;;
    --capture) COMPREPLY=($(compgen -W "sender receiver both" -- "$cur")); return ;;
    --log|-l) _filedir txt; return ;;
    --timeline|-T|--plot|--cdf|--states|--seqplot|--overview) _filedir '@(png|svg|pdf)'; return ;;
    --out|-o|--samples|--model-cdf|--summary) _filedir csv; return ;;
    --db) _filedir '@(sqlite|db)'; return ;;
    --define|-D|--vary|-v|--seed|-s|--runs|-r|--jobs|-j|--replication|-R|--max-events|--max-time|\
    --max-same-instant|--precision|--max-runs|--block|--format|--seqplot-conn|--title)
      return ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_tcpsim_options "$prog" "$sub")" -- "$cur"))
    return
  fi
  case "$sub" in
    profiles) COMPREPLY=($(compgen -W "$(_tcpsim_profiles "$prog")" -- "$cur")) ;;
    plot) _filedir tsv ;;
    *) _filedir scn ;;
  esac
} && complete -F _tcpsim tcpsim
