#compdef wsdeploy
# zsh completion for wsdeploy; load with: source <(wsdeploy completion zsh)
# (after compinit). Adapted from urfave/cli v2's autocomplete/zsh_autocomplete:
# the binary itself lists the candidates when called with
# --generate-bash-completion.

_wsdeploy() {
  local -a opts
  local cur
  cur=${words[-1]}
  if [[ "$cur" == "-"* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion)}")
  fi

  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}

compdef _wsdeploy wsdeploy
