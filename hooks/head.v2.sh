# >>> jopt hook v2 component={component} tag={tag} dir={overrides_dir} >>>
# Added by jopt; `jopt uninstall {component}` removes it. Without {overrides_dir}/hook/v2.sh this script runs as shipped.
JOPT_OPTIONS=
if [ -r '{overrides_dir}/hook/v2.sh' ]; then JOPT_COMPONENT={component} JOPT_TAG={tag}; command . '{overrides_dir}/hook/v2.sh' </dev/null; fi
# <<< jopt hook v2 <<<
