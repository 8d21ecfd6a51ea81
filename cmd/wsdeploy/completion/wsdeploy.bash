# bash completion for wsdeploy; load with: source <(wsdeploy completion bash)
# Adapted from urfave/cli v2's autocomplete/bash_autocomplete: the binary
# itself lists the candidates when called with --generate-bash-completion.

# bash-completion's _init_completion is missing on some systems (macOS's
# bash 3); this is the minimal part of it that is needed.
_wsdeploy_init_completion() {
  COMPREPLY=()
  _get_comp_words_by_ref "$@" cur prev words cword
}

_wsdeploy_complete() {
  local cur words cword requestComp opts
  COMPREPLY=()
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion -n "=:" || return
  elif declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    _wsdeploy_init_completion -n "=:" || return
  else
    cur="${COMP_WORDS[COMP_CWORD]}"
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
  words=("${words[@]:0:$cword}")
  if [[ "$cur" == "-"* ]]; then
    requestComp="${words[*]} ${cur} --generate-bash-completion"
  else
    requestComp="${words[*]} --generate-bash-completion"
  fi
  opts=$(eval "${requestComp}" 2>/dev/null)
  COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
  return 0
}

complete -o bashdefault -o default -o nospace -F _wsdeploy_complete wsdeploy
